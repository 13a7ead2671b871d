import PickleCore

/// A stack slot or memo entry of the symbolic machine: 16 bytes, no references.
///
/// Scalars live inline; strings and bytes refer to the input by offset and length and are decoded
/// only when needed; everything with identity (containers, globals, calls) is a ``Node`` in the
/// machine's arena, referred to by index.
struct Value: Equatable {
  var tag: Tag
  /// Text encoding or bytes kind for `.text` / `.bytes`.
  var sub: UInt8
  /// Length of a text or bytes span.
  var count: UInt32
  /// Offset, integer, float bits, side-table index or node index, by tag.
  var bits: UInt64

  enum Tag: UInt8 {
    case unset, none, bool, int, float, bigInt, long, text, bytes, emptyTuple, node, unknown
  }

  /// How a `.text` span decodes.
  enum TextEncoding: UInt8 {
    case utf8, rawUnicodeEscape, escapedString, rawString, asciiLine
  }

  static let unset = Value(tag: .unset, sub: 0, count: 0, bits: 0)
  static let none = Value(tag: .none, sub: 0, count: 0, bits: 0)
  static let unknown = Value(tag: .unknown, sub: 0, count: 0, bits: 0)
  static let emptyTuple = Value(tag: .emptyTuple, sub: 0, count: 0, bits: 0)

  static func bool(_ value: Bool) -> Value {
    Value(tag: .bool, sub: value ? 1 : 0, count: 0, bits: 0)
  }
  static func int(_ value: Int64) -> Value {
    Value(tag: .int, sub: 0, count: 0, bits: UInt64(bitPattern: value))
  }
  static func float(_ value: Double) -> Value {
    Value(tag: .float, sub: 0, count: 0, bits: value.bitPattern)
  }
  static func node(_ index: Int32) -> Value {
    Value(tag: .node, sub: 0, count: 0, bits: UInt64(UInt32(bitPattern: index)))
  }

  var nodeIndex: Int32? {
    tag == .node ? Int32(bitPattern: UInt32(truncatingIfNeeded: bits)) : nil
  }
  var intValue: Int64? { tag == .int ? Int64(bitPattern: bits) : nil }
  var boolValue: Bool { sub != 0 }
  var floatValue: Double { Double(bitPattern: bits) }
  var range: ByteRange { ByteRange(start: Int(bits), count: Int(count)) }
}

/// What an arena node stands for.
enum NodeKind: UInt8 {
  case list, tuple, dict, set, frozenset
  /// A global, module, namespace or attribute path (`symbols[a]`).
  case symbol
  /// The result of call `a` whose value is not known statically.
  case callResult
  /// Text or bytes computed at load time (`computed[a]`).
  case computed
  /// A persistent id's object; child 0 is the id.
  case persistent
  /// An `EXT1/2/4` object; `a` is the code.
  case ext
  /// An out-of-band buffer; `b` is 1 when read-only.
  case buffer
  /// `functools.partial(f, *args, **kwargs)`: children f, args tuple, kwargs dict; call `a`.
  case partial
  /// `operator.methodcaller(name, *args)`: `b` is the name (`computed`), children args.
  case methodCaller
  /// `operator.attrgetter(*names)`: children are the names.
  case attrGetter
  /// `operator.itemgetter(*keys)`: children are the keys.
  case itemGetter
  /// A bound method: child 0 is the receiver, `b` the name (`computed`).
  case boundMethod
  /// `io.BytesIO(data)`: child 0 is the data.
  case stream
  /// `pickle.Unpickler(stream)`: child 0 is the stream; `b` is the deserializer (`symbols`).
  case unpickler
  /// A value nobody can know statically (`dynamics[a]`).
  case dynamic
  /// A large value summarised (`dynamics[a]` describes it).
  case opaque
}

/// How a chunk of a node's children relates to it.
enum ChunkRole: UInt8 {
  /// Tracked items (for literals and liveness).
  case items
  /// Node items beyond the tracked cap (liveness only).
  case overflow
  /// `BUILD` state.
  case state
  /// Inputs of the call that produced the node (callee, arguments).
  case inputs
}

/// One arena node.
struct Node {
  init(kind: NodeKind) { self.kind = kind }

  var kind: NodeKind
  var flags: UInt8 = 0
  var a: Int32 = 0
  var b: Int32 = 0
  /// Items ever added (pairs for a dict).
  var itemCount: Int32 = 0
  /// Items kept in `.items` chunks (values, so pairs count twice for a dict).
  var tracked: Int32 = 0
  var firstChunk: Int32 = -1
  var lastChunk: Int32 = -1
  /// `GET`s that returned this node.
  var gets: UInt32 = 0
  /// The call that made the node, or -1.
  var call: Int32 = -1

  static let hasState: UInt8 = 1
  static let readonly: UInt8 = 2
}

/// A run of a node's children in the machine's value pool.
struct Chunk {
  var start: Int32
  var count: Int32
  var next: Int32
  var role: ChunkRole
}
