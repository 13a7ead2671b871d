/// The result of running the rules over one file.
public struct Evaluation: Sendable {
  /// Findings in report order (artifact, members, offset, rule id).
  public var findings: [Finding]
  /// Findings silenced by a `suppress` declaration, with the reason.
  public var suppressed: [SuppressedFinding]
  /// `malicious`, `suspicious`, `safe` or `error`.
  public var verdict: Verdict
  /// 0 (nothing found) to 100; consistent with the verdict (see ``RiskScore``).
  public var riskScore: Int
  /// Whether everything was analysed.
  public var coverage: CoverageStatus
  /// The policy version that produced it.
  public var policyVersion: String

  /// An evaluation.
  public init(
    findings: [Finding],
    suppressed: [SuppressedFinding],
    verdict: Verdict,
    riskScore: Int,
    coverage: CoverageStatus,
    policyVersion: String
  ) {
    self.findings = findings
    self.suppressed = suppressed
    self.verdict = verdict
    self.riskScore = riskScore
    self.coverage = coverage
    self.policyVersion = policyVersion
  }
}

/// A finding a project suppressed, and why.
public struct SuppressedFinding: Sendable, Hashable {
  /// The finding.
  public var finding: Finding
  /// The suppression's reason.
  public var reason: String
  /// Where the suppression is declared (`project.rules:3`).
  public var origin: String

  /// A suppressed finding.
  public init(finding: Finding, reason: String, origin: String) {
    self.finding = finding
    self.reason = reason
    self.origin = origin
  }
}

/// Whether the analysis saw every byte, separate from the verdict.
public enum CoverageStatus: Sendable, Hashable {
  /// Every stream was analysed to its end.
  case complete
  /// Something was not analysed; the reasons name where and why.
  case incomplete([String])

  /// True for `.complete`.
  public var isComplete: Bool { self == .complete }
}
