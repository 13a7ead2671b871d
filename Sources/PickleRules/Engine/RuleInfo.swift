/// The documentation and classification of one rule, as `rules list` and reports show it.
public struct RuleInfo: Sendable, Hashable {
  /// The permanent id (`PKL201`).
  public var id: String
  /// The kebab-case name (`dangerous-module-import`).
  public var name: String
  /// Impact when it fires.
  public var severity: Severity
  /// How sure a match is.
  public var confidence: Confidence
  /// One line on what it finds.
  public var summary: String
  /// Why it matters, a paragraph.
  public var why: String
  /// CVEs, advisories, documentation.
  public var references: [String]
  /// Where the rule is documented (the policy's documentation address plus an anchor).
  public var helpURI: String
  /// What the rule matches (`global`, `call`, `anomaly`, …).
  public var subject: Subject
  /// True when the rule only reports what no other rule explains (the allowlist catch-alls).
  public var isFallback: Bool
  /// The rule file it comes from.
  public var file: String
  /// The `match` clause as written.
  public var match: String

  /// A rule's documentation.
  public init(
    id: String,
    name: String,
    severity: Severity,
    confidence: Confidence,
    summary: String,
    why: String,
    references: [String],
    helpURI: String,
    subject: Subject,
    isFallback: Bool,
    file: String,
    match: String
  ) {
    self.id = id
    self.name = name
    self.severity = severity
    self.confidence = confidence
    self.summary = summary
    self.why = why
    self.references = references
    self.helpURI = helpURI
    self.subject = subject
    self.isFallback = isFallback
    self.file = file
    self.match = match
  }

  /// The family the hundreds digit names (`imports` for PKL2xx).
  public var family: String { RuleInfo.family(of: id) }

  /// The family of `id`, by its hundreds digit.
  public static func family(of id: String) -> String {
    let digits = id.unicodeScalars.filter { $0 >= "0" && $0 <= "9" }
    guard digits.count == 3, let first = digits.first else { return "custom" }
    switch first {
    case "0": return "structure"
    case "1": return "limits"
    case "2": return "imports"
    case "3": return "calls"
    case "4": return "containers"
    case "5": return "evasion"
    case "9": return "analyzer"
    default: return "custom"
    }
  }
}

/// A named allowlist: what plain data of one library or format looks like.
public struct Profile: Sendable {
  /// The kebab-case name (`pytorch`).
  public var name: String
  /// One line on what it covers.
  public var summary: String
  /// The entries, in file order.
  public var entries: [AllowEntryInfo]
  /// The rule file it comes from.
  public var file: String

  /// A profile.
  public init(name: String, summary: String, entries: [AllowEntryInfo], file: String) {
    self.name = name
    self.summary = summary
    self.entries = entries
    self.file = file
  }
}

/// How an allowlisted name may be used.
public enum AllowUse: String, Sendable, Hashable, CaseIterable {
  /// Created without calling it (`NEWOBJ`, the class of `copyreg._reconstructor`), given state
  /// by `BUILD`, or referenced.
  case `class`
  /// Called (`REDUCE`, `OBJ`, `INST`, `NEWOBJ`), within the entry's argument constraints, or referenced.
  case call
  /// Only referenced (stored as a value, never called).
  case reference
}

/// One `allow` entry of a profile.
public struct AllowEntryInfo: Sendable {
  /// How the names may be used.
  public var use: AllowUse
  /// The name patterns (`torch._utils._rebuild_*`).
  public var patterns: [String]
  /// The argument constraint as written, if any.
  public var condition: String?
  /// Why this is safe, one line.
  public var reason: String

  /// An entry.
  public init(use: AllowUse, patterns: [String], condition: String?, reason: String) {
    self.use = use
    self.patterns = patterns
    self.condition = condition
    self.reason = reason
  }
}

/// A project's decision to silence a rule for some paths, with its reason.
public struct Suppression: Sendable, Hashable {
  /// A rule id or prefix (`PKL301`, `PKL3`).
  public var rule: String
  /// A glob over `artifact/member/…` (`*` crosses `/`), or `nil` for everywhere.
  public var path: String?
  /// Why, as written.
  public var reason: String
  /// The rule file and line it comes from (`project.rules:3`).
  public var origin: String

  /// A suppression.
  public init(rule: String, path: String?, reason: String, origin: String) {
    self.rule = rule
    self.path = path
    self.reason = reason
    self.origin = origin
  }
}
