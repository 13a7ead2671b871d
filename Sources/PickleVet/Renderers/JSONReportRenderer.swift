/// The JSON and JSON Lines reports (schema `picklevet-report/1`, documented in the README).
public enum JSONReportRenderer {
  /// One file's object, as written on its own line by `--format jsonl`.
  public static func fileObject(_ report: FileReport, policyVersion: String) -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("path", .string(report.path)),
      ("verdict", .string(report.verdict.rawValue)),
      ("risk_score", .int(report.riskScore)),
      ("policy_version", .string(policyVersion)),
      ("size", report.size.map(JSONValue.int) ?? .null),
      ("sha256", report.sha256.map(JSONValue.string) ?? .null),
      ("formats", .array(report.formats.map(JSONValue.string))),
      (
        "coverage",
        .object([
          ("complete", .bool(report.coverage.complete)),
          ("reasons", .array(report.coverage.reasons.map(JSONValue.string))),
        ])
      ),
      ("findings", .array(report.findings.map(finding))),
      ("streams", .array(report.streams.map(stream))),
    ]
    if let error = report.error { members.append(("error", .string(error))) }
    return .object(members)
  }

  /// The whole report: tool, policy, files, summary.
  public static func document(_ reports: [FileReport], policyVersion: String) -> JSONValue {
    .object([
      ("schema", .string(ToolInfo.reportSchema)),
      ("tool", .object([("name", .string("picklevet")), ("version", .string(ToolInfo.version))])),
      ("policy_version", .string(policyVersion)),
      ("files", .array(reports.map { fileObject($0, policyVersion: policyVersion) })),
      ("summary", summary(reports)),
    ])
  }

  /// Verdict counts.
  public static func summary(_ reports: [FileReport]) -> JSONValue {
    .object(
      [("files", .int(reports.count))]
        + Verdict.allCases.map { verdict in
          (verdict.rawValue, .int(reports.filter { $0.verdict == verdict }.count))
        }
    )
  }

  static func finding(_ finding: Finding) -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("rule", .string(finding.rule)),
      ("name", .string(finding.name)),
      ("severity", .string(finding.severity.description)),
      ("confidence", .string(finding.confidence.description)),
      ("message", .string(finding.message)),
      ("location", location(finding.location)),
    ]
    if let call = finding.call { members.append(("call", .string(call))) }
    if !finding.related.isEmpty {
      members.append(("related", .array(finding.related.map(location))))
    }
    return .object(members)
  }

  static func location(_ location: Location) -> JSONValue {
    .object([
      ("members", .array(location.members.map(JSONValue.string))),
      ("offset", location.byteOffset.map(JSONValue.int) ?? .null),
      ("length", location.byteLength.map(JSONValue.int) ?? .null),
    ])
  }

  static func stream(_ stream: StreamReport) -> JSONValue {
    .object([
      ("members", .array(stream.members.map(JSONValue.string))),
      ("offset", .int(stream.offset)),
      ("kind", .string(stream.kind)),
      ("pickles", .int(stream.pickles)),
      ("protocol", .int(stream.proto)),
      ("opcodes", .int(stream.opcodes)),
      ("calls", .int(stream.calls)),
    ])
  }
}
