/// What containers need to know about a numpy dtype: its item size and whether it holds objects.
///
/// Parsed from the spellings numpy accepts in `np.dtype(str)`: typestrings (`<f8`, `<U10`, `|S5`,
/// `M8[ns]`, `|O`), one-letter codes (`d`, `?`), names (`float64`, `object`), comma lists
/// (`f8,O`) and subarray prefixes (`(2,3)f4`).
struct DTypeInfo: Equatable {
  /// Bytes per element; nil for a flexible type given without a size (`U`, `S`, `V`).
  var itemSize: Int?
  /// True when numpy would pickle the elements (object dtype, or a field that is one).
  var hasObject: Bool

  private static let letterSizes: [Character: Int] = [
    "?": 1, "b": 1, "B": 1, "h": 2, "H": 2, "i": 4, "I": 4, "l": 8, "L": 8, "q": 8, "Q": 8,
    "p": 8, "P": 8, "n": 8, "N": 8, "e": 2, "f": 4, "d": 8, "g": 16, "F": 8, "D": 16, "G": 32,
    "M": 8, "m": 8,
  ]

  private static let namedSizes: [String: Int] = [
    "bool": 1, "bool_": 1, "bool8": 1, "byte": 1, "ubyte": 1, "short": 2, "ushort": 2,
    "intc": 4, "uintc": 4, "int": 8, "int_": 8, "uint": 8, "long": 8, "ulong": 8,
    "longlong": 8, "ulonglong": 8, "intp": 8, "uintp": 8, "half": 2, "single": 4, "double": 8,
    "float": 8, "longdouble": 16, "longfloat": 16, "csingle": 8, "singlecomplex": 8,
    "cdouble": 16, "complex": 16, "cfloat": 16, "clongdouble": 32, "clongfloat": 32,
  ]

  /// The typestrings `np.save` writes for plain numbers, parsed once: a hub of `.npy` files
  /// spells almost nothing else.
  private static let common: [String: DTypeInfo] = {
    var table: [String: DTypeInfo] = [:]
    for order in ["<", ">", "|", "="] {
      for code in ["b1", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f2", "f4", "f8", "f16"]
        + ["c8", "c16", "c32", "O", "?"]
      {
        if let info = parseSpelling(order + code) { table[order + code] = info }
      }
    }
    return table
  }()

  /// Parses a dtype spelling, or returns nil when numpy would refuse it.
  static func parse(_ spelling: String) -> DTypeInfo? {
    common[spelling] ?? parseSpelling(spelling)
  }

  private static func parseSpelling(_ spelling: String) -> DTypeInfo? {
    var text = Substring(spelling.trimmingSpaces)
    let fields = topLevelFields(text)
    if fields.count > 1 {
      var total: Int? = 0
      var object = false
      for part in fields {
        guard let field = parseSpelling(String(part)) else { return nil }
        object = object || field.hasObject
        total = field.itemSize.flatMap { size in
          total.flatMap { $0.addingReportingOverflow(size).overflow ? nil : $0 + size }
        }
      }
      return DTypeInfo(itemSize: total, hasObject: object)
    }
    var repeatCount = 1
    if text.first == "(" {
      guard let close = text.firstIndex(of: ")") else { return nil }
      for dimension in text[text.index(after: text.startIndex)..<close].split(separator: ",") {
        guard let value = Int(dimension.trimmingSpaces), value >= 0 else { return nil }
        let (product, overflow) = repeatCount.multipliedReportingOverflow(by: value)
        guard !overflow else { return nil }
        repeatCount = product
      }
      text = text[text.index(after: close)...]
    }
    if let first = text.first, "<>|=!".contains(first) { text = text.dropFirst() }
    guard var info = base(String(text)) else { return nil }
    if repeatCount != 1 {
      info.itemSize = info.itemSize.flatMap { size in
        let (product, overflow) = size.multipliedReportingOverflow(by: repeatCount)
        return overflow ? nil : product
      }
    }
    return info
  }

  /// The comma-separated parts of a spelling, ignoring commas inside a `(…)` shape.
  private static func topLevelFields(_ text: Substring) -> [Substring] {
    var fields: [Substring] = []
    var depth = 0
    var start = text.startIndex
    for index in text.indices {
      switch text[index] {
      case "(": depth += 1
      case ")": depth -= 1
      case "," where depth == 0:
        fields.append(text[start..<index])
        start = text.index(after: index)
      default: break
      }
    }
    fields.append(text[start...])
    return fields.filter { !$0.isEmpty }
  }

  private static func base(_ text: String) -> DTypeInfo? {
    let lowered = text.lowercased()
    if text.hasPrefix("O") || lowered.hasPrefix("object") {
      return DTypeInfo(itemSize: 8, hasObject: true)
    }
    if let size = namedSizes[lowered] { return DTypeInfo(itemSize: size, hasObject: false) }
    for (prefix, kind) in [
      ("datetime64", "M"), ("timedelta64", "m"), ("complex", "c"), ("float", "f"),
      ("uint", "u"), ("int", "i"), ("str", "U"), ("unicode", "U"), ("bytes", "S"),
      ("void", "V"),
    ] where lowered.hasPrefix(prefix) {
      let digits = lowered.dropFirst(prefix.count).prefix { $0.isNumber }
      switch kind {
      case "M", "m": return DTypeInfo(itemSize: 8, hasObject: false)
      case "U", "S", "V":
        let rest = lowered.dropFirst(prefix.count)
        guard rest.isEmpty || rest == "_" else { return nil }
        return DTypeInfo(itemSize: nil, hasObject: false)
      default:
        guard let bits = Int(digits), bits % 8 == 0, bits > 0 else { return nil }
        return DTypeInfo(itemSize: bits / 8, hasObject: false)
      }
    }
    guard let kind = text.first else { return nil }
    let rest = text.dropFirst()
    let digits = rest.prefix { $0.isNumber }
    let suffix = rest.dropFirst(digits.count)
    guard suffix.isEmpty || (suffix.first == "[" && suffix.last == "]") else { return nil }
    let count = digits.isEmpty ? nil : Int(digits)
    if !digits.isEmpty, count == nil { return nil }
    switch kind {
    case "U":
      return DTypeInfo(
        itemSize: count.flatMap { $0 > Int.max / 4 ? nil : $0 * 4 },
        hasObject: false
      )
    case "S", "a", "V": return DTypeInfo(itemSize: count, hasObject: false)
    case "b" where count != nil:
      return count == 1 ? DTypeInfo(itemSize: 1, hasObject: false) : nil
    case "i", "u", "f", "c":
      let valid: [Character: Set<Int>] = [
        "i": [1, 2, 4, 8], "u": [1, 2, 4, 8], "f": [2, 4, 8, 12, 16], "c": [8, 16, 24, 32],
      ]
      if let count, valid[kind]?.contains(count) != true { return nil }
      guard let count else {
        return letterSizes[kind].map { DTypeInfo(itemSize: $0, hasObject: false) }
      }
      return DTypeInfo(itemSize: count, hasObject: false)
    case "M", "m":
      return DTypeInfo(itemSize: 8, hasObject: false)
    default:
      guard count == nil, let size = letterSizes[kind] else { return nil }
      return DTypeInfo(itemSize: size, hasObject: false)
    }
  }
}

extension StringProtocol {
  /// The text without leading and trailing spaces.
  var trimmingSpaces: Substring {
    var trimmed = Substring(self)
    while trimmed.first == " " { trimmed.removeFirst() }
    while trimmed.last == " " { trimmed.removeLast() }
    return trimmed
  }
}
