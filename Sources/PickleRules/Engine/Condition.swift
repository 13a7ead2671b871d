/// A checked, compiled condition, evaluated against one subject.
indirect enum Condition: Sendable {
  case always
  case all([Condition])
  case any([Condition])
  case not(Condition)
  case text(field: Field, TextTest)
  case integer(field: Field, IntegerTest)
  case flag(field: Field)
  case enumeration(field: Field, Set<String>, negated: Bool)
  case value(ValueOperand, ValueTest)
}

/// Names or strings: exact ones looked up in a set, globs grouped by their first dotted
/// component (`numpy` for `numpy.*.scalar`) so a name only meets the globs that could match it.
struct PatternList: Sendable, Hashable {
  var exact: Set<String> = []
  var byRoot: [Substring: [Glob]] = [:]
  /// `*.name` patterns, by `name`: they match texts whose last component is `name`.
  var byLastComponent: Set<Substring> = []
  var wild: [Glob] = []

  init(_ patterns: [Glob]) {
    for glob in patterns {
      if let text = glob.exactText {
        exact.insert(text)
      } else if let root = glob.root {
        byRoot[root, default: []].append(glob)
      } else if let last = glob.lastComponent {
        byLastComponent.insert(last)
      } else {
        wild.append(glob)
      }
    }
  }

  /// Every glob (not the exact texts).
  var globs: [Glob] {
    byRoot.keys.sorted().flatMap { byRoot[$0] ?? [] }
      + byLastComponent.sorted().compactMap { try? Glob("*." + escapingGlob(String($0))) } + wild
  }

  /// True when some list may match more than exact texts.
  var hasPatterns: Bool { !byRoot.isEmpty || !byLastComponent.isEmpty || !wild.isEmpty }

  func matches(_ text: String) -> Bool {
    if exact.contains(text) { return true }
    if !byRoot.isEmpty, let globs = byRoot[rootComponent(text)],
      globs.contains(where: { $0.matches(text) })
    {
      return true
    }
    if !byLastComponent.isEmpty, let dot = text.utf8.lastIndex(of: UInt8(ascii: ".")),
      byLastComponent.contains(text[text.utf8.index(after: dot)...])
    {
      return true
    }
    return wild.contains { $0.matches(text) }
  }
}

/// The text before the first dot (all of it when there is none).
func rootComponent(_ text: String) -> Substring {
  if let dot = text.utf8.firstIndex(of: UInt8(ascii: ".")) { return text[..<dot] }
  return text[...]
}

enum TextTest: Sendable {
  case equals(String, negated: Bool)
  case oneOf(PatternList, negated: Bool)
  case matches(Regex)

  func holds(_ texts: [String], budget: WorkBudget) -> Bool {
    switch self {
    case .equals(let expected, let negated): texts.contains(expected) != negated
    case .oneOf(let list, let negated): texts.contains { list.matches($0) } != negated
    case .matches(let regex): texts.contains { budget.matches(regex, $0) }
    }
  }
}

enum IntegerTest: Sendable {
  case compare(ComparisonOperator, Int)
  case oneOf(Set<Int>, negated: Bool)

  func holds(_ value: Int) -> Bool {
    switch self {
    case .compare(let op, let limit):
      switch op {
      case .equal: value == limit
      case .notEqual: value != limit
      case .less: value < limit
      case .lessEqual: value <= limit
      case .greater: value > limit
      case .greaterEqual: value >= limit
      }
    case .oneOf(let values, let negated): values.contains(value) != negated
    }
  }
}

/// Which value of the subject a value test reads.
enum ValueOperand: Sendable {
  case argument(Int)
  case keywordArgument(String)
  case anyArgument
  case target
  case state
}

/// A constant in a condition, compared with a pickle value.
enum Constant: Sendable, Hashable {
  /// Exact text (`== "x"`).
  case string(String)
  /// A glob, as list items are (`in ["os.*"]`).
  case text(Glob)
  case integer(Int)
  case none
  case bool(Bool)
}

enum ValueTest: Sendable {
  case equals(Constant, negated: Bool)
  case oneOf([Constant], negated: Bool)
  case matches(Regex)
  case isType(String)
}
