/// A shell-style name pattern: `*` matches any run of characters (dots included), `?` one
/// character, `[abc]`/`[a-z]`/`[!abc]` one character of a set, and `\` escapes the next one.
///
/// `"subprocess.*"` matches every name in `subprocess` and its submodules; a pattern without
/// metacharacters matches only itself. Matching is linear in practice (one backtrack point).
struct Glob: Sendable, Hashable, CustomStringConvertible {
  enum Element: Sendable, Hashable {
    case scalar(Unicode.Scalar)
    case anyOne
    case star
    case set(CharacterSet)
  }

  /// The pattern as written.
  let description: String
  private let elements: [Element]
  /// A pattern without metacharacters, matched by string equality.
  let exactText: String?
  /// A literal followed by one trailing `*`, matched by prefix.
  private let prefix: String?
  /// One leading `*` followed by a literal, matched by suffix.
  private let suffix: String?
  /// The literal text before the first dot, when the pattern starts with a literal that has a
  /// dot: every match starts with `root.`.
  let root: Substring?
  /// For `*.name` (no other metacharacter, no other dot): `name`.
  var lastComponent: Substring? {
    guard let suffix, suffix.hasPrefix("."), suffix.dropFirst().firstIndex(of: ".") == nil else {
      return nil
    }
    return suffix.dropFirst()
  }

  init(_ pattern: String) throws(PatternError) {
    description = pattern
    // Most patterns are a plain name or `name.*`, matched by `exactText` or `prefix` alone:
    // building an element list for each of the catalog's thousands of names slows start-up.
    let bytes = pattern.utf8
    let isMetacharacter = { (byte: UInt8) in
      byte == 0x2A || byte == 0x3F || byte == 0x5C || byte == 0x5B
    }
    if !bytes.contains(where: isMetacharacter) {
      (elements, exactText, prefix, suffix, root) = ([], pattern, nil, nil, nil)
      return
    }
    if bytes.last == 0x2A, !bytes.dropLast().contains(where: isMetacharacter) {
      let literal = String(decoding: bytes.dropLast(), as: UTF8.self)
      let dot = literal.firstIndex(of: ".")
      (elements, exactText, prefix, suffix, root) = (
        [], nil, literal, nil, dot.map { literal[..<$0] }
      )
      return
    }
    var elements: [Element] = []
    let scalars = Array(pattern.unicodeScalars)
    var index = 0
    while index < scalars.count {
      let scalar = scalars[index]
      index += 1
      switch scalar {
      case "*":
        if elements.last != .star { elements.append(.star) }
      case "?": elements.append(.anyOne)
      case "\\":
        guard index < scalars.count else { throw PatternError("pattern ends with \"\\\"") }
        elements.append(.scalar(scalars[index]))
        index += 1
      case "[":
        let (set, next) = try CharacterSet.parse(scalars, from: index, negation: ["!", "^"])
        elements.append(.set(set))
        index = next
      default: elements.append(.scalar(scalar))
      }
    }
    self.elements = elements
    let literal = elements.map { element -> Unicode.Scalar? in
      if case .scalar(let scalar) = element { return scalar }
      return nil
    }
    let leading = String(String.UnicodeScalarView(literal.prefix { $0 != nil }.compactMap { $0 }))
    let tail = literal.dropFirst()
    exactText = literal.allSatisfy({ $0 != nil }) ? leading : nil
    prefix =
      exactText == nil && elements.last == .star && literal.dropLast().allSatisfy({ $0 != nil })
      ? leading : nil
    suffix =
      exactText == nil && elements.first == .star && !tail.isEmpty
        && tail.allSatisfy({ $0 != nil })
      ? String(String.UnicodeScalarView(tail.compactMap { $0 })) : nil
    if let dot = leading.firstIndex(of: "."), exactText == nil {
      root = leading[..<dot]
    } else {
      root = nil
    }
  }

  static func == (lhs: Glob, rhs: Glob) -> Bool { lhs.description == rhs.description }
  func hash(into hasher: inout Hasher) { hasher.combine(description) }

