import PickleCore

/// A Python value built by the restricted decoder.
///
/// Scalars are stored inline; everything with identity or parts (containers, emulated objects)
/// is a ``Node``, shared by reference exactly where the pickle shares it through its memo.
public enum Value {
  /// `None`.
  case none
  /// `True` or `False`.
  case bool(Bool)
  /// An `int` that fits in 64 bits.
  case int(Int64)
  /// An `int` beyond 64 bits.
  case bigInt(PyInt)
  /// A `float`.
  case float(Double)
  /// A `str` (lone surrogates are replaced by U+FFFD).
  case string(String)
  /// A `bytes` value, kept as its length and a bounded prefix.
  case bytes(ByteString)
  /// A container or an emulated object.
  case node(Node)
  /// A reference to an allowlisted global (a class, a dtype, an enum member).
  case global(GlobalReference)

  /// The node, when the value is one.
  public var node: Node? {
    if case .node(let node) = self { return node }
    return nil
  }

  /// The text, when the value is a `str`.
  public var string: String? {
    if case .string(let text) = self { return text }
    return nil
  }

  /// The integer, when the value is an `int` within 64 bits or a `bool`.
  public var int: Int64? {
    switch self {
    case .int(let value): value
    case .bool(let value): value ? 1 : 0
    default: nil
    }
  }

  /// Python's type name of the value, for messages.
  public var typeName: String {
    switch self {
    case .none: "NoneType"
    case .bool: "bool"
    case .int, .bigInt: "int"
    case .float: "float"
    case .string: "str"
    case .bytes: "bytes"
    case .node(let node): node.type
    case .global(let reference): reference.name
    }
  }
}

/// A `bytes` payload: its length and up to a bounded number of its leading bytes.
///
/// Large payloads (array data) are never copied whole: the decoder needs only their length.
public struct ByteString: Sendable, Equatable {
  /// Length of the Python value.
  public let count: Int
  /// The first bytes, at most ``DecodeLimits/maxBytesKept``.
  public let prefix: [UInt8]

  /// True when ``prefix`` holds every byte.
  public var isComplete: Bool { prefix.count == count }

  /// A complete byte string.
  public init(_ bytes: [UInt8]) {
    self.count = bytes.count
    self.prefix = bytes
  }

  /// A byte string of `count` bytes of which `prefix` are the first.
  public init(count: Int, prefix: [UInt8]) {
    precondition(prefix.count <= count, "prefix longer than the value")
    self.count = count
    self.prefix = prefix
  }
}

/// A reference to a global the allowlist admits, with what the pickle may do with it.
public struct GlobalReference: Sendable {
  /// `module.qualname` after Python 2 name mapping.
  public let name: String
  let permission: Permission
}
