/// A rule ready to run: its documentation, subject and compiled condition.
///
/// A class: the engine passes rules around per subject, and one reference is cheaper to copy
/// than the documentation strings.
final class CompiledRule: Sendable {
  let info: RuleInfo
  let condition: Condition
  /// The `message` template, split into literal text and `{field}` placeholders.
  let message: [MessagePart]?
  /// Anomaly kinds the condition names, for the `known` flag of other rules.
  let namedKinds: [Glob]
  /// Where the rule is declared, for duplicate-id diagnostics.
  let anchor: SourceAnchor

  init(
    info: RuleInfo,
    condition: Condition,
    message: [MessagePart]?,
    namedKinds: [Glob],
    anchor: SourceAnchor
  ) {
    self.info = info
    self.condition = condition
    self.message = message
    self.namedKinds = namedKinds
    self.anchor = anchor
  }
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
