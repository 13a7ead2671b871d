/// SARIF 2.1.0 for code-scanning dashboards: one run, the rules that fired, byte regions, and
/// container members as nested artifacts.
public enum SARIFRenderer {
  /// The SARIF log of `reports`.
  ///
  /// - Parameters:
  ///   - reports: The files, in output order.
  ///   - rules: Looks up a rule's documentation by id.
  ///   - policyVersion: The rule policy's version.
  /// - Returns: The SARIF document, indented.
  public static func render(
    _ reports: [FileReport],
    rules: (String) -> RuleDoc?,
    policyVersion: String
  ) -> String {
    let firedIDs = Set(reports.flatMap { $0.findings.map(\.rule) }).sorted()
    let ruleIndex = Dictionary(uniqueKeysWithValues: firedIDs.enumerated().map { ($1, $0) })
    var artifacts: [JSONValue] = []
    var artifactIndex: [[String]: Int] = [:]

    func index(of path: String, members: [String]) -> Int {
      let key = [path] + members
      if let known = artifactIndex[key] { return known }
      let parent = members.isEmpty ? nil : index(of: path, members: Array(members.dropLast()))
      var entry: [(String, JSONValue)] = [
        ("location", .object([("uri", .string(uri(members.last ?? path)))]))
      ]
      if let parent { entry.append(("parentIndex", .int(parent))) }
      if members.isEmpty, let size = reports.first(where: { $0.path == path })?.size {
        entry.append(("length", .int(size)))
      }
      artifacts.append(.object(entry))
      artifactIndex[key] = artifacts.count - 1
      return artifacts.count - 1
    }

    func physical(_ location: Location, path: String) -> JSONValue {
      let artifact = index(of: path, members: location.members)
      var members: [(String, JSONValue)] = [
        (
          "artifactLocation",
          .object([
            ("uri", .string(uri(location.members.last ?? path))), ("index", .int(artifact)),
          ])
        )
      ]
      if let offset = location.byteOffset {
        members.append(
          (
            "region",
            .object([
              ("byteOffset", .int(offset)), ("byteLength", .int(max(1, location.byteLength ?? 1))),
            ])
          )
        )
      }
      return .object([("physicalLocation", .object(members))])
    }

    var results: [JSONValue] = []
    var notifications: [JSONValue] = []
    for report in reports {
      _ = index(of: report.path, members: [])
      if let error = report.error {
        notifications.append(
          .object([
            ("level", .string("error")),
            ("message", .object([("text", .string("\(report.path): \(error)"))])),
          ])
        )
      }
      for finding in report.findings {
        var properties: [(String, JSONValue)] = [
          ("severity", .string(finding.severity.description)),
          ("confidence", .string(finding.confidence.description)),
          ("verdict", .string(report.verdict.rawValue)),
        ]
        if let call = finding.call { properties.append(("call", .string(call))) }
        var result: [(String, JSONValue)] = [
          ("ruleId", .string(finding.rule)),
          ("ruleIndex", .int(ruleIndex[finding.rule] ?? 0)),
          ("level", .string(level(finding.severity))),
          ("message", .object([("text", .string(message(finding)))])),
          ("locations", .array([physical(finding.location, path: report.path)])),
        ]
        if !finding.related.isEmpty {
          result.append(
            (
              "relatedLocations",
              .array(
                finding.related.enumerated().map { number, location in
                  guard case .object(var members) = physical(location, path: report.path) else {
                    return .null
                  }
                  members.insert(("id", .int(number + 1)), at: 0)
                  return .object(members)
                }
              )
            )
          )
        }
        result.append(("properties", .object(properties)))
        results.append(.object(result))
      }
    }

    let ruleEntries: [JSONValue] = firedIDs.map { id in
      let doc = rules(id)
      var entry: [(String, JSONValue)] = [("id", .string(id))]
      if let doc {
        entry += [
          ("name", .string(doc.name)),
          ("shortDescription", .object([("text", .string(doc.summary))])),
          (
            "fullDescription", .object([("text", .string(doc.why.isEmpty ? doc.summary : doc.why))])
          ),
          ("helpUri", .string(doc.helpURI)),
          ("defaultConfiguration", .object([("level", .string(level(doc.severity)))])),
          (
            "properties",
            .object([
              ("tags", .array([.string("security")])),
              ("security-severity", .string(securitySeverity(doc.severity))),
            ])
          ),
        ]
      }
      return .object(entry)
    }

    let run: JSONValue = .object([
      (
        "tool",
        .object([
          (
            "driver",
            .object([
              ("name", .string("PickleVet")),
              ("version", .string(ToolInfo.version)),
              ("informationUri", .string(ToolInfo.informationURI)),
              ("rules", .array(ruleEntries)),
            ])
          )
        ])
      ),
      (
        "invocations",
        .array([
          .object([
            ("executionSuccessful", .bool(notifications.isEmpty)),
            ("toolExecutionNotifications", .array(notifications)),
          ])
        ])
      ),
      ("artifacts", .array(artifacts)),
      ("results", .array(results)),
      ("properties", .object([("policyVersion", .string(policyVersion))])),
    ])
    let log: JSONValue = .object([
      ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
      ("version", .string("2.1.0")),
      ("runs", .array([run])),
    ])
    return log.pretty
  }

  /// SARIF levels: critical/high → error, medium → warning, low/info → note.
  static func level(_ severity: Severity) -> String {
    switch severity {
    case .critical, .high: "error"
    case .medium: "warning"
    case .low, .info: "note"
    }
  }

  /// The numeric score GitHub code scanning reads from `security-severity`.
  static func securitySeverity(_ severity: Severity) -> String {
    switch severity {
    case .critical: "9.5"
    case .high: "8.0"
    case .medium: "5.0"
    case .low: "3.0"
    case .info: "0.0"
    }
  }

  static func message(_ finding: Finding) -> String {
    guard let call = finding.call else { return finding.message }
    return finding.message + ": " + call
  }

  /// A relative URI reference: path segments percent-encoded where RFC 3986 requires it.
  static func uri(_ path: String) -> String {
    var out = ""
    for byte in path.utf8 {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
        UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
        out.unicodeScalars.append(Unicode.Scalar(byte))
      default:
        let hex = String(byte, radix: 16, uppercase: true)
        out += "%" + (hex.count == 1 ? "0" : "") + hex
      }
    }
    return out
  }
}
