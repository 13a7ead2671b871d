/// The syntax tree of one rule file, as written (before checking).
struct SourceFile: Sendable {
  var items: [Item]
}

/// A word with its place: an identifier such as `high`, `PKL201` or `global`.
struct Word: Sendable, Hashable {
  var text: String
  var span: SourceSpan
}

/// A string literal with its place.
struct StringLiteral: Sendable, Hashable {
  var text: String
  var span: SourceSpan
}

/// A top-level declaration.
enum Item: Sendable {
  /// `policy "2026.11.1" documentation "https://…"`.
  case policy(PolicyDecl)
  /// `rule PKL201 name { … }`.
  case rule(RuleDecl)
  /// `profile name { summary "…" allow … }`.
  case profile(ProfileDecl)
  /// `suppress PKL301 in "glob" because "…"`.
  case suppress(SuppressDecl)
}

struct PolicyDecl: Sendable {
  var keyword: SourceSpan
  var version: StringLiteral?
  var documentation: StringLiteral?
}

struct RuleDecl: Sendable {
  var keyword: SourceSpan
  var id: Word?
  var name: Word?
  var fields: [RuleField]
}

enum RuleField: Sendable {
  case severity(keyword: SourceSpan, Word?)
  case confidence(keyword: SourceSpan, Word?)
  case summary(keyword: SourceSpan, StringLiteral?)
  case why(keyword: SourceSpan, StringLiteral?)
  case references(keyword: SourceSpan, [StringLiteral])
  case message(keyword: SourceSpan, StringLiteral?)
  case fallback(keyword: SourceSpan)
  case match(MatchClause)

  var keywordSpan: SourceSpan {
    switch self {
    case .severity(let span, _), .confidence(let span, _), .summary(let span, _),
      .why(let span, _), .references(let span, _), .message(let span, _), .fallback(let span):
      span
    case .match(let clause): clause.keyword
    }
  }
}

/// `match SUBJECT [in LIST] [where EXPR]`.
struct MatchClause: Sendable {
  var keyword: SourceSpan
  var subject: Word?
  var list: ListExpr?
  var condition: Expr?
  /// Just past the clause's last token.
  var end: SourcePosition?
}

/// A boolean condition over a subject.
indirect enum Expr: Sendable {
  case all([Expr])
  case any([Expr])
  case not(Expr, keyword: SourceSpan)
  case test(Test)
}

/// `OPERAND [PREDICATE]`: a bare operand is a boolean field (`called`, `allowed`).
struct Test: Sendable {
  var operand: Operand
  var predicate: Predicate?
}

enum Operand: Sendable {
  /// A named field (`callee`, `kind`, `depth`, `allowed`).
  case field(Word)
  /// `arg N`, the positional argument N (from 0).
  case argument(Int, span: SourceSpan)
  /// `kwarg "name"`.
  case keywordArgument(StringLiteral, span: SourceSpan)
  /// `any arg`: some positional argument.
  case anyArgument(span: SourceSpan)

  var span: SourceSpan {
    switch self {
    case .field(let word): word.span
    case .argument(_, let span), .keywordArgument(_, let span), .anyArgument(let span): span
    }
  }
}

enum ComparisonOperator: String, Sendable {
  case equal = "=="
  case notEqual = "!="
  case less = "<"
  case lessEqual = "<="
  case greater = ">"
  case greaterEqual = ">="
}

enum Predicate: Sendable {
  case compare(ComparisonOperator, ValueExpr, span: SourceSpan)
  case inList(ListExpr, negated: Bool)
  case matches(StringLiteral)
  case isType(Word)
}

enum ValueExpr: Sendable, Hashable {
  case string(StringLiteral)
  case integer(Int, span: SourceSpan)
  case word(Word)

  var span: SourceSpan {
    switch self {
    case .string(let literal): literal.span
    case .integer(_, let span): span
    case .word(let word): word.span
    }
  }
}

struct ListExpr: Sendable {
  var items: [ValueExpr]
  var span: SourceSpan
}

struct ProfileDecl: Sendable {
  var keyword: SourceSpan
  var name: Word?
  var summary: StringLiteral?
  var entries: [AllowEntry]
}

/// `allow USE "pattern"… [where EXPR] because "reason"`.
struct AllowEntry: Sendable {
  var keyword: SourceSpan
  var use: Word?
  var patterns: [StringLiteral]
  var condition: Expr?
  /// Where the condition's text starts and ends, to quote it in docs.
  var conditionRange: (start: SourcePosition, end: SourcePosition)?
  var reason: StringLiteral?
}

struct SuppressDecl: Sendable {
  var keyword: SourceSpan
  var rule: Word?
  var path: StringLiteral?
  var reason: StringLiteral?
}
