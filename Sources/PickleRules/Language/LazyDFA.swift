import Synchronization

/// A pattern's lazy DFA behind a lock, shared by all threads: whoever finds it free uses and
/// extends it, the others simulate the NFA rather than wait.
final class SharedAutomaton: Sendable {
  private struct State {
    var dfa: LazyDFA?
    var overflows = 0
  }

  private let state = Mutex(State())

  /// The answer, or `nil` when the DFA is busy, overflowed or was given up on.
  func search(_ text: String, regex: Regex) -> Bool? {
    let result: Bool?? = state.withLockIfAvailable { state in
      guard state.overflows < 3 else { return nil }
      var dfa = state.dfa.take() ?? LazyDFA(regex)
      guard let answer = dfa.search(text) else {
        state.overflows += 1
        return nil
      }
      state.dfa = dfa
      return answer
    }
    return result ?? nil
  }
}

/// A DFA over a regex program, built state by state while searching one text.
///
/// Each DFA state is the sorted set of program counters at consuming (or final) instructions;
/// transitions on ASCII scalars are cached, so a long text over a small alphabet costs one table
/// lookup per character. The search is unanchored (a fresh thread starts at every position).
/// When the states outgrow ``maxStates`` the search gives up and the caller simulates the NFA.
struct LazyDFA {
  static let maxStates = 512

  private let program: [Regex.Instruction]
  private let ignoreCase: Bool
  private var sets: [[Int]] = []
  private var ids: [[Int]: Int] = [:]
  private var accepting: [Bool] = []
  /// `states × 128` ASCII transitions; -1 when not computed yet.
  private var table: [Int32] = []
  private var visited: [Bool]
  private var stack: [Int] = []
  private var restart: [Int] = []

  init(_ regex: Regex) {
    program = regex.program
    ignoreCase = regex.ignoreCase
    visited = Array(repeating: false, count: regex.program.count)
    restart = closure(of: [0], atStart: false)
  }

  /// True or false when decided, `nil` when the state budget ran out.
  mutating func search(_ text: String) -> Bool? {
    var state = intern(closure(of: [0], atStart: true))
    if accepting[state] { return true }
    for scalar in text.unicodeScalars {
      let value = scalar.value
      if value < 128, table[state * 128 + Int(value)] >= 0 {
        state = Int(table[state * 128 + Int(value)])
      } else {
        var next: [Int] = []
        for pc in sets[state] {
          if case .consume(let matcher) = program[pc],
            Regex.accepts(matcher, value, ignoreCase: ignoreCase)
          {
            next.append(pc + 1)
          }
        }
        let target = intern(closure(of: next + restart, atStart: false))
        guard sets.count <= Self.maxStates else { return nil }
        if value < 128 { table[state * 128 + Int(value)] = Int32(target) }
        state = target
      }
      if accepting[state] { return true }
    }
    // `$` holds at the end: follow assertEnd instructions one last time.
    return sets[state].contains { pc in
      if case .assertEnd = program[pc] {
        return closure(of: [pc + 1], atStart: false, atEnd: true).contains {
          program[$0] == .match
        }
      }
      return false
    }
  }

  private mutating func intern(_ set: [Int]) -> Int {
    if let id = ids[set] { return id }
    let id = sets.count
    sets.append(set)
    ids[set] = id
    accepting.append(set.contains { program[$0] == .match })
    table.append(contentsOf: repeatElement(-1, count: 128))
    return id
  }

  /// The program counters reachable from `starts` without consuming, kept where they consume,
  /// match, or assert the end (decided at the end of the text).
  private mutating func closure(of starts: [Int], atStart: Bool, atEnd: Bool = false) -> [Int] {
    var result: [Int] = []
    var touched: [Int] = []
    stack.append(contentsOf: starts.reversed())
    while let pc = stack.popLast() {
      guard !visited[pc] else { continue }
      visited[pc] = true
      touched.append(pc)
      switch program[pc] {
      case .jump(let target): stack.append(target)
      case .split(let first, let second):
        stack.append(second)
        stack.append(first)
      case .assertStart: if atStart { stack.append(pc + 1) }
      case .assertEnd:
        if atEnd { stack.append(pc + 1) } else { result.append(pc) }
      case .consume, .match: result.append(pc)
      }
    }
    for pc in touched { visited[pc] = false }
    return result.sorted()
  }
}
