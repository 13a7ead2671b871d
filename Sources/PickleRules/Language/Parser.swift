/// Builds the syntax tree of a rule file, reporting every error in one pass.
///
/// After an error the parser skips to the next field keyword, closing brace or top-level
/// keyword, so the rest of the rule and the next rule still parse.
struct Parser {
  static let topLevelKeywords: Set<String> = ["policy", "rule", "profile", "suppress"]
  static let ruleFieldKeywords: Set<String> = [
    "severity", "confidence", "summary", "why", "references", "message", "fallback", "match",
  ]
  static let profileFieldKeywords: Set<String> = ["summary", "allow"]
  /// Parentheses and `not` nest at most this deep (rule files are user input too).
  static let maxExpressionDepth = 32

  var tokens: [Token]
  var index = 0
  var sink: DiagnosticSink

  init(tokens: [Token], sink: DiagnosticSink) {
    self.tokens = tokens
    self.sink = sink
  }

  /// Parses `text` into a syntax tree plus diagnostics.
  static func parse(_ text: String, file: String) -> (SourceFile, DiagnosticSink) {
    let scalars = Array(text.unicodeScalars)
    var sink = DiagnosticSink(file: file, source: scalars)
    var lexer = Lexer(scalars)
    let tokens = lexer.tokenize(into: &sink)
    var parser = Parser(tokens: tokens, sink: sink)
    let file = parser.parseFile()
    return (file, parser.sink)
  }

  var current: Token { tokens[index] }
  var atEnd: Bool { current.kind == .end }

  mutating func advance() -> Token {
    let token = tokens[index]
    if index < tokens.count - 1 { index += 1 }
    return token
  }

  func isWord(_ word: String) -> Bool { current.isWord(word) }

  func isWord(in words: Set<String>) -> Bool {
    current.kind == .identifier && words.contains(current.text)
  }

  mutating func consumeWord(_ word: String) -> Token? {
    isWord(word) ? advance() : nil
  }

  mutating func consume(_ kind: Token.Kind) -> Token? {
    current.kind == kind ? advance() : nil
  }

  mutating func error(_ message: String, at span: SourceSpan? = nil) {
    sink.error(message, at: span ?? current.span)
  }

  mutating func expected(_ what: String) {
    error("expected \(what), found \(current.spelling)")
  }

  // MARK: top level

  mutating func parseFile() -> SourceFile {
    var items: [Item] = []
    while !atEnd {
      let keyword = current
      switch (keyword.kind, keyword.text) {
      case (.identifier, "rule"): items.append(.rule(parseRule()))
      case (.identifier, "profile"): items.append(.profile(parseProfile()))
      case (.identifier, "suppress"): items.append(.suppress(parseSuppress()))
      case (.identifier, "policy"): items.append(.policy(parsePolicy()))
      default:
        expected("\"rule\", \"profile\", \"suppress\" or \"policy\"")
        _ = advance()
        skip(until: [])
      }
    }
    return SourceFile(items: items)
  }

  /// Skips tokens until a top-level keyword outside braces, one of `stops` or the end.
  mutating func skip(until stops: Set<String>, stopAtBrace: Bool = false) {
    var depth = 0
    while !atEnd {
      if depth == 0 {
        if isWord(in: Self.topLevelKeywords) || isWord(in: stops) { return }
        if stopAtBrace && current.kind == .rightBrace { return }
      }
      switch current.kind {
      case .leftBrace: depth += 1
      case .rightBrace: depth = Swift.max(0, depth - 1)
      default: break
      }
      _ = advance()
    }
  }

  mutating func parsePolicy() -> PolicyDecl {
    var decl = PolicyDecl(keyword: advance().span)
    decl.version = expectString("a policy version string")
    if consumeWord("documentation") != nil {
      decl.documentation = expectString("a documentation address")
    }
    return decl
  }

  mutating func parseSuppress() -> SuppressDecl {
    var decl = SuppressDecl(keyword: advance().span)
    decl.rule = expectIdentifier("a rule id or prefix")
    if consumeWord("in") != nil { decl.path = expectString("a path pattern") }
    if consumeWord("because") != nil {
      decl.reason = expectString("a reason")
    } else {
      error("a suppression needs a reason: because \"…\"")
      skip(until: [])
    }
    return decl
  }

