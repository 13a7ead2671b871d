/// A small regular expression, matched in linear time (a Pike VM without captures).
///
/// Syntax: literals, `.`, `[…]`/`[^…]` sets with ranges, `\d \D \w \W \s \S`, escaped
/// metacharacters, `^` and `$` (whole subject), groups `(…)` and `(?:…)`, `|`, `*`, `+`, `?`
/// (lazy forms are accepted and mean the same: only whether it matches counts),
/// `{m}`, `{m,}`, `{m,n}` (at most 100), and a leading `(?i)` for ASCII case folding.
/// `matches` searches: the pattern may match anywhere unless anchored, as Python's `re.search`.
struct Regex: Sendable, Hashable, CustomStringConvertible {
  enum Matcher: Sendable, Hashable {
    case scalar(UInt32)
    case any
    case set(CharacterSet)
  }

  enum Instruction: Sendable, Hashable {
    case consume(Matcher)
    case split(Int, Int)
    case jump(Int)
    case assertStart
    case assertEnd
    case match
  }

  /// The pattern as written.
  let description: String
  let program: [Instruction]
  let ignoreCase: Bool
  /// The lazily built DFA, shared by every copy of this pattern.
  let automaton = SharedAutomaton()

  static let maxProgramSize = 20_000

  init(_ pattern: String) throws(PatternError) {
    description = pattern
    var scalars = Array(pattern.unicodeScalars)
    ignoreCase = scalars.starts(with: Array("(?i)".unicodeScalars))
    if ignoreCase { scalars.removeFirst(4) }
    var parser = RegexParser(scalars: scalars)
    let node = try parser.parseAll()
    var compiler = RegexCompiler()
    try compiler.emit(node)
    compiler.program.append(.match)
    program = compiler.program
  }

  static func == (lhs: Regex, rhs: Regex) -> Bool { lhs.description == rhs.description }
  func hash(into hasher: inout Hasher) { hasher.combine(description) }

  /// True when the pattern matches somewhere in `text`.
  ///
  /// The first choice is the pattern's shared lazy DFA (one table lookup per character once
  /// warm, states kept across texts and files); when another thread holds it, or the pattern's
  /// states overflow, the NFA is simulated instead. Both take linear time.
  func matches(_ text: String) -> Bool {
    if let answer = automaton.search(text, regex: self) { return answer }
    return simulate(text)
  }

  /// The same answer by simulating the NFA directly (the DFA's fallback and test oracle).
  func simulate(_ text: String) -> Bool {
    let input = Array(text.unicodeScalars)
    var current = ThreadList(capacity: program.count)
    var next = ThreadList(capacity: program.count)
    var stack: [Int] = []
    for position in 0...input.count {
      add(0, at: position, count: input.count, to: &current, stack: &stack)
      for pc in current.items {
        switch program[pc] {
        case .match: return true
        case .consume(let matcher):
          if position < input.count, accepts(matcher, input[position].value) {
            add(pc + 1, at: position + 1, count: input.count, to: &next, stack: &stack)
          }
        default: break
        }
      }
      swap(&current, &next)
      next.clear()
    }
    return false
  }

  /// Adds the thread at `start` and every thread reachable without consuming.
  private func add(
    _ start: Int,
    at position: Int,
    count: Int,
    to list: inout ThreadList,
    stack: inout [Int]
  ) {
    stack.append(start)
    while let pc = stack.popLast() {
      guard list.insert(pc) else { continue }
      switch program[pc] {
      case .jump(let target): stack.append(target)
      case .split(let first, let second):
        stack.append(second)
        stack.append(first)
      case .assertStart: if position == 0 { stack.append(pc + 1) }
      case .assertEnd: if position == count { stack.append(pc + 1) }
      case .consume, .match: break
      }
    }
  }

  func accepts(_ matcher: Matcher, _ value: UInt32) -> Bool {
    Self.accepts(matcher, value, ignoreCase: ignoreCase)
  }

  static func accepts(_ matcher: Matcher, _ value: UInt32, ignoreCase: Bool) -> Bool {
    switch matcher {
    case .any: return value != 0x0A
    case .scalar(let expected):
      return value == expected
        || (ignoreCase && (asciiLower(value) == expected || asciiUpper(value) == expected))
    case .set(let set): return set.contains(value, ignoringCase: ignoreCase)
    }
  }

}

/// A sparse set of program counters, in insertion order.
private struct ThreadList {
  var items: [Int] = []
  var present: [Bool]

  init(capacity: Int) { present = Array(repeating: false, count: capacity) }

  mutating func insert(_ pc: Int) -> Bool {
    if present[pc] { return false }
    present[pc] = true
    items.append(pc)
    return true
  }

  mutating func clear() {
    for pc in items { present[pc] = false }
    items.removeAll(keepingCapacity: true)
  }
}
