/// What a batch needs from a scanner: a report per file and the rules behind its findings.
public protocol FileScanning: Sendable {
  /// The rule policy's version, printed in every report.
  var policyVersion: String { get }
  /// Scans the file at `path`; never throws: an unreadable file is an `error` report.
  func scan(path: String) -> FileReport
  /// Scans bytes read from standard input, reported under `name`.
  func scan(bytes: [UInt8], name: String) -> FileReport
  /// The documentation of rule `id`, for reports that explain findings.
  func ruleDoc(_ id: String) -> RuleDoc?
}

/// When the exit status says "failed": the lowest verdict that counts.
public enum FailThreshold: String, Sendable, CaseIterable {
  /// Suspicious or malicious files fail the run (default).
  case suspicious
  /// Only malicious files fail the run.
  case malicious
  /// No verdict fails the run; only errors give status 2.
  case never
}

/// The one place that maps results to the exit status (ClamAV style).
public enum ExitStatus {
  /// Every file safe and fully analysed.
  public static let clean: Int32 = 0
  /// A verdict at or above the threshold, whatever else happened.
  public static let found: Int32 = 1
  /// Nothing at or above the threshold, but a file could not be read or was only partly analysed.
  public static let incomplete: Int32 = 2
  /// Bad command line.
  public static let usage: Int32 = 64

  /// The status for a run with these verdict counts.
  ///
  /// - Parameters:
  ///   - verdicts: Every file's verdict.
  ///   - anyIncomplete: True when some file was only partly analysed.
  ///   - threshold: The `--fail-on` setting.
  /// - Returns: 1 when a verdict reaches the threshold (a finding is never masked by an error),
  ///   else 2 when anything could not be read or analysed fully, else 0.
  public static func of(
    verdicts: [Verdict],
    anyIncomplete: Bool,
    threshold: FailThreshold
  ) -> Int32 {
    let failing: Set<Verdict> =
      switch threshold {
      case .suspicious: [.suspicious, .malicious]
      case .malicious: [.malicious]
      case .never: []
      }
    if verdicts.contains(where: failing.contains) { return found }
    if anyIncomplete || verdicts.contains(.error) { return incomplete }
    return clean
  }
}