  func matches(_ text: String) -> Bool {
    if let exactText { return text == exactText }
    if let prefix { return text.hasPrefix(prefix) }
    if let suffix { return text.hasSuffix(suffix) }
    let input = text.unicodeScalars
    var pattern = 0
    var position = input.startIndex
    var starPattern = -1
    var starPosition = input.startIndex
    while position != input.endIndex {
      if pattern < elements.count, elements[pattern] == .star {
        starPattern = pattern
        starPosition = position
        pattern += 1
      } else if pattern < elements.count, matchesOne(elements[pattern], input[position]) {
        pattern += 1
        position = input.index(after: position)
      } else if starPattern >= 0 {
        pattern = starPattern + 1
        starPosition = input.index(after: starPosition)
        position = starPosition
      } else {
        return false
      }
    }
    while pattern < elements.count, elements[pattern] == .star { pattern += 1 }
    return pattern == elements.count
  }

  private func matchesOne(_ element: Element, _ scalar: Unicode.Scalar) -> Bool {
    switch element {
    case .scalar(let expected): scalar == expected
    case .anyOne: true
    case .star: false
    case .set(let set): set.contains(scalar.value, ignoringCase: false)
    }
  }
}

/// A malformed glob or regular expression.
struct PatternError: Error, Sendable {
  let message: String
  init(_ message: String) { self.message = message }
}

/// A bracketed set of characters: ranges, optionally negated.
struct CharacterSet: Sendable, Hashable {
  var ranges: [ClosedRange<UInt32>]
  var negated: Bool

  func contains(_ value: UInt32, ignoringCase: Bool) -> Bool {
    var found = ranges.contains { $0.contains(value) }
    if !found, ignoringCase {
      let folded = [asciiLower(value), asciiUpper(value)]
      found = folded.contains { candidate in ranges.contains { $0.contains(candidate) } }
    }
    return found != negated
  }

  /// Parses a bracketed set from just after `[` to just after `]`.
  ///
  /// `negation` are the scalars that negate when first; `escapes` adds class escapes (`\d`).
  static func parse(
    _ scalars: [Unicode.Scalar],
    from start: Int,
    negation: Set<Unicode.Scalar>,
    escapes: (Unicode.Scalar) -> [ClosedRange<UInt32>]? = { _ in nil }
  ) throws(PatternError) -> (CharacterSet, Int) {
    var index = start
    var set = CharacterSet(ranges: [], negated: false)
    if index < scalars.count, negation.contains(scalars[index]) {
      set.negated = true
      index += 1
    }
    var first = true
    while true {
      guard index < scalars.count else { throw PatternError("unterminated \"[\"") }
      var scalar = scalars[index]
      index += 1
      if scalar == "]" && !first { return (set, index) }
      first = false
      if scalar == "\\" {
        guard index < scalars.count else { throw PatternError("pattern ends with \"\\\"") }
        scalar = scalars[index]
        index += 1
        if let ranges = escapes(scalar) {
          set.ranges += ranges
          continue
        }
        scalar = unescape(scalar)
      }
      if index + 1 < scalars.count, scalars[index] == "-", scalars[index + 1] != "]" {
        var upper = scalars[index + 1]
        index += 2
        if upper == "\\", index < scalars.count {
          upper = unescape(scalars[index])
          index += 1
        }
        guard scalar.value <= upper.value else {
          throw PatternError("range \(scalar)-\(upper) is out of order")
        }
        set.ranges.append(scalar.value...upper.value)
      } else {
        set.ranges.append(scalar.value...scalar.value)
      }
    }
  }
}

func unescape(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
  switch scalar {
  case "n": "\n"
  case "t": "\t"
  case "r": "\r"
  case "0": "\0"
  default: scalar
  }
}

func asciiLower(_ value: UInt32) -> UInt32 { (65...90).contains(value) ? value + 32 : value }
func asciiUpper(_ value: UInt32) -> UInt32 { (97...122).contains(value) ? value - 32 : value }
