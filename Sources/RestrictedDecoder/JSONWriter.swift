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

  /// A node being written: which part comes next.
  private struct Frame {
    let node: Node
    let depth: Int
    var stage: Stage
    var index = 0
  }

  private enum Stage {
    case fields
    /// Items of a list-like node; `bare` lists close with `]` alone.
    case items(bare: Bool)
    /// Entries of a dict-like node, a key at even steps and a value at odd ones.
    case entries
  }

  init(maxDepth: Int) {
    self.maxDepth = maxDepth
  }

  /// Appends `root` as one JSON value.
  mutating func write(_ root: Value) {
    shared = Self.sharedNodes(root)
    ids = [:]
    var frames: [Frame] = []
    writeValue(root, depth: 0, frames: &frames)
    while var frame = frames.popLast() {
      let node = frame.node
      let child = frame.depth + 1
      switch frame.stage {
      case .fields:
        if frame.index < node.fields.count {
          let field = node.fields[frame.index]
          frame.index += 1
          output.append(0x2C)
          Self.appendQuoted(field.name, to: &output)
          output.append(0x3A)
          frames.append(frame)
          writeValue(field.value, depth: child, frames: &frames)
          continue
        }
        frame.index = 0
        switch node.kind {
        case .record, .bytearray:
          emit("}")
          continue
        case .dict: frame.stage = .entries
        case .list, .tuple, .set, .frozenset: frame.stage = .items(bare: false)
        }
        emit(#","items":["#)
        frames.append(frame)
      case .items(let bare):
        guard frame.index < node.items.count else {
          emit(bare ? "]" : "]}")
          continue
        }
        if frame.index > 0 { output.append(0x2C) }
        let item = node.items[frame.index]
        frame.index += 1
        frames.append(frame)
        writeValue(item, depth: child, frames: &frames)
      case .entries:
        let step = frame.index
        guard step < node.entries.count * 2 else {
          emit(step == 0 ? "]}" : "]]}")
          continue
        }
        frame.index += 1
        frames.append(frame)
        let entry = node.entries[step / 2]
        if step % 2 == 0 {
          emit(step == 0 ? "[" : "],[")
          writeValue(entry.key, depth: child, frames: &frames)
        } else {
          output.append(0x2C)
          writeValue(entry.value, depth: child, frames: &frames)
        }
      }
    }
  }

  /// Writes a scalar at once; opens a node and pushes its frame.
  private mutating func writeValue(_ value: Value, depth: Int, frames: inout [Frame]) {
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
    case .bytes(let bytes): writeBytes(bytes, type: "bytes")
    case .global(let reference):
      emit(#"{"type":"global","name":"#)
      Self.appendQuoted(reference.name, to: &output)
      emit("}")
    case .node(let node): openNode(node, depth: depth, frames: &frames)
    }
  }

  private mutating func openNode(_ node: Node, depth: Int, frames: inout [Frame]) {
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
      writeBytes(node.bytes, type: node.type)
      return
    }
    if node.kind == .list, node.type == "list", node.fields.isEmpty, header.isEmpty {
      emit("[")
      frames.append(Frame(node: node, depth: depth, stage: .items(bare: true)))
      return
    }
    emit(#"{"type":"#)
    Self.appendQuoted(node.type, to: &output)
    emit(header)
    frames.append(Frame(node: node, depth: depth, stage: .fields))
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

  private mutating func writeBytes(_ bytes: ByteString, type: String) {
    emit(#"{"type":""# + type + #"","length":"# + String(bytes.count))
    emit(#","hex":""# + JSONText.hex(bytes.prefix.prefix(Self.bytesShown)) + "\"")
    if bytes.count > Self.bytesShown { emit(#","truncated":true"#) }
    emit("}")
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
