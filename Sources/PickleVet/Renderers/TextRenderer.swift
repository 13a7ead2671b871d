/// The terminal report: per file its verdict, then each finding with the call it concerns, its
/// location and a short why; a summary table at the end.
public struct TextRenderer: Sendable {
  /// Use ANSI colours (on a TTY, unless `NO_COLOR` is set).
  public var color: Bool

  /// A renderer.
  public init(color: Bool) { self.color = color }

  /// The block for one file.
  public func render(_ report: FileReport, rules: (String) -> RuleDoc?) -> String {
    var out = paint(verdictLabel(report.verdict), verdictColor(report.verdict)) + "  "
    out += report.path
    if report.verdict != .error { out += "  (risk \(report.riskScore))" }
    out += "\n"
    if let error = report.error { out += "    error: \(error)\n" }
    if !report.formats.isEmpty, report.formats != ["pickle"] {
      out += "    format: " + report.formats.joined(separator: " › ") + "\n"
    }
    for finding in report.findings {
      let severity = paint(pad(finding.severity.description, 8), severityColor(finding.severity))
      out += "    \(finding.rule) \(severity) \(finding.call ?? finding.message)\n"
      var place = finding.location.members.joined(separator: " › ")
      if let offset = finding.location.byteOffset {
        place += (place.isEmpty ? "" : " ") + "@ " + hexOffset(offset)
      }
      let why = rules(finding.rule)?.summary ?? finding.name
      let detail = finding.call == nil ? why : finding.message
      out += "        " + paint((place.isEmpty ? "" : place + " — ") + detail, "2") + "\n"
    }
    if !report.coverage.complete, report.error == nil {
      out += "    incomplete: " + report.coverage.reasons.joined(separator: "; ") + "\n"
    }
    return out
  }

  /// The closing table: files per verdict and bytes scanned.
  public func summary(_ tally: Tally) -> String {
    var out = "\n"
    out += pad("verdict", 12) + "files\n"
    for verdict in [Verdict.malicious, .suspicious, .safe, .error] {
      let count = tally.files(with: verdict)
      out += paint(pad(verdict.rawValue, 12), count > 0 ? verdictColor(verdict) : "") + "\(count)\n"
    }
    out += pad("total", 12) + "\(tally.files) (\(byteCount(tally.bytes)))\n"
    return out
  }

  func verdictLabel(_ verdict: Verdict) -> String { pad(verdict.rawValue.uppercased(), 10) }

  func verdictColor(_ verdict: Verdict) -> String {
    switch verdict {
    case .malicious: "1;31"
    case .suspicious: "1;33"
    case .safe: "32"
    case .error: "1;35"
    }
  }

  func severityColor(_ severity: Severity) -> String {
    switch severity {
    case .critical, .high: "31"
    case .medium: "33"
    case .low, .info: "36"
    }
  }

  func paint(_ text: String, _ code: String) -> String {
    guard color, !code.isEmpty else { return text }
    return "\u{1B}[\(code)m\(text)\u{1B}[0m"
  }

  func pad(_ text: String, _ width: Int) -> String {
    text + String(repeating: " ", count: max(0, width - text.count))
  }

  func hexOffset(_ offset: Int) -> String { "0x" + String(offset, radix: 16) }
}

/// `1.5 MiB`-style sizes.
func byteCount(_ bytes: Int) -> String {
  let units = ["B", "KiB", "MiB", "GiB", "TiB"]
  var value = Double(bytes)
  var unit = 0
  while value >= 1024, unit < units.count - 1 {
    value /= 1024
    unit += 1
  }
  if unit == 0 { return "\(bytes) B" }
  let tenths = Int((value * 10).rounded())
  return "\(tenths / 10).\(tenths % 10) \(units[unit])"
}
