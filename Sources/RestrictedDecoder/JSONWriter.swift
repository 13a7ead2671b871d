import PickleCore

/// Writes a value tree as JSON (layout in the module documentation), without recursion.
///
/// A node reached more than once (shared through the memo, or part of a cycle) is written in
/// full the first time with an `"id"`, and as `{"type":"ref","id":N}` afterwards, so output
/// stays linear in the number of nodes. Records holding only scalars are always written inline.
struct JSONWriter {
  private(set) var output: [UInt8] = []
  let maxDepth: Int
  private var shared: Set<ObjectIdentifier> = []
  private var ids: [ObjectIdentifier: Int] = [:]

  /// Bytes shown per `bytes` value; longer values are cut and marked `"truncated"`.
  static let bytesShown = 256

  private enum Task {
    case value(Value, depth: Int)
    case text(String)
  }

  init(maxDepth: Int) {
    self.maxDepth = maxDepth
  }

  /// Appends `root` as one JSON value.
  mutating func write(_ root: Value) {
    shared = Self.sharedNodes(root)
    ids = [:]
    var tasks: [Task] = [.value(root, depth: 0)]
    while let task = tasks.popLast() {
      switch task {
      case .text(let text): output.append(contentsOf: text.utf8)
      case .value(let value, let depth): writeValue(value, depth: depth, tasks: &tasks)
      }
    }
  }

