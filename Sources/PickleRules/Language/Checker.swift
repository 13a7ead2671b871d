/// Checks a parsed rule file and compiles it: every field present once, names well formed,
/// conditions typed against their subject, patterns valid.
struct Checker {
  var sink: DiagnosticSink
  var policyVersion: String?
  var documentation: String?
  var policyAnchor: SourceAnchor?
  var rules: [CompiledRule] = []
  var profiles: [Profile] = []
  var allows: [CompiledAllow] = []
  var suppressions: [CompiledSuppression] = []
  /// Every id declared so far, valid or not, with its place.
  var declaredIDs: [String: SourceSpan] = [:]

  init(sink: DiagnosticSink) { self.sink = sink }

  mutating func check(_ file: SourceFile) {
    for item in file.items {
      switch item {
      case .policy(let decl): checkPolicy(decl)
      case .rule(let decl): checkRule(decl)
      case .profile(let decl): checkProfile(decl)
      case .suppress(let decl): checkSuppress(decl)
      }
    }
  }

  func anchor(_ span: SourceSpan) -> SourceAnchor {
    let line = span.start.line - 1
    return SourceAnchor(
      file: sink.file,
      span: span,
      line: sink.line(line)
    )
  }

  mutating func checkPolicy(_ decl: PolicyDecl) {
    if let previous = policyAnchor {
      sink.error(
        "duplicate policy declaration (first at line \(previous.span.start.line))",
        at: decl.keyword
      )
      return
    }
    policyAnchor = anchor(decl.keyword)
    if let version = decl.version {
      if version.text.isEmpty || version.text.unicodeScalars.contains(where: { $0 == " " }) {
        sink.error(
          "policy version must be a non-empty word such as \"2026.11.1\"",
          at: version.span
        )
      }
      policyVersion = version.text
    }
    documentation = decl.documentation?.text
  }

  static func isRuleID(_ text: String) -> Bool {
    let scalars = Array(text.unicodeScalars)
    guard scalars.count >= 5 else { return false }
    let letters = scalars.dropLast(3)
    return letters.allSatisfy { $0 >= "A" && $0 <= "Z" }
      && scalars.suffix(3).allSatisfy { $0 >= "0" && $0 <= "9" }
  }

  static func isKebabCase(_ text: String) -> Bool {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    return parts.allSatisfy { part in
      guard let first = part.unicodeScalars.first, first >= "a", first <= "z" else { return false }
      return part.unicodeScalars.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") }
    }
  }

  mutating func checkRule(_ decl: RuleDecl) {
    let errorsBefore = sink.errorCount
    var fields = RuleFields()
    for field in decl.fields { collect(field, into: &fields) }
    var ok = true
    if let id = decl.id {
      if !Self.isRuleID(id.text) {
        sink.error(
          "rule id \"\(id.text)\" must be capital letters and three digits, such as PKL201",
          at: id.span
        )
        ok = false
      } else if let previous = declaredIDs[id.text] {
        sink.error(
          "duplicate rule id \(id.text) (first at line \(previous.start.line))",
          at: id.span
        )
        ok = false
      }
      if declaredIDs[id.text] == nil { declaredIDs[id.text] = id.span }
    } else {
      ok = false
    }
    if let name = decl.name, !Self.isKebabCase(name.text) {
      sink.error(
        "rule name \"\(name.text)\" must be kebab-case (lowercase words and \"-\")",
        at: name.span
      )
      ok = false
    }
    let where_ = decl.keyword
    let severity = fields.severity.flatMap { word -> Severity? in
      guard let value = Severity(name: word.text) else {
        sink.error(
          "unknown severity \"\(word.text)\" (expected critical, high, medium, low, info)",
          at: word.span
        )
        return nil
      }
      return value
    }
    let confidence = fields.confidence.flatMap { word -> Confidence? in
      guard let value = Confidence(name: word.text) else {
        sink.error(
          "unknown confidence \"\(word.text)\" (expected high, medium, low)",
          at: word.span
        )
        return nil
      }
      return value
    }
    for (missing, present) in [
      ("severity", fields.hasSeverity), ("confidence", fields.hasConfidence),
      ("summary", fields.summary != nil), ("why", fields.why != nil),
      ("match", fields.match != nil),
    ] where !present {
      sink.error("rule \(decl.id?.text ?? "") has no \(missing)", at: where_)
      ok = false
    }
    if let summary = fields.summary, summary.text.isEmpty {
      sink.error("summary is empty", at: summary.span)
    }
    guard let match = fields.match, let subjectWord = match.subject else { return }
    guard let subject = Subject(rawValue: subjectWord.text) else {
      sink.error(
        "unknown subject \"\(subjectWord.text)\" (expected "
          + Subject.allCases.map(\.rawValue).joined(separator: ", ") + ")",
        at: subjectWord.span
      )
      return
    }
    var parts: [Condition] = []
    if let list = match.list {
      guard let primary = subject.primaryField else {
        sink.error("subject \(subject.rawValue) takes no \"in\" list; use where", at: list.span)
        return
      }
      if let test = compileTextList(field: primary, list: list, negated: false) {
        parts.append(test)
      }
    }
    if let condition = match.condition, let compiled = compile(condition, subject: subject) {
      parts.append(compiled)
    }
    let message = fields.message.flatMap { compileMessage($0, subject: subject) }
    guard ok, sink.errorCount == errorsBefore, let id = decl.id, let name = decl.name, let severity,
      let confidence,
      let summary = fields.summary, let why = fields.why
    else { return }
    let condition: Condition = parts.isEmpty ? .always : (parts.count == 1 ? parts[0] : .all(parts))
    rules.append(
      CompiledRule(
        info: RuleInfo(
          id: id.text,
          name: name.text,
          severity: severity,
          confidence: confidence,
          summary: summary.text,
          why: why.text,
          references: fields.references.map(\.text),
          helpURI: "",
          subject: subject,
          isFallback: fields.fallback,
          file: sink.file,
          match: sourceText(from: match.keyword.start, to: match.end)
        ),
        condition: condition,
        message: message,
        namedKinds: subject == .anomaly || subject == .container ? namedKinds(condition) : [],
        anchor: anchor(id.span)
      )
    )
  }

