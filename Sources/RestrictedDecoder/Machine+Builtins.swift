import PickleCore

/// Emulations of builtins, `_codecs`, `copyreg` and `collections`.
extension Machine {
  /// Items of an iterable argument: a list, tuple, set or frozenset.
  func iterable(_ call: Call, _ index: Int) throws(Refusal) -> [Value] {
    try call.node(index, .list, .tuple, .set, .frozenset).items
  }

  func makeSet(_ call: Call, kind: Node.Kind) throws(Refusal) -> Value {
    try call.count(0...1)
    let set = node(kind, kind == .set ? "set" : "frozenset")
    if !call.args.isEmpty { try add(try iterable(call, 0), to: set) }
    return .node(set)
  }

  /// `bytes()`/`bytearray()` arguments: nothing, bytes, a list of byte values, or
  /// `(str, 'latin-1')`.
  func byteArgument(_ call: Call) throws(Refusal) -> ByteString {
    try call.count(0...2)
    guard let first = call.args.first else { return ByteString([]) }
    switch first {
    case .bytes(let bytes) where call.args.count == 1:
      return bytes
    case .string(let text) where call.args.count == 2:
      guard Self.latin1Names.contains(try call.string(1).lowercased()) else {
        throw call.fail("only the latin-1 encoding is emulated")
      }
      return try latin1Bytes(text, call)
    case .node(let list) where call.args.count == 1 && list.kind == .list:
      var bytes: [UInt8] = []
      for item in list.items {
        guard let value = item.int, let byte = UInt8(exactly: value) else {
          throw call.fail("list items must be ints in 0...255")
        }
        bytes.append(byte)
      }
      return keep(bytes)
    default:
      throw call.fail("unsupported arguments")
    }
  }

  static let latin1Names: Set<String> = ["latin1", "latin-1", "iso-8859-1", "iso8859-1", "l1"]

  func latin1Bytes(_ text: String, _ call: Call) throws(Refusal) -> ByteString {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(min(text.unicodeScalars.count, limits.maxBytesKept))
    var count = 0
    for scalar in text.unicodeScalars {
      guard scalar.value < 256 else { throw call.fail("text is not latin-1") }
      if bytes.count < limits.maxBytesKept { bytes.append(UInt8(scalar.value)) }
      count += 1
    }
    return ByteString(count: count, prefix: bytes)
  }

  func keep(_ bytes: [UInt8]) -> ByteString {
    ByteString(count: bytes.count, prefix: Array(bytes.prefix(limits.maxBytesKept)))
  }

  /// `_codecs.encode(str, 'latin1')`: how protocols 0-2 write `bytes`.
  func codecsEncode(_ call: Call) throws(Refusal) -> Value {
    try call.count(2...2)
    let text = try call.string(0)
    guard Self.latin1Names.contains(try call.string(1).lowercased()) else {
      throw call.fail("only the latin-1 encoding is emulated")
    }
    return .bytes(try latin1Bytes(text, call))
  }

  func complex(_ call: Call) throws(Refusal) -> Value {
    try call.count(0...2)
    var parts: [Value] = [.float(0), .float(0)]
    for (index, argument) in call.args.enumerated() {
      switch argument {
      case .float, .int, .bool, .bigInt: parts[index] = argument
      default: throw call.fail("argument \(index + 1) must be a number")
      }
    }
    return .node(record("complex", [("real", parts[0]), ("imag", parts[1])]))
  }

  func sliceOrRange(_ call: Call, type: String) throws(Refusal) -> Value {
    try call.count(1...3)
    for (index, argument) in call.args.enumerated() {
      switch argument {
      case .int, .bigInt, .bool: continue
      case .none where type == "slice": continue
      default: throw call.fail("argument \(index + 1) must be an int")
      }
    }
    let bounds = call.args.count == 1 ? [Value.none] + call.args : call.args
    let names = ["start", "stop", "step"]
    var fields: [(name: String, value: Value)] = []
    for (index, value) in bounds.enumerated() { fields.append((names[index], value)) }
    return .node(record(type, fields))
  }

  /// `getattr(cls, name)`: allowed only when `cls.name` is itself in the allowlist.
  func getattr(_ call: Call) throws(Refusal) -> Value {
    try call.count(2...2)
    let owner = try call.global(0)
    let name = try call.string(1)
    let full = owner.name + "." + name
    guard let permission = Allowlist.table[full] else {
      throw Refusal(
        .forbiddenGlobal,
        "getattr reaches \(full), which is not in the allowlist",
        at: offset,
        global: full
      )
    }
    return .global(GlobalReference(name: full, permission: permission))
  }

