/// Parses a regular expression into a tree; groups nest at most 32 deep.
struct RegexParser {
  indirect enum Node: Sendable {
    case empty
    case match(Regex.Matcher)
    case sequence([Node])
    case alternation([Node])
    case repetition(Node, min: Int, max: Int?)
    case start
    case end
  }

  let scalars: [Unicode.Scalar]
  var index = 0
  static let maxDepth = 32
  static let maxRepeat = 100

  init(scalars: [Unicode.Scalar]) { self.scalars = scalars }

  mutating func parseAll() throws(PatternError) -> Node {
    let node = try parseAlternation(depth: 0)
    if index < scalars.count { throw PatternError("unbalanced \")\"") }
    return node
  }

  private var peek: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

  private mutating func parseAlternation(depth: Int) throws(PatternError) -> Node {
    guard depth <= Self.maxDepth else {
      throw PatternError("groups nest deeper than \(Self.maxDepth)")
    }
    var branches = [try parseSequence(depth: depth)]
    while peek == "|" {
      index += 1
      branches.append(try parseSequence(depth: depth))
    }
    return branches.count == 1 ? branches[0] : .alternation(branches)
  }

  private mutating func parseSequence(depth: Int) throws(PatternError) -> Node {
    var items: [Node] = []
    while let scalar = peek, scalar != "|", scalar != ")" {
      var atom = try parseAtom(depth: depth)
      while let quantifier = peek, ["*", "+", "?", "{"].contains(quantifier) {
        if case .start = atom { throw PatternError("nothing to repeat") }
        if case .end = atom { throw PatternError("nothing to repeat") }
        if case .repetition = atom, quantifier != "?" {
          throw PatternError("multiple repeat")
        }
        if case .repetition = atom {
          index += 1  // a lazy quantifier means the same here
          continue
        }
        atom = try parseQuantifier(on: atom)
      }
      items.append(atom)
    }
    return items.count == 1 ? items[0] : (items.isEmpty ? .empty : .sequence(items))
  }

  private mutating func parseQuantifier(on atom: Node) throws(PatternError) -> Node {
    let scalar = scalars[index]
    index += 1
    switch scalar {
    case "*": return .repetition(atom, min: 0, max: nil)
    case "+": return .repetition(atom, min: 1, max: nil)
    case "?": return .repetition(atom, min: 0, max: 1)
    default:
      let low = readNumber()
      var high: Int? = low
      if peek == "," {
        index += 1
        high = readNumber()
      }
      guard peek == "}", let low else { throw PatternError("malformed \"{m,n}\" repeat") }
      index += 1
      if let high, high < low { throw PatternError("repeat {\(low),\(high)} is out of order") }
      guard Swift.max(low, high ?? 0) <= Self.maxRepeat else {
        throw PatternError("repeat count above \(Self.maxRepeat)")
      }
      return .repetition(atom, min: low, max: high)
    }
  }

  private mutating func readNumber() -> Int? {
    var value: Int?
    while let scalar = peek, scalar >= "0", scalar <= "9", (value ?? 0) < 100_000 {
      value = (value ?? 0) * 10 + Int(scalar.value - 48)
      index += 1
    }
    return value
  }

  private mutating func parseAtom(depth: Int) throws(PatternError) -> Node {
    let scalar = scalars[index]
    index += 1
    switch scalar {
    case ".": return .match(.any)
    case "^": return .start
    case "$": return .end
    case "*", "+", "?", "{": throw PatternError("nothing to repeat")
    case "(":
      if peek == "?" {
        guard index + 1 < scalars.count, scalars[index + 1] == ":" else {
          throw PatternError("only (?:…) groups and a leading (?i) are supported")
        }
        index += 2
      }
      let inner = try parseAlternation(depth: depth + 1)
      guard peek == ")" else { throw PatternError("missing \")\"") }
      index += 1
      return .sequence([inner])  // a group may be repeated even when it holds a repeat
    case "[":
      let (set, next) = try CharacterSet.parse(
        scalars,
        from: index,
        negation: ["^"],
        escapes: Self.classRanges
      )
      index = next
      return .match(.set(set))
    case "\\":
      guard let escaped = peek else { throw PatternError("pattern ends with \"\\\"") }
      index += 1
      if let ranges = Self.classRanges(escaped) {
        return .match(.set(CharacterSet(ranges: ranges, negated: false)))
      }
      if let ranges = Self.classRanges(Unicode.Scalar(asciiLower(escaped.value)) ?? escaped),
        escaped.value >= 65, escaped.value <= 90
      {
        return .match(.set(CharacterSet(ranges: ranges, negated: true)))
      }
      let isLetter = (escaped >= "a" && escaped <= "z") || (escaped >= "A" && escaped <= "Z")
      guard !isLetter || ["n", "t", "r"].contains(escaped) else {
        throw PatternError("unsupported escape \"\\\(escaped)\"")
      }
      return .match(.scalar(unescape(escaped).value))
    default:
      return .match(.scalar(scalar.value))
    }
  }

  /// `\d`, `\w`, `\s` (ASCII).
  static func classRanges(_ scalar: Unicode.Scalar) -> [ClosedRange<UInt32>]? {
    switch scalar {
    case "d": [48...57]
    case "w": [48...57, 65...90, 95...95, 97...122]
    case "s": [9...13, 32...32]
    default: nil
    }
  }
}

/// Turns a regex tree into Pike VM instructions (the tree is at most ~100 levels deep, since
/// groups nest at most 32 deep, so plain recursion is bounded).
struct RegexCompiler {
  var program: [Regex.Instruction] = []

  private mutating func append(_ instruction: Regex.Instruction) throws(PatternError) {
    guard program.count < Regex.maxProgramSize else { throw PatternError("pattern is too large") }
    program.append(instruction)
  }

  mutating func emit(_ node: RegexParser.Node) throws(PatternError) {
    switch node {
    case .empty: break
    case .match(let matcher): try append(.consume(matcher))
    case .start: try append(.assertStart)
    case .end: try append(.assertEnd)
    case .sequence(let items):
      for item in items { try emit(item) }
    case .alternation(let branches):
      var jumps: [Int] = []
      for branch in branches.dropLast() {
        let split = program.count
        try append(.split(split + 1, -1))
        try emit(branch)
        jumps.append(program.count)
        try append(.jump(-1))
        program[split] = .split(split + 1, program.count)
      }
      if let last = branches.last { try emit(last) }
      for jump in jumps { program[jump] = .jump(program.count) }
    case .repetition(let inner, let min, let max):
      for _ in 0..<min { try emit(inner) }
      if let max {
        var splits: [Int] = []
        for _ in min..<max {
          splits.append(program.count)
          try append(.split(program.count + 1, -1))
          try emit(inner)
        }
        for split in splits { program[split] = .split(split + 1, program.count) }
      } else {
        let split = program.count
        try append(.split(split + 1, -1))
        try emit(inner)
        try append(.jump(split))
        program[split] = .split(split + 1, program.count)
      }
    }
  }
}
