/// A stable text form of the syntax tree, for the parser's golden tests.
extension SourceFile {
  var dump: String {
    var lines: [String] = []
    for item in items {
      switch item {
      case .policy(let decl):
        var line = "policy \(q(decl.version))"
        if let documentation = decl.documentation { line += " documentation \(q(documentation))" }
        lines.append(line + " @\(decl.keyword.start)")
      case .rule(let decl):
        lines.append("rule \(w(decl.id)) \(w(decl.name)) @\(decl.keyword.start)")
        for field in decl.fields { lines.append(contentsOf: field.dump.map { "  " + $0 }) }
      case .profile(let decl):
        lines.append("profile \(w(decl.name)) @\(decl.keyword.start)")
        if let summary = decl.summary { lines.append("  summary \(q(summary))") }
        for entry in decl.entries {
          let patterns = entry.patterns.map { q($0) }.joined(separator: " ")
          lines.append("  allow \(w(entry.use)) \(patterns) @\(entry.keyword.start)")
          if let condition = entry.condition { lines.append("    where \(condition.dump)") }
          lines.append("    because \(q(entry.reason))")
        }
      case .suppress(let decl):
        var line = "suppress \(w(decl.rule))"
        if let path = decl.path { line += " in \(q(path))" }
        lines.append(line + " because \(q(decl.reason)) @\(decl.keyword.start)")
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }
}

private func w(_ word: Word?) -> String { word?.text ?? "<missing>" }
private func q(_ literal: StringLiteral?) -> String {
  guard let literal else { return "<missing>" }
  return quoted(literal.text)
}

/// `text` in double quotes with `"` and `\` escaped.
func quoted(_ text: String) -> String {
  var result = "\""
  for scalar in text.unicodeScalars {
    switch scalar {
    case "\"": result += "\\\""
    case "\\": result += "\\\\"
    case "\n": result += "\\n"
    case "\t": result += "\\t"
    default: result.unicodeScalars.append(scalar)
    }
  }
  return result + "\""
}

extension RuleField {
  fileprivate var dump: [String] {
    switch self {
    case .severity(let span, let word): ["severity \(w(word)) @\(span.start)"]
    case .confidence(let span, let word): ["confidence \(w(word)) @\(span.start)"]
    case .summary(let span, let text): ["summary \(q(text)) @\(span.start)"]
    case .why(let span, let text): ["why \(q(text)) @\(span.start)"]
    case .message(let span, let text): ["message \(q(text)) @\(span.start)"]
    case .fallback(let span): ["fallback @\(span.start)"]
    case .references(let span, let texts):
      ["references \(texts.map { q($0) }.joined(separator: " ")) @\(span.start)"]
    case .match(let clause):
      ["match \(w(clause.subject)) @\(clause.keyword.start)"]
        + (clause.list.map { ["  in \($0.dump)"] } ?? [])
        + (clause.condition.map { ["  where \($0.dump)"] } ?? [])
    }
  }
}

extension Expr {
  var dump: String {
    switch self {
    case .all(let terms): "(and \(terms.map(\.dump).joined(separator: " ")))"
    case .any(let terms): "(or \(terms.map(\.dump).joined(separator: " ")))"
    case .not(let inner, _): "(not \(inner.dump))"
    case .test(let test):
      if let predicate = test.predicate {
        "(\(predicate.dumpOperator) \(test.operand.dump) \(predicate.dumpOperand))"
      } else {
        "(\(test.operand.dump))"
      }
    }
  }
}

extension Operand {
  fileprivate var dump: String {
    switch self {
    case .field(let word): word.text
    case .argument(let position, _): "arg \(position)"
    case .keywordArgument(let name, _): "kwarg \(quoted(name.text))"
    case .anyArgument: "any arg"
    }
  }
}

extension Predicate {
  fileprivate var dumpOperator: String {
    switch self {
    case .compare(let op, _, _): op.rawValue
    case .inList(_, let negated): negated ? "not-in" : "in"
    case .matches: "matches"
    case .isType: "is"
    }
  }

  fileprivate var dumpOperand: String {
    switch self {
    case .compare(_, let value, _): value.dump
    case .inList(let list, _): list.dump
    case .matches(let pattern): quoted(pattern.text)
    case .isType(let word): word.text
    }
  }
}

extension ValueExpr {
  var dump: String {
    switch self {
    case .string(let literal): quoted(literal.text)
    case .integer(let value, _): String(value)
    case .word(let word): word.text
    }
  }
}

extension ListExpr {
  fileprivate var dump: String { "[" + items.map(\.dump).joined(separator: ", ") + "]" }
}
