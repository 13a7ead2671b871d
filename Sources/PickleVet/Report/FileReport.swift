import PickleRules

/// The scan result for one file: verdict, findings and what was inside.
public struct FileReport: Sendable {
  /// The path as given (or found under a given directory).
  public var path: String
  /// File size in bytes, when it could be read.
  public var size: Int?
  /// SHA-256 of the content, when it could be read.
  public var sha256: String?
  /// Detected formats from the outside in (`gzip`, `tar`, `torch-zip`).
  public var formats: [String]
  /// The verdict.
  public var verdict: Verdict
  /// 0–100.
  public var riskScore: Int
  /// Whether every part of the file was analysed.
  public var coverage: ReportCoverage
  /// Findings in report order.
  public var findings: [Finding]
  /// The pickle streams found.
  public var streams: [StreamReport]
  /// Why the file could not be read at all (`error` verdict), if so.
  public var error: String?

  /// A report.
  public init(
    path: String,
    size: Int? = nil,
    sha256: String? = nil,
    formats: [String] = [],
    verdict: Verdict,
    riskScore: Int = 0,
    coverage: ReportCoverage = .init(),
    findings: [Finding] = [],
    streams: [StreamReport] = [],
    error: String? = nil
  ) {
    self.path = path
    self.size = size
    self.sha256 = sha256
    self.formats = formats
    self.verdict = verdict
    self.riskScore = riskScore
    self.coverage = coverage
    self.findings = findings
    self.streams = streams
    self.error = error
  }

  /// A report for a file that could not be read.
  public static func unreadable(_ path: String, _ reason: String) -> FileReport {
    FileReport(
      path: path,
      verdict: .error,
      coverage: ReportCoverage(complete: false, reasons: [reason]),
      error: reason
    )
  }
}

/// Whether the whole file was analysed.
public struct ReportCoverage: Sendable, Hashable {
  /// True when nothing was skipped or cut short.
  public var complete: Bool
  /// Why not, when incomplete.
  public var reasons: [String]

  /// Coverage; complete by default.
  public init(complete: Bool = true, reasons: [String] = []) {
    self.complete = complete
    self.reasons = reasons
  }
}

/// One pickle stream found in a file.
public struct StreamReport: Sendable, Hashable {
  /// Container members from the outside in; empty for a plain pickle file.
  public var members: [String]
  /// Offset of the stream in the innermost member.
  public var offset: Int
  /// The container's name for it (`pickle`, `torch-zip-pickle`, `joblib`).
  public var kind: String
  /// Pickles in the stream.
  public var pickles: Int
  /// Protocol declared by the first pickle.
  public var proto: Int
  /// Opcodes analysed.
  public var opcodes: Int
  /// Calls in its call graph.
  public var calls: Int

  /// A stream summary.
  public init(
    members: [String],
    offset: Int,
    kind: String,
    pickles: Int,
    proto: Int,
    opcodes: Int,
    calls: Int
  ) {
    self.members = members
    self.offset = offset
    self.kind = kind
    self.pickles = pickles
    self.proto = proto
    self.opcodes = opcodes
    self.calls = calls
  }
}

/// What a report needs to know about a rule to explain it.
public struct RuleDoc: Sendable, Hashable {
  /// `PKL201`.
  public var id: String
  /// `dangerous-module-import`.
  public var name: String
  /// One line.
  public var summary: String
  /// The paragraph.
  public var why: String
  /// Where to read more.
  public var helpURI: String
  /// Default severity.
  public var severity: Severity

  /// A rule description.
  public init(
    id: String,
    name: String,
    summary: String,
    why: String,
    helpURI: String,
    severity: Severity
  ) {
    self.id = id
    self.name = name
    self.summary = summary
    self.why = why
    self.helpURI = helpURI
    self.severity = severity
  }
}

/// The tool's identity, printed in every report.
public enum ToolInfo {
  /// PickleVet's version.
  public static let version = "0.1.0"
  /// Where the tool is documented.
  public static let informationURI = "https://github.com/picklevet/picklevet"
  /// The version of the JSON report schema.
  public static let reportSchema = "picklevet-report/1"
}
