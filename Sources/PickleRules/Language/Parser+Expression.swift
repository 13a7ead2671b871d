extension Parser {
  /// `expr := and ("or" and)*`.
  mutating func parseExpression(depth: Int) -> Expr? {
    guard depth < Self.maxExpressionDepth else {
      error("condition nests deeper than \(Self.maxExpressionDepth) levels")
      return nil
    }
    var terms: [Expr] = []
    repeat {
      guard let term = parseConjunction(depth: depth) else { return nil }
      terms.append(term)
    } while consumeWord("or") != nil
    return terms.count == 1 ? terms[0] : .any(terms)
  }

  mutating func parseConjunction(depth: Int) -> Expr? {
    var terms: [Expr] = []
    repeat {
      guard let term = parseUnary(depth: depth) else { return nil }
      terms.append(term)
    } while consumeWord("and") != nil
    return terms.count == 1 ? terms[0] : .all(terms)
  }

  mutating func parseUnary(depth: Int) -> Expr? {
    if let keyword = consumeWord("not") {
      guard depth + 1 < Self.maxExpressionDepth else {
        error("condition nests deeper than \(Self.maxExpressionDepth) levels")
        return nil
      }
      guard let inner = parseUnary(depth: depth + 1) else { return nil }
      return .not(inner, keyword: keyword.span)
    }
    if consume(.leftParen) != nil {
      guard let inner = parseExpression(depth: depth + 1) else { return nil }
      guard consume(.rightParen) != nil else {
        expected("\")\"")
        return nil
      }
      return inner
    }
    guard let operand = parseOperand() else { return nil }
    var test = Test(operand: operand)
    if isPredicateStart {
      guard let predicate = parsePredicate() else { return nil }
      test.predicate = predicate
    }
    return .test(test)
  }

  var isPredicateStart: Bool {
    switch current.kind {
    case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: true
    case .identifier: ["in", "not", "matches", "is"].contains(current.text)
    default: false
    }
  }

  mutating func parseOperand() -> Operand? {
    guard current.kind == .identifier else {
      expected("a condition (a field such as callee, or arg N)")
      return nil
    }
    let word = advance()
    switch word.text {
    case "arg":
      guard let number = consume(.integer) else {
        expected("an argument position")
        return nil
      }
      guard let position = Int(number.text), position >= 0, position < 256 else {
        error("argument position must be 0 to 255", at: number.span)
        return nil
      }
      return .argument(position, span: word.span.through(number.span))
    case "kwarg":
      guard let name = consume(.string) else {
        expected("a keyword argument name string")
        return nil
      }
      return .keywordArgument(name.asString, span: word.span.through(name.span))
    case "any":
      guard let arg = consumeWord("arg") else {
        expected("\"arg\" after \"any\"")
        return nil
      }
      return .anyArgument(span: word.span.through(arg.span))
    default:
      return .field(word.asWord)
    }
  }

  mutating func parsePredicate() -> Predicate? {
    let token = advance()
    let comparison: ComparisonOperator? =
      switch token.kind {
      case .equal: .equal
      case .notEqual: .notEqual
      case .less: .less
      case .lessEqual: .lessEqual
      case .greater: .greater
      case .greaterEqual: .greaterEqual
      default: nil
      }
    if let comparison {
      guard let value = parseValue() else { return nil }
      return .compare(comparison, value, span: token.span)
    }
    switch token.text {
    case "in":
      return parseList().map { .inList($0, negated: false) }
    case "not":
      guard consumeWord("in") != nil else {
        expected("\"in\" after \"not\"")
        return nil
      }
      return parseList().map { .inList($0, negated: true) }
    case "matches":
      return expectString("a regular expression string").map { .matches($0) }
    default:
      return expectIdentifier("a type name").map { .isType($0) }
    }
  }

  mutating func parseValue() -> ValueExpr? {
    switch current.kind {
    case .string: return .string(advance().asString)
    case .identifier: return .word(advance().asWord)
    case .integer:
      let token = advance()
      guard let value = Int(token.text) else {
        error("number \(token.text) is out of range", at: token.span)
        return nil
      }
      return .integer(value, span: token.span)
    default:
      expected("a value (string, number or word)")
      return nil
    }
  }

  /// `[value, value, …]`; a trailing comma is allowed.
  mutating func parseList() -> ListExpr? {
    guard let open = consume(.leftBracket) else {
      expected("\"[\"")
      return nil
    }
    var items: [ValueExpr] = []
    while current.kind != .rightBracket {
      guard let value = parseValue() else { return nil }
      items.append(value)
      if consume(.comma) == nil { break }
    }
    guard let close = consume(.rightBracket) else {
      expected("\",\" or \"]\"")
      return nil
    }
    return ListExpr(items: items, span: open.span.through(close.span))
  }
}
