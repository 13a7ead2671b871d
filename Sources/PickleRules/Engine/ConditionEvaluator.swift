import PickleAnalysis

/// Evaluates compiled conditions against subjects.
struct ConditionEvaluator: Sendable {
  let allowlist: Allowlist
  /// Kinds named by some anomaly or container rule of the whole set (selected or not).
  let knownKinds: [Subject: [Glob]]

  func holds(_ condition: Condition, _ facts: SubjectFacts) -> Bool {
    switch condition {
    case .always: return true
    case .all(let terms): return terms.allSatisfy { holds($0, facts) }
    case .any(let terms): return terms.contains { holds($0, facts) }
    case .not(let inner): return !holds(inner, facts)
    case .text(let field, let test): return test.holds(facts.texts(field), budget: facts.budget)
    case .integer(let field, let test):
      return facts.subject.integer(field).map(test.holds) ?? false
    case .enumeration(let field, let values, let negated):
      guard let value = facts.subject.enumeration(field) else { return false }
      return values.contains(value) != negated
    case .flag(let field): return flag(field, facts)
    case .value(let operand, let test):
      switch (operand, facts.subject) {
      case (.argument(let position), .call(let call, _)):
        return holds(test, position < call.arguments.count ? call.arguments[position] : nil, facts)
      case (.keywordArgument(let name), .call(let call, _)):
        let entry = call.keywordArguments.first { $0.key.stringValue == name }
        return holds(test, entry?.value, facts)
      case (.anyArgument, .call(let call, _)):
        return call.arguments.contains { holds(test, $0, facts) }
      case (.target, .build(let build, _)): return holds(test, build.target, facts)
      case (.state, .build(let build, _)): return holds(test, build.state, facts)
      default: return false
      }
    }
  }

  private func flag(_ field: Field, _ facts: SubjectFacts) -> Bool {
    switch (facts.subject, field) {
    case (.global(let reference, _), .called): return reference.isCalled
    case (.global(let reference, _), .allowed):
      if let allowed = facts.allowed { return allowed }
      let allowed = allowlist.permitsReference(reference.name, memo: facts.budget.allowlistMemo)
      facts.allowed = allowed
      return allowed
    case (.call(let call, _), .allowed):
      if let allowed = facts.allowed { return allowed }
      let allowed = allowlist.permits(call, facts: facts, evaluator: self)
      facts.allowed = allowed
      return allowed
    case (.call(let call, _), .resolved): return call.callee != nil
    case (.call(let call, _), .constrained):
      if let constrained = facts.constrained { return constrained }
      let constrained =
        call.callee.map { allowlist.constrains($0, memo: facts.budget.allowlistMemo) } ?? false
      facts.constrained = constrained
      return constrained
    case (.anomaly(let kind, _, _), .known):
      return knownKinds[.anomaly, default: []].contains { $0.matches(kind) }
    case (.container(let kind, _), .known):
      return knownKinds[.container, default: []].contains { $0.matches(kind) }
    case (.nested(let nested), .readable): return nested.analysis != nil
    default: return false
    }
  }

  private func holds(_ test: ValueTest, _ value: Literal?, _ facts: SubjectFacts) -> Bool {
    switch test {
    case .isType(let type): return isType(type, value, facts)
    case .equals(let constant, let negated): return equals(constant, value) != negated
    case .oneOf(let constants, let negated):
      return constants.contains { equals($0, value) } != negated
    case .matches(let regex):
      return value.map { LiteralText.texts($0).contains { facts.budget.matches(regex, $0) } }
        ?? false
    }
  }

  private func equals(_ constant: Constant, _ value: Literal?) -> Bool {
    guard let value else { return false }
    switch constant {
    case .string(let text): return LiteralText.texts(value).contains(text)
    case .text(let glob): return LiteralText.texts(value).contains(where: glob.matches)
    case .integer(let number):
      if case .int(let int) = value { return int.int64 == Int64(number) }
      return false
    case .none: return value == .none
    case .bool(let flag): return value == .bool(flag)
    }
  }

  private func isType(_ type: String, _ value: Literal?, _ facts: SubjectFacts) -> Bool {
    guard let value else { return type == "missing" }
    if type == "allowed" {
      if case .global(let name) = value {
        return allowlist.permitsInstantiation(name, memo: facts.budget.allowlistMemo)
      }
      return false
    }
    return LiteralText.typeName(value) == type
  }
}
