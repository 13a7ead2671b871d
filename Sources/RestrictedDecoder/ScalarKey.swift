import PickleCore

/// Keys compared the way Python's `dict` compares them, for the values where that is cheap.
enum ScalarKey: Hashable {
  case none
  case int(Int64)
  case bigInt(PyInt)
  case float(UInt64)
  case string(String)
  case bytes([UInt8])
  case identity(ObjectIdentifier)
  case global(String)

  /// The key of `value`, or `nil` when equality needs a deep comparison (tuples by value).
  init?(_ value: Value) {
    switch value {
    case .none: self = .none
    case .bool(let flag): self = .int(flag ? 1 : 0)
    case .int(let number): self = .int(number)
    case .bigInt(let number): self = .bigInt(number)
    case .float(let number):
      if number.isNaN { return nil }
      if number == number.rounded(), let exact = Int64(exactly: number) {
        self = .int(exact)
      } else {
        self = .float(number.bitPattern)
      }
    case .string(let text): self = .string(text)
    case .bytes(let bytes):
      guard bytes.isComplete else { return nil }
      self = .bytes(bytes.prefix)
    case .node(let node): self = .identity(ObjectIdentifier(node))
    case .global(let reference): self = .global(reference.name)
    }
  }
}
