/// The verdict and the 0–100 risk score of a set of findings.
///
/// Each finding weighs its severity (critical 0.95, high 0.8, medium 0.35, low 0.1, info 0)
/// times its confidence (high 1, medium 0.85, low 0.7); the score is
/// `100 × (1 − Π(1 − weight))`, then held inside the verdict's band so the two never disagree:
/// malicious 70–100, suspicious 30–69, safe and error 0–29.
public enum RiskScore {
  /// The verdict: `malicious` for any high or critical finding, `suspicious` for any medium
  /// one, else `error` when the file could not be read, else `safe`.
  ///
  /// - Parameters:
  ///   - findings: The findings (suppressed ones excluded).
  ///   - readError: True when the input could not be read.
  /// - Returns: The verdict.
  public static func verdict(_ findings: [Finding], readError: Bool) -> Verdict {
    let worst = findings.map(\.severity).max()
    if let worst, worst >= .high { return .malicious }
    if let worst, worst >= .medium { return .suspicious }
    return readError ? .error : .safe
  }

  /// The score of `findings` within the band of `verdict`.
  ///
  /// - Parameters:
  ///   - findings: The findings.
  ///   - verdict: Their verdict.
  /// - Returns: 0 to 100.
  public static func score(_ findings: [Finding], verdict: Verdict) -> Int {
    var clean = 1.0
    for finding in findings { clean *= 1 - weight(finding) }
    let raw = Int((100 * (1 - clean)).rounded())
    let band: ClosedRange<Int> =
      switch verdict {
      case .malicious: 70...100
      case .suspicious: 30...69
      case .safe, .error: 0...29
      }
    return Swift.min(band.upperBound, Swift.max(band.lowerBound, raw))
  }

  static func weight(_ finding: Finding) -> Double {
    let severity =
      switch finding.severity {
      case .critical: 0.95
      case .high: 0.8
      case .medium: 0.35
      case .low: 0.1
      case .info: 0.0
      }
    let confidence =
      switch finding.confidence {
      case .high: 1.0
      case .medium: 0.85
      case .low: 0.7
      }
    return severity * confidence
  }
}
