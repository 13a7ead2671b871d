extension Checker {
  /// Type-checks `expr` against the fields of `subject`; `nil` after reporting an error.
  mutating func compile(_ expr: Expr, subject: Subject) -> Condition? {
    switch expr {
    case .all(let terms):
      let compiled = terms.map { compile($0, subject: subject) }
      return compiled.contains { $0 == nil } ? nil : .all(compiled.compactMap { $0 })
    case .any(let terms):
      let compiled = terms.map { compile($0, subject: subject) }
      return compiled.contains { $0 == nil } ? nil : .any(compiled.compactMap { $0 })
    case .not(let inner, _):
      return compile(inner, subject: subject).map { .not($0) }
    case .test(let test):
      return compile(test, subject: subject)
    }
  }

  private mutating func compile(_ test: Test, subject: Subject) -> Condition? {
    let operand: ValueOperand
    switch test.operand {
    case .field(let word):
      guard let spec = FieldSpec.lookup(word.text, subject: subject) else {
        let fields = FieldSpec.all.filter { $0.subjects.contains(subject) }.map(\.name)
        let valueFields = subject == .call ? ["arg N", "kwarg \"name\"", "any arg"] : []
        sink.error(
          "subject \(subject.rawValue) has no field \"\(word.text)\" (fields: "
            + (fields + valueFields).joined(separator: ", ") + ")",
          at: word.span
        )
        return nil
      }
      switch spec.type {
      case .value:
        operand = spec.field == .target ? .target : .state
      default:
        return compileField(spec, word: word, predicate: test.predicate)
      }
    case .argument(let position, let span):
      guard subject == .call else { return notCall(span, subject) }
      operand = .argument(position)
    case .keywordArgument(let name, let span):
      guard subject == .call else { return notCall(span, subject) }
      operand = .keywordArgument(name.text)
    case .anyArgument(let span):
      guard subject == .call else { return notCall(span, subject) }
      operand = .anyArgument
    }
    guard let predicate = test.predicate else {
      sink.error("a value needs a test (==, in, matches, is)", at: test.operand.span)
      return nil
    }
    return compileValueTest(predicate).map { .value(operand, $0) }
  }

  private mutating func notCall(_ span: SourceSpan, _ subject: Subject) -> Condition? {
    sink.error("arguments exist only for subject call, not \(subject.rawValue)", at: span)
    return nil
  }

  private mutating func compileField(_ spec: FieldSpec, word: Word, predicate: Predicate?)
    -> Condition?
  {
    switch spec.type {
    case .flag:
      guard predicate == nil else {
        sink.error(
          "\"\(spec.name)\" is a flag: write it bare, or \"not \(spec.name)\"",
          at: word.span
        )
        return nil
      }
      return .flag(field: spec.field)
    case .text, .textList:
      guard let predicate else { return needsTest(word) }
      switch predicate {
      case .compare(let op, let value, let span):
        guard op == .equal || op == .notEqual, case .string(let literal) = value else {
          sink.error("compare \"\(spec.name)\" with == or != and a string", at: span)
          return nil
        }
        return .text(field: spec.field, .equals(literal.text, negated: op == .notEqual))
      case .inList(let list, let negated):
        return compileTextList(field: spec.field, list: list, negated: negated)
      case .matches(let pattern):
        return compileRegex(pattern).map { .text(field: spec.field, .matches($0)) }
      case .isType(let type):
        sink.error("\"is\" tests values (arg N, target, state), not \(spec.name)", at: type.span)
        return nil
      }
    case .integer:
      guard let predicate else { return needsTest(word) }
      switch predicate {
      case .compare(let op, .integer(let value, _), _):
        return .integer(field: spec.field, .compare(op, value))
      case .inList(let list, let negated):
        var values: Set<Int> = []
        for item in list.items {
          guard case .integer(let value, _) = item else {
            sink.error("\(spec.name) is a number; list numbers", at: item.span)
            return nil
          }
          values.insert(value)
        }
        return .integer(field: spec.field, .oneOf(values, negated: negated))
      default:
        sink.error(
          "compare \(spec.name) with a number (==, !=, <, <=, >, >=) or in [...]",
          at: word.span
        )
        return nil
      }
    case .enumeration(let words):
      guard let predicate else { return needsTest(word) }
      let items: [ValueExpr]
      let negated: Bool
      switch predicate {
      case .compare(let op, let value, _) where op == .equal || op == .notEqual:
        items = [value]
        negated = op == .notEqual
      case .inList(let list, let isNegated):
        items = list.items
        negated = isNegated
      default:
        sink.error("test \(spec.name) with ==, != or in [...]", at: word.span)
        return nil
      }
      var values: Set<String> = []
      for item in items {
        guard case .word(let value) = item, words.contains(value.text) else {
          sink.error(
            "\(spec.name) is one of " + words.joined(separator: ", ") + ", not \(item.dump)",
            at: item.span
          )
          return nil
        }
        values.insert(value.text)
      }
      return .enumeration(field: spec.field, values, negated: negated)
    case .value:
      return nil
    }
  }

  private mutating func needsTest(_ word: Word) -> Condition? {
    sink.error("\"\(word.text)\" needs a test (==, in, matches …)", at: word.span)
    return nil
  }

  mutating func compileTextList(field: Field, list: ListExpr, negated: Bool) -> Condition? {
    var globs: [Glob] = []
    for item in list.items {
      guard case .string(let literal) = item else {
        sink.error("\(field.rawValue) is text; list strings", at: item.span)
        return nil
      }
      guard let glob = compileGlob(literal) else { return nil }
      globs.append(glob)
    }
    return .text(field: field, .oneOf(PatternList(globs), negated: negated))
  }

  mutating func compileGlob(_ literal: StringLiteral) -> Glob? {
    do {
      return try Glob(literal.text)
    } catch {
      sink.error("bad pattern \(quoted(literal.text)): \(error.message)", at: literal.span)
      return nil
    }
  }

  private mutating func compileRegex(_ literal: StringLiteral) -> Regex? {
    do {
      return try Regex(literal.text)
    } catch {
      sink.error(
        "bad regular expression \(quoted(literal.text)): \(error.message)",
        at: literal.span
      )
      return nil
    }
  }

  private mutating func compileValueTest(_ predicate: Predicate) -> ValueTest? {
    switch predicate {
    case .compare(let op, let value, let span):
      guard op == .equal || op == .notEqual else {
        sink.error("values compare with == or !=", at: span)
        return nil
      }
      let constant: Constant?
      if case .string(let literal) = value {
        constant = .string(literal.text)
      } else {
        constant = compileConstant(value)
      }
      return constant.map { .equals($0, negated: op == .notEqual) }
    case .inList(let list, let negated):
      let constants = list.items.map { compileConstant($0) }
      guard !constants.contains(where: { $0 == nil }) else { return nil }
      return .oneOf(constants.compactMap { $0 }, negated: negated)
    case .matches(let pattern):
      return compileRegex(pattern).map { .matches($0) }
    case .isType(let type):
      guard ValueTypeName.all.contains(type.text) else {
        sink.error(
          "unknown type \"\(type.text)\" (expected " + ValueTypeName.all.joined(separator: ", ")
            + ")",
          at: type.span
        )
        return nil
      }
      return .isType(type.text)
    }
  }

  private mutating func compileConstant(_ value: ValueExpr) -> Constant? {
    switch value {
    case .string(let literal): return compileGlob(literal).map { .text($0) }
    case .integer(let number, _): return .integer(number)
    case .word(let word):
      switch word.text {
      case "none": return Constant.none
      case "true": return .bool(true)
      case "false": return .bool(false)
      default:
        sink.error(
          "unknown word \"\(word.text)\" (quote text; words are none, true, false)",
          at: word.span
        )
        return nil
      }
    }
  }

  /// Splits `"… {field} …"`; placeholders must be text or number fields of the subject.
  mutating func compileMessage(_ literal: StringLiteral, subject: Subject) -> [MessagePart]? {
    var parts: [MessagePart] = []
    var text = ""
    var scalars = literal.text.unicodeScalars[...]
    while let scalar = scalars.popFirst() {
      guard scalar == "{" else {
        text.unicodeScalars.append(scalar)
        continue
      }
      guard let close = scalars.firstIndex(of: "}") else {
        sink.error("unclosed \"{\" in message", at: literal.span)
        return nil
      }
      let name = String(scalars[..<close])
      scalars = scalars[scalars.index(after: close)...]
      guard name == "subject" || FieldSpec.lookup(name, subject: subject) != nil else {
        sink.error(
          "message names unknown field {\(name)} of subject \(subject.rawValue)",
          at: literal.span
        )
        return nil
      }
      if !text.isEmpty { parts.append(.literal(text)) }
      text = ""
      parts.append(.field(name))
    }
    if !text.isEmpty { parts.append(.literal(text)) }
    return parts
  }
}