  private mutating func writeValue(_ value: Value, depth: Int, tasks: inout [Task]) {
    switch value {
    case .none: emit("null")
    case .bool(let flag): emit(flag ? "true" : "false")
    case .int(let number): emit(String(number))
    case .bigInt(let number): writeBigInt(number)
    case .float(let number):
      if number.isFinite {
        emit(PythonRepr.float(number))
      } else {
        let text = number.isNaN ? "nan" : number < 0 ? "-inf" : "inf"
        emit(#"{"type":"float","value":""# + text + #""}"#)
      }
    case .string(let text): Self.appendQuoted(text, to: &output)
    case .bytes(let bytes): writeBytes(bytes, type: "bytes", prefix: "{")
    case .global(let reference):
      emit(#"{"type":"global","name":"#)
      Self.appendQuoted(reference.name, to: &output)
      emit("}")
    case .node(let node): writeNode(node, depth: depth, tasks: &tasks)
    }
  }

  /// Decimal up to CPython's default `int_max_str_digits` (4300); beyond it, hex, since
  /// decimal conversion is quadratic in the number of digits.
  private mutating func writeBigInt(_ number: PyInt) {
    guard number.decimalDigitsUpperBound > Self.maxDecimalDigits else {
      emit(#"{"type":"int","value":""# + number.description + #""}"#)
      return
    }
    var hex = ""
    for (index, limb) in number.limbs.reversed().enumerated() {
      let digits = String(limb, radix: 16)
      hex += index == 0 ? digits : String(repeating: "0", count: 8 - digits.count) + digits
    }
    emit(#"{"type":"int","hex":""# + (number.isNegative ? "-" : "") + "0x" + hex + "\"}")
  }

  /// Decimal digits written before switching to hex.
  static let maxDecimalDigits = 4300

  private mutating func writeBytes(_ bytes: ByteString, type: String, prefix: String) {
    emit(prefix + #""type":""# + type + #"","length":"# + String(bytes.count))
    emit(#","hex":""# + JSONText.hex(bytes.prefix.prefix(Self.bytesShown)) + "\"")
    if bytes.count > Self.bytesShown { emit(#","truncated":true"#) }
    emit("}")
  }

  private mutating func writeNode(_ node: Node, depth: Int, tasks: inout [Task]) {
    guard depth < maxDepth else {
      emit(#"{"type":"truncated","reason":"nesting deeper than "# + String(maxDepth) + #""}"#)
      return
    }
    let identity = ObjectIdentifier(node)
    var header = ""
    if shared.contains(identity), !Self.isLeaf(node) {
      if let id = ids[identity] {
        emit(#"{"type":"ref","id":"# + String(id) + "}")
        return
      }
      let id = ids.count + 1
      ids[identity] = id
      header = #","id":"# + String(id)
    }
    if node.kind == .bytearray {
      writeBytes(node.bytes, type: node.type, prefix: "{")
      return
    }
    let child = depth + 1
    var pending: [Task] = []
    let isPlainList = node.kind == .list && node.type == "list" && node.fields.isEmpty
    if isPlainList && header.isEmpty {
      pending.append(.text("["))
      appendItems(node.items, depth: child, to: &pending)
      pending.append(.text("]"))
    } else {
      var opening = #"{"type":"#
      Self.appendQuoted(node.type, to: &opening)
      pending.append(.text(opening + header))
      for field in node.fields {
        var key = ","
        Self.appendQuoted(field.name, to: &key)
        pending.append(.text(key + ":"))
        pending.append(.value(field.value, depth: child))
      }
      switch node.kind {
      case .list, .tuple, .set, .frozenset:
        pending.append(.text(#","items":["#))
        appendItems(node.items, depth: child, to: &pending)
        pending.append(.text("]"))
      case .dict:
        pending.append(.text(#","items":["#))
        for (index, entry) in node.entries.enumerated() {
          pending.append(.text(index == 0 ? "[" : ",["))
          pending.append(.value(entry.key, depth: child))
          pending.append(.text(","))
          pending.append(.value(entry.value, depth: child))
          pending.append(.text("]"))
        }
        pending.append(.text("]"))
      case .record, .bytearray:
        break
      }
      pending.append(.text("}"))
    }
    tasks.append(contentsOf: pending.reversed())
  }

  private func appendItems(_ items: [Value], depth: Int, to pending: inout [Task]) {
    for (index, item) in items.enumerated() {
      if index > 0 { pending.append(.text(",")) }
      pending.append(.value(item, depth: depth))
    }
  }

  private mutating func emit(_ text: String) {
    output.append(contentsOf: text.utf8)
  }

  /// A record whose fields are all scalars cannot be part of a cycle.
  static func isLeaf(_ node: Node) -> Bool {
    node.kind == .record && node.fields.allSatisfy { $0.value.node == nil }
  }

  /// Nodes reachable from `root` along more than one path.
  static func sharedNodes(_ root: Value) -> Set<ObjectIdentifier> {
    var seen: Set<ObjectIdentifier> = []
    var shared: Set<ObjectIdentifier> = []
    var pending: [Node] = root.node.map { [$0] } ?? []
    while let node = pending.popLast() {
      if !seen.insert(ObjectIdentifier(node)).inserted {
        shared.insert(ObjectIdentifier(node))
        continue
      }
      node.forEachChild { child in pending.append(child) }
    }
    return shared
  }

  /// Appends `text` as a JSON string literal: UTF-8, with quotes, backslashes and control
  /// characters (C0, DEL and C1) escaped.
  static func appendQuoted(_ text: String, to output: inout [UInt8]) {
    output.append(0x22)
    let plain = text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }
    if plain {
      output.append(contentsOf: text.utf8)
    } else {
      for scalar in text.unicodeScalars {
        switch scalar.value {
        case 0x22: output.append(contentsOf: [0x5C, 0x22])
        case 0x5C: output.append(contentsOf: [0x5C, 0x5C])
        case 0x0A: output.append(contentsOf: [0x5C, 0x6E])
        case 0x0D: output.append(contentsOf: [0x5C, 0x72])
        case 0x09: output.append(contentsOf: [0x5C, 0x74])
        case 0..<0x20, 0x7F...0x9F:
          let code = UInt8(scalar.value)
          output.append(contentsOf: Array("\\u00".utf8) + Array(JSONText.hex([code]).utf8))
        default: output.append(contentsOf: String(scalar).utf8)
        }
      }
    }
    output.append(0x22)
  }

  static func appendQuoted(_ text: String, to output: inout String) {
    var bytes: [UInt8] = []
    appendQuoted(text, to: &bytes)
    output += String(decoding: bytes, as: UTF8.self)
  }
}

extension Node {
  /// Calls `body` with every node directly inside this one.
  func forEachChild(_ body: (Node) -> Void) {
    for item in items { if let node = item.node { body(node) } }
    for entry in entries {
      if let node = entry.key.node { body(node) }
      if let node = entry.value.node { body(node) }
    }
    for field in fields { if let node = field.value.node { body(node) } }
  }
}
