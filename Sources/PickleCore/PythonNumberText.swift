/// Parsers for the text numbers of protocol 0, each following one CPython routine exactly.
///
/// Lines are passed without their trailing newline.
enum PythonNumberText {
  /// CPython reads at most this many decimal digits (`sys.int_info.default_max_str_digits`).
  static let maxDecimalDigits = 4300
  /// Our own bound for power-of-two bases, which CPython does not limit, to stay linear.
  static let maxOtherDigits = 1 << 16

  static func isCSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
  }

  static func digitValue(_ byte: UInt8) -> UInt32? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "z"): UInt32(byte - UInt8(ascii: "a")) + 10
    case UInt8(ascii: "A")...UInt8(ascii: "Z"): UInt32(byte - UInt8(ascii: "A")) + 10
    default: nil
    }
  }

  /// C `strtol(s, &end, 0)`: the value (nil on overflow) and the index where parsing stopped.
  static func strtolBase0(_ s: [UInt8]) -> (value: Int64?, end: Int) {
    var index = 0
    while index < s.count, isCSpace(s[index]) { index += 1 }
    var negative = false
    if index < s.count, s[index] == UInt8(ascii: "+") || s[index] == UInt8(ascii: "-") {
      negative = s[index] == UInt8(ascii: "-")
      index += 1
    }
    var base: UInt32 = 10
    if index < s.count, s[index] == UInt8(ascii: "0") {
      let hasHexPrefix =
        index + 2 < s.count && s[index + 1] | 0x20 == UInt8(ascii: "x")
        && (digitValue(s[index + 2]) ?? 16) < 16
      if hasHexPrefix {
        base = 16
        index += 2
      } else {
        base = 8
      }
    }
    let digitsStart = index
    var magnitude: UInt64 = 0
    var overflow = false
    while index < s.count, let digit = digitValue(s[index]), digit < base {
      let (product, o1) = magnitude.multipliedReportingOverflow(by: UInt64(base))
      let (sum, o2) = product.addingReportingOverflow(UInt64(digit))
      overflow = overflow || o1 || o2
      magnitude = sum
      index += 1
    }
    if index == digitsStart { return (0, 0) }  // no conversion: end points at the start
    let limit = negative ? UInt64(Int64.max) + 1 : UInt64(Int64.max)
    if overflow || magnitude > limit { return (nil, index) }
    let value = negative ? (magnitude == limit ? Int64.min : -Int64(magnitude)) : Int64(magnitude)
    return (value, index)
  }

  enum IntFailure: Error { case invalid, tooLong }

  /// `PyLong_FromString(s, NULL, base)` for base 0 or 10 over a NUL-free string.
  static func pyLongFromString(_ s: [UInt8], base0: Bool) -> Result<PyInt, IntFailure> {
    var index = 0
    while index < s.count, isCSpace(s[index]) { index += 1 }
    var negative = false
    if index < s.count, s[index] == UInt8(ascii: "+") || s[index] == UInt8(ascii: "-") {
      negative = s[index] == UInt8(ascii: "-")
      index += 1
    }
    var base: UInt32 = 10
    var leadingZeroRule = false
    if base0, index < s.count, s[index] == UInt8(ascii: "0") {
      let next = index + 1 < s.count ? s[index + 1] | 0x20 : 0
      switch next {
      case UInt8(ascii: "x"): base = 16
      case UInt8(ascii: "o"): base = 8
      case UInt8(ascii: "b"): base = 2
      default: leadingZeroRule = true
      }
      if base != 10 {
        index += 2
        if index < s.count, s[index] == UInt8(ascii: "_") { index += 1 }
      }
    }
    var value = PyInt()
    var digits = 0
    var nonZeroSeen = false
    var previousUnderscore = false
    while index < s.count {
      let byte = s[index]
      if byte == UInt8(ascii: "_") {
        if digits == 0 || previousUnderscore { return .failure(.invalid) }
        previousUnderscore = true
        index += 1
        continue
      }
      guard let digit = digitValue(byte), digit < base else { break }
      previousUnderscore = false
      digits += 1
      if digit != 0 { nonZeroSeen = true }
      if base == 10, digits > maxDecimalDigits { return .failure(.tooLong) }
      if base != 10, digits > maxOtherDigits { return .failure(.tooLong) }
      value.multiplyAdd(base, digit)
      index += 1
    }
    if digits == 0 || previousUnderscore { return .failure(.invalid) }
    if leadingZeroRule && nonZeroSeen { return .failure(.invalid) }
    while index < s.count, isCSpace(s[index]) { index += 1 }
    if index != s.count { return .failure(.invalid) }
    value.setNegative(negative)
    return .success(value)
  }

  /// Python's `int(b"...")` (base 10), as `pickletools` reads INT and LONG.
  static func pythonIntBase10(_ s: [UInt8]) -> PyInt? {
    try? pyLongFromString(s, base0: false).get()
  }

  /// A text integer's value as the C unpickler reads it.
  enum TextInteger: Equatable {
    case int(Int64)
    case bool(Bool)
    case big(PyInt)

    init(_ value: PyInt) {
      if let small = value.int64 { self = .int(small) } else { self = .big(value) }
    }

    var description: String {
      switch self {
      case .int(let value): String(value)
      case .big(let value): value.description
      case .bool(let value): value ? "True" : "False"
      }
    }
  }

  /// `load_int` of `_pickle.c`, and whether pickletools reads the line differently.
  static func parseINT(_ line: [UInt8]) -> (Result<TextInteger, IntFailure>, differs: Bool) {
    let (c, tools) = readingsINT(line)
    return (c, (try? c.get()) != tools)
  }

  static func readingsINT(_ line: [UInt8]) -> (Result<TextInteger, IntFailure>, TextInteger?) {
    let c: Result<TextInteger, IntFailure>
    let (value, end) = strtolBase0(line)
    if let value, end == line.count {
      if line.count == 2 && (value == 0 || value == 1) {
        c = .success(.bool(value == 1))
      } else {
        c = .success(.int(value))
      }
    } else {
      c = pyLongFromString(line, base0: true).map(TextInteger.init)
    }
    let tools: TextInteger?
    if line == Array("00".utf8) {
      tools = .bool(false)
    } else if line == Array("01".utf8) {
      tools = .bool(true)
    } else {
      tools = pythonIntBase10(line).map(TextInteger.init)
    }
    return (c, tools)
  }

  /// `load_long` of `_pickle.c` (one trailing `L` dropped, then base 0), and whether
  /// pickletools reads the line differently.
  static func parseLONG(_ line: [UInt8]) -> (Result<TextInteger, IntFailure>, differs: Bool) {
    let (c, tools) = readingsLONG(line)
    return (c, (try? c.get()) != tools)
  }

  static func readingsLONG(_ line: [UInt8]) -> (Result<TextInteger, IntFailure>, TextInteger?) {
    var body = line
    if body.last == UInt8(ascii: "L") { body.removeLast() }
    let c = pyLongFromString(body, base0: true).map(TextInteger.init)
    return (c, pythonIntBase10(body).map(TextInteger.init))
  }

  /// A memo key of text `PUT`/`GET`: `PyLong_FromString(s, NULL, 10)`.
  static func parseMemoKey(_ line: [UInt8]) -> Int64? {
    guard case .success(let value) = pyLongFromString(line, base0: false) else { return nil }
    return value.int64
  }

  /// `load_float` of `_pickle.c`: `PyOS_string_to_double` with overflow refused.
  static func parseFLOAT(_ line: [UInt8]) -> (Double?, Differential?) {
    guard let value = parseStrictDouble(line) else {
      return (nil, pythonFloatAccepts(line) ? .floatSpelling : nil)
    }
    return (value, nil)
  }

  /// Python's `float()` accepts spaces around and underscores between digits, and overflow.
  static func pythonFloatAccepts(_ line: [UInt8]) -> Bool {
    var trimmed = ArraySlice(line)
    while let first = trimmed.first, isCSpace(first) { trimmed.removeFirst() }
    while let last = trimmed.last, isCSpace(last) { trimmed.removeLast() }
    return isDecimalFloatSyntax(trimmed.filter { $0 != UInt8(ascii: "_") })
  }

  /// The grammar `PyOS_string_to_double` accepts: sign, digits, point, exponent, or inf/nan.
  static func isDecimalFloatSyntax(_ s: [UInt8]) -> Bool {
    var index = 0
    if index < s.count, s[index] == UInt8(ascii: "+") || s[index] == UInt8(ascii: "-") {
      index += 1
    }
    let word = String(decoding: s[index...], as: UTF8.self).lowercased()
    if word == "inf" || word == "infinity" || word == "nan" { return true }
    var mantissaDigits = 0
    while index < s.count, s[index] >= 0x30, s[index] <= 0x39 {
      index += 1
      mantissaDigits += 1
    }
    if index < s.count, s[index] == UInt8(ascii: ".") {
      index += 1
      while index < s.count, s[index] >= 0x30, s[index] <= 0x39 {
        index += 1
        mantissaDigits += 1
      }
    }
    guard mantissaDigits > 0 else { return false }
    if index < s.count, s[index] | 0x20 == UInt8(ascii: "e") {
      index += 1
      if index < s.count, s[index] == UInt8(ascii: "+") || s[index] == UInt8(ascii: "-") {
        index += 1
      }
      var exponentDigits = 0
      while index < s.count, s[index] >= 0x30, s[index] <= 0x39 {
        index += 1
        exponentDigits += 1
      }
      guard exponentDigits > 0 else { return false }
    }
    return index == s.count
  }

  static func parseStrictDouble(_ s: [UInt8]) -> Double? {
    guard isDecimalFloatSyntax(s), let value = Double(String(decoding: s, as: UTF8.self)) else {
      return nil
    }
    if value.isInfinite {
      // Overflow of a finite spelling raises OverflowError; only inf/infinity spell infinity.
      let word = String(decoding: s, as: UTF8.self).lowercased()
      guard word.hasSuffix("inf") || word.hasSuffix("infinity") else { return nil }
    }
    return value
  }
}