  mutating func parseRule() -> RuleDecl {
    var decl = RuleDecl(keyword: advance().span, fields: [])
    decl.id = expectIdentifier("a rule id such as PKL201")
    if decl.id != nil, current.kind == .identifier {
      decl.name = advance().asWord
    } else if decl.id != nil {
      expected("a kebab-case rule name")
    }
    guard openBlock() else { return decl }
    while !atEnd, current.kind != .rightBrace {
      if isWord(in: Self.topLevelKeywords) {
        error("missing \"}\" to close the rule", at: current.span)
        return decl
      }
      guard isWord(in: Self.ruleFieldKeywords) else {
        expected("a rule field (\(Self.ruleFieldKeywords.sorted().joined(separator: ", ")))")
        skip(until: Self.ruleFieldKeywords, stopAtBrace: true)
        continue
      }
      let errors = sink.diagnostics.count
      if let field = parseRuleField() { decl.fields.append(field) }
      if sink.diagnostics.count > errors { skip(until: Self.ruleFieldKeywords, stopAtBrace: true) }
    }
    closeBlock()
    return decl
  }

  mutating func parseRuleField() -> RuleField? {
    let keyword = advance()
    switch keyword.text {
    case "severity": return .severity(keyword: keyword.span, expectIdentifier("a severity"))
    case "confidence": return .confidence(keyword: keyword.span, expectIdentifier("a confidence"))
    case "summary": return .summary(keyword: keyword.span, expectString("a summary string"))
    case "why": return .why(keyword: keyword.span, expectString("an explanation string"))
    case "message": return .message(keyword: keyword.span, expectString("a message template"))
    case "fallback": return .fallback(keyword: keyword.span)
    case "references":
      var references: [StringLiteral] = []
      while let token = consume(.string) { references.append(token.asString) }
      if references.isEmpty { expected("one or more reference strings") }
      return .references(keyword: keyword.span, references)
    default:
      return .match(parseMatch(keyword: keyword.span))
    }
  }

  mutating func parseMatch(keyword: SourceSpan) -> MatchClause {
    var clause = MatchClause(keyword: keyword)
    clause.subject = expectIdentifier("a subject (global, call, build, anomaly, …)")
    guard clause.subject != nil else { return clause }
    if consumeWord("in") != nil { clause.list = parseList() }
    if consumeWord("where") != nil { clause.condition = parseExpression(depth: 0) }
    clause.end = index > 0 ? tokens[index - 1].span.end : nil
    return clause
  }

  mutating func parseProfile() -> ProfileDecl {
    var decl = ProfileDecl(keyword: advance().span, entries: [])
    decl.name = expectIdentifier("a profile name")
    guard openBlock() else { return decl }
    while !atEnd, current.kind != .rightBrace {
      if isWord(in: Self.topLevelKeywords) {
        error("missing \"}\" to close the profile", at: current.span)
        return decl
      }
      let errors = sink.diagnostics.count
      if let keyword = consumeWord("summary") {
        if decl.summary != nil { error("duplicate summary", at: keyword.span) }
        decl.summary = expectString("a summary string")
      } else if let keyword = consumeWord("allow") {
        decl.entries.append(parseAllow(keyword: keyword.span))
      } else {
        expected("\"allow\" or \"summary\"")
        _ = advance()
      }
      if sink.diagnostics.count > errors {
        skip(until: Self.profileFieldKeywords, stopAtBrace: true)
      }
    }
    closeBlock()
    return decl
  }

  mutating func parseAllow(keyword: SourceSpan) -> AllowEntry {
    var entry = AllowEntry(keyword: keyword, patterns: [])
    entry.use = expectIdentifier("a use (class, call or reference)")
    while let token = consume(.string) { entry.patterns.append(token.asString) }
    if entry.patterns.isEmpty {
      expected("one or more name patterns")
      return entry
    }
    if consumeWord("where") != nil {
      let start = current.span.start
      entry.condition = parseExpression(depth: 0)
      if index > 0 { entry.conditionRange = (start, tokens[index - 1].span.end) }
    }
    if consumeWord("because") != nil {
      entry.reason = expectString("a reason")
    } else {
      error("an allow entry needs a reason: because \"…\"")
    }
    return entry
  }

  mutating func openBlock() -> Bool {
    if consume(.leftBrace) != nil { return true }
    expected("\"{\"")
    skip(until: [])
    return false
  }

  mutating func closeBlock() {
    if consume(.rightBrace) == nil { expected("\"}\"") }
  }

  mutating func expectIdentifier(_ what: String) -> Word? {
    if current.kind == .identifier { return advance().asWord }
    expected(what)
    return nil
  }

  mutating func expectString(_ what: String) -> StringLiteral? {
    if current.kind == .string { return advance().asString }
    expected(what)
    return nil
  }
}

extension Token {
  var asWord: Word { Word(text: text, span: span) }
  var asString: StringLiteral { StringLiteral(text: text, span: span) }
}
