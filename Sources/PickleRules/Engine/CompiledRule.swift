/// A rule ready to run: its documentation, subject and compiled condition.
struct CompiledRule: Sendable {
  var info: RuleInfo
  var condition: Condition
  /// The `message` template, split into literal text and `{field}` placeholders.
  var message: [MessagePart]?
  /// Anomaly kinds the condition names, for the `known` flag of other rules.
  var namedKinds: [Glob]
  /// Where the rule is declared, for duplicate-id diagnostics.
  var anchor: SourceAnchor
}

/// A piece of a `message` template.
enum MessagePart: Sendable, Hashable {
  case literal(String)
  case field(String)
}

/// One compiled `allow` entry.
struct CompiledAllow: Sendable {
  var profile: String
  var use: AllowUse
  var patterns: PatternList
  var condition: Condition?
}

/// One compiled `suppress` declaration.
struct CompiledSuppression: Sendable {
  var suppression: Suppression
  var path: Glob?
}

/// A place in a rule file kept after parsing, to report problems found when files combine.
struct SourceAnchor: Sendable, Hashable {
  var file: String
  var span: SourceSpan
  var line: String

  func diagnostic(_ level: Diagnostic.Level, _ message: String) -> Diagnostic {
    Diagnostic(
      file: file,
      position: span.start,
      length: span.end.line == span.start.line ? span.end.column - span.start.column : 1,
      level: level,
      message: message,
      sourceLine: line
    )
  }
}