  /// `copyreg._reconstructor(cls, base, state)`: `base.__new__(cls)` then `base.__init__(state)`.
  ///
  /// `base` decides what runs, so it must be `object` (with no state), `dict` or `list`.
  func reconstructor(_ call: Call) throws(Refusal) -> Value {
    try call.count(3...3)
    let cls = try call.global(0)
    guard cls.permission.instantiable else {
      throw Refusal(
        .forbiddenUse,
        "copyreg._reconstructor of \(cls.name), which may not be instantiated",
        at: offset,
        global: cls.name
      )
    }
    let base = try call.global(1)
    switch base.name {
    case "builtins.object":
      guard call.optional(2) == nil else { throw call.fail("object base with a state") }
      return .node(instance(of: cls, kind: .record))
    case "builtins.dict":
      let object = instance(of: cls, kind: .dict)
      if call.optional(2) != nil {
        try setItems(flatten(try call.node(2, .dict).entries), in: object)
      }
      return .node(object)
    case "builtins.list":
      let object = instance(of: cls, kind: .list)
      if call.optional(2) != nil { try append(try iterable(call, 2), to: object) }
      return .node(object)
    default:
      throw Refusal(
        .forbiddenUse,
        "copyreg._reconstructor with base \(base.name) is not allowed",
        at: offset,
        global: base.name
      )
    }
  }

  func flatten(_ entries: [Node.Entry]) -> [Value] {
    var items: [Value] = []
    items.reserveCapacity(entries.count * 2)
    for entry in entries {
      items.append(entry.key)
      items.append(entry.value)
    }
    return items
  }

  /// Key-value items of a mapping argument: a dict, or an iterable of pairs.
  func pairs(_ call: Call, _ index: Int) throws(Refusal) -> [Value] {
    let source = try call.node(index, .dict, .list, .tuple)
    if source.kind == .dict { return flatten(source.entries) }
    var items: [Value] = []
    for item in source.items {
      guard let pair = item.node, pair.kind == .tuple || pair.kind == .list,
        pair.items.count == 2
      else { throw call.fail("items must be key-value pairs") }
      items += pair.items
    }
    return items
  }

  func orderedDict(_ call: Call) throws(Refusal) -> Value {
    try call.count(0...1)
    let dict = node(.dict, "OrderedDict")
    dict.role = .orderedDict
    if !call.args.isEmpty { try setItems(try pairs(call, 0), in: dict) }
    return .node(dict)
  }

  func counter(_ call: Call) throws(Refusal) -> Value {
    try call.count(0...1)
    let dict = node(.dict, "Counter")
    if !call.args.isEmpty { try setItems(try pairs(call, 0), in: dict) }
    return .node(dict)
  }

  /// Factories `defaultdict` may call on a missing key: types that build empty values.
  static let defaultFactories: Set<String> = [
    "builtins.list", "builtins.dict", "builtins.set", "builtins.int", "builtins.float",
    "builtins.str", "builtins.tuple", "builtins.bool", "builtins.frozenset", "builtins.bytes",
    "collections.OrderedDict", "collections.Counter",
  ]

  func defaultdict(_ call: Call) throws(Refusal) -> Value {
    try call.count(0...2)
    var factory = Value.none
    if let given = call.optional(0) {
      guard case .global(let reference) = given, Self.defaultFactories.contains(reference.name)
      else { throw call.fail("default_factory must be a builtin container or number type") }
      factory = given
    }
    let dict = node(.dict, "defaultdict")
    dict.fields = [("default_factory", factory)]
    if call.args.count == 2 { try setItems(try pairs(call, 1), in: dict) }
    return .node(dict)
  }

  func deque(_ call: Call) throws(Refusal) -> Value {
    try call.count(0...2)
    let deque = node(.list, "deque")
    if let maxlen = call.optional(1) {
      guard maxlen.int != nil else { throw call.fail("maxlen must be an int") }
      deque.fields = [("maxlen", maxlen)]
    }
    if !call.args.isEmpty { try append(try iterable(call, 0), to: deque) }
    return .node(deque)
  }
}
