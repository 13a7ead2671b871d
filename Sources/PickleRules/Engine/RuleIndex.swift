/// The active rules of one subject kind, indexed by the names their `in [...]` lists require.
///
/// Most rules start with `match global in [...]`: instead of testing each list in turn, one
/// lookup of the subject's name (exact, by first component, by last component) yields the rules
/// whose list can match; rules without such a list are always candidates.
struct RuleIndex: Sendable {
  let rules: [CompiledRule]
  private let ungated: [Int]
  private var exact: [String: [Int]] = [:]
  private var byRoot: [Substring: [Int]] = [:]
  private var byLastComponent: [Substring: [Int]] = [:]
  private var wild: [Int] = []

  init(_ rules: [CompiledRule]) {
    self.rules = rules
    var ungated: [Int] = []
    for (position, rule) in rules.enumerated() {
      guard let subject = rule.info.subject.primaryField,
        let list = Self.gate(rule.condition, subject)
      else {
        ungated.append(position)
        continue
      }
      for name in list.exact { exact[name, default: []].append(position) }
      for root in list.byRoot.keys { byRoot[root, default: []].append(position) }
      for last in list.byLastComponent { byLastComponent[last, default: []].append(position) }
      if !list.wild.isEmpty { wild.append(position) }
    }
    self.ungated = ungated
  }

  /// The list a rule's condition requires of the primary field, if it requires one.
  private static func gate(_ condition: Condition, _ field: Field) -> PatternList? {
    switch condition {
    case .text(let tested, .oneOf(let list, negated: false)) where tested == field: list
    case .all(let terms): terms.lazy.compactMap { gate($0, field) }.first
    default: nil
    }
  }

  /// Positions of the rules that may match a subject whose primary field holds `texts`, in
  /// rule order (a superset: each is still tested in full).
  func candidates(_ texts: [String]) -> [Int] {
    var found = ungated + wild
    for text in texts {
      found += exact[text] ?? []
      if !byRoot.isEmpty { found += byRoot[rootComponent(text)] ?? [] }
      if !byLastComponent.isEmpty, let dot = text.utf8.lastIndex(of: UInt8(ascii: ".")) {
        found += byLastComponent[text[text.utf8.index(after: dot)...]] ?? []
      }
    }
    guard found.count > 1 else { return found }
    found.sort()
    var unique: [Int] = []
    for position in found where unique.last != position { unique.append(position) }
    return unique
  }
}
