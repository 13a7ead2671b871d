/// A checked, compiled condition, evaluated against one subject.
indirect enum Condition: Sendable {
  case always
  case all([Condition])
  case any([Condition])
  case not(Condition)
  case text(field: String, TextTest)
  case integer(field: String, IntegerTest)
  case flag(field: String)
  case enumeration(field: String, Set<String>, negated: Bool)
  case value(ValueOperand, ValueTest)
}

/// Names or strings: exact ones looked up in a set, globs tried in turn.
struct PatternList: Sendable, Hashable {
  var exact: Set<String> = []
  var globs: [Glob] = []

  init(_ patterns: [Glob]) {
    for glob in patterns {
      if let text = glob.exactText { exact.insert(text) } else { globs.append(glob) }
    }
  }

  func matches(_ text: String) -> Bool {
    exact.contains(text) || globs.contains { $0.matches(text) }
  }
}

enum TextTest: Sendable {
  case equals(String, negated: Bool)
  case oneOf(PatternList, negated: Bool)
  case matches(Regex)

  func holds(_ texts: [String]) -> Bool {
    switch self {
    case .equals(let expected, let negated): texts.contains(expected) != negated
    case .oneOf(let list, let negated): texts.contains { list.matches($0) } != negated
    case .matches(let regex): texts.contains { regex.matches($0) }
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
