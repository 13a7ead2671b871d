/// A NumPy dtype as `numpy.dtype(typecode, align, copy)` plus `dtype.__setstate__` describe it.
struct NumPyDtype: Sendable, Equatable {
  /// Kind character: `b i u f c m M O S U V`.
  var kind: Character
  /// Element size in bytes.
  var itemSize: Int
  /// Byte order: `<`, `>`, `|` or `=`.
  var endian: Character = "|"
  /// Datetime unit (`ns`, `10s`) of `M` and `m` kinds.
  var unit: String?
  /// Field names of a structured dtype.
  var names: [String]?
  /// True once `BUILD` has set the state.
  var isBuilt = false

  /// Parses a typecode as `numpy.dtype.__reduce__` writes it (`f8`, `U10`, `O8`, `M8`, `V12`).
  init?(typecode: String) {
    guard let first = typecode.first, "biufcmMOSUV".contains(first) else { return nil }
    let digits = typecode.dropFirst()
    guard digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), digits.count <= 9 else {
      return nil
    }
    let number = Int(digits) ?? 0
    kind = first
    switch first {
    case "U": itemSize = number * 4
    case "O", "M", "m": itemSize = 8
    case "S", "V": itemSize = number
    default:
      guard [1, 2, 4, 8, 16].contains(number) else { return nil }
      itemSize = number
    }
    if !"bOSV".contains(first), itemSize > 1 { endian = "<" }
  }

  private init(kind: Character, itemSize: Int) {
    self.kind = kind
    self.itemSize = itemSize
  }

  /// A structured dtype from `numpy.dtype(numpy.record, ...)`; `BUILD` gives its size.
  static let record = NumPyDtype(kind: "V", itemSize: 0)

  /// NumPy's `dtype.str`: `<f8`, `|O`, `<U10`, `<M8[ns]`, `|V12`.
  var text: String {
    switch kind {
    case "O": return "|O"
    case "U": return "\(endian)U\(itemSize / 4)"
    case "M", "m": return "\(endian)\(kind)8" + (unit.map { "[\($0)]" } ?? "")
    default: return "\(endian)\(kind)\(itemSize)"
    }
  }
}