  private struct RuleFields {
    var severity: Word?
    var hasSeverity = false
    var confidence: Word?
    var hasConfidence = false
    var summary: StringLiteral?
    var why: StringLiteral?
    var message: StringLiteral?
    var references: [StringLiteral] = []
    var fallback = false
    var match: MatchClause?
    var seen: [String: SourceSpan] = [:]
  }

  private mutating func collect(_ field: RuleField, into fields: inout RuleFields) {
    let key: String
    switch field {
    case .severity(_, let word):
      key = "severity"
      fields.severity = word
      fields.hasSeverity = word != nil
    case .confidence(_, let word):
      key = "confidence"
      fields.confidence = word
      fields.hasConfidence = word != nil
    case .summary(_, let text):
      key = "summary"
      fields.summary = text
    case .why(_, let text):
      key = "why"
      fields.why = text
    case .message(_, let text):
      key = "message"
      fields.message = text
    case .references(_, let texts):
      key = "references"
      fields.references += texts
    case .fallback:
      key = "fallback"
      fields.fallback = true
    case .match(let clause):
      key = "match"
      fields.match = clause
    }
    if let previous = fields.seen[key] {
      sink.error("duplicate \(key) (first at line \(previous.start.line))", at: field.keywordSpan)
    }
    fields.seen[key] = field.keywordSpan
  }

  /// The source between two positions, as written.
  func sourceText(from start: SourcePosition, to end: SourcePosition?) -> String {
    guard let end, start.offset <= end.offset, end.offset <= sink.source.count else { return "" }
    return String(scalars: sink.source[start.offset..<end.offset])
  }

  /// Kinds named by `kind == "x"` or `kind in [...]` anywhere in the condition.
  private func namedKinds(_ condition: Condition) -> [Glob] {
    var found: [Glob] = []
    var pending = [condition]
    while let next = pending.popLast() {
      switch next {
      case .all(let terms), .any(let terms): pending += terms
      case .not(let inner): pending.append(inner)
      case .text(.kind, .equals(let text, false)):
        if let glob = try? Glob(escapingGlob(text)) { found.append(glob) }
      case .text(.kind, .oneOf(let list, false)):
        found += list.exact.sorted().compactMap { try? Glob(escapingGlob($0)) } + list.globs
      default: break
      }
    }
    return found
  }
}

/// `text` with glob metacharacters escaped, so the glob matches only `text`.
func escapingGlob(_ text: String) -> String {
  var result = ""
  for scalar in text.unicodeScalars {
    if ["*", "?", "[", "\\"].contains(scalar) { result.unicodeScalars.append("\\") }
    result.unicodeScalars.append(scalar)
  }
  return result
}
