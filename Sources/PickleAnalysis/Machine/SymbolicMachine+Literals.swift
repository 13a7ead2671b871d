import PickleCore

extension SymbolicMachine {
  private struct Frame {
    var node: Int32
    var kind: NodeKind
    var depth: Int
    var children: [Value]
    var next = 0
    var built: [Literal] = []
    /// For a `BUILD` frame: the object's own literal; the single child is the state.
    var base: Literal?
  }

  /// The literal of a value, capped in depth, width and total size; built without recursion.
  func literal(_ root: Value) -> Literal {
    var budget = limits.maxLiteralNodes
    var frames: [Frame] = []
    if let leaf = leafLiteral(root) { return leaf }
    guard let rootFrame = frame(for: root, depth: 0) else { return .opaque("value") }
    frames.append(rootFrame)
    while var top = frames.popLast() {
      if top.next < top.children.count {
        let child = top.children[top.next]
        top.next += 1
        budget -= 1
        if budget <= 0 {
          top.built.append(.opaque("…"))
          top.next = top.children.count
          frames.append(top)
          continue
        }
        if let leaf = leafLiteral(child) {
          top.built.append(leaf)
          frames.append(top)
        } else if let node = child.nodeIndex,
          top.depth + 1 >= limits.maxLiteralDepth || frames.contains(where: { $0.node == node })
            || top.node == node
        {
          top.built.append(
            .opaque(
              shortName(node, recursive: top.node == node || frames.contains { $0.node == node })
            )
          )
          frames.append(top)
        } else if let next = frame(for: child, depth: top.depth + 1) {
          frames.append(top)
          frames.append(next)
        } else {
          top.built.append(.opaque("value"))
          frames.append(top)
        }
        continue
      }
      let finished = finish(top)
      guard var parent = frames.popLast() else { return finished }
      parent.built.append(finished)
      frames.append(parent)
    }
    return .opaque("value")
  }

  private func shortName(_ node: Int32, recursive: Bool) -> String {
    let n = nodes[Int(node)]
    let name: String =
      switch n.kind {
      case .list: "list"
      case .tuple: "tuple"
      case .dict: "dict"
      case .set: "set"
      case .frozenset: "frozenset"
      default: "object"
      }
    return recursive ? "recursive \(name)" : "\(name) of \(n.itemCount) items"
  }

  private func frame(for value: Value, depth: Int) -> Frame? {
    guard let node = value.nodeIndex else { return nil }
    let n = nodes[Int(node)]
    if n.flags & Node.hasState != 0 {
      let states = children(of: node, role: .state)
      var base = baseLiteral(node)
      if base == nil, n.kind == .list || n.kind == .dict || n.kind == .set {
        base = .opaque(shortName(node, recursive: false))
      }
      return Frame(
        node: node,
        kind: n.kind,
        depth: depth,
        children: states.suffix(1),
        base: base ?? .opaque("object")
      )
    }
    switch n.kind {
    case .list, .tuple, .dict, .set, .frozenset:
      return Frame(
        node: node,
        kind: n.kind,
        depth: depth,
        children: children(of: node, role: .items)
      )
    case .persistent:
      return Frame(
        node: node,
        kind: n.kind,
        depth: depth,
        children: children(of: node, role: .inputs).prefix(1).map { $0 }
      )
    default:
      return nil
    }
  }

  private func finish(_ frame: Frame) -> Literal {
    if let base = frame.base {
      return .built(base, state: frame.built.first ?? .none)
    }
    let n = nodes[Int(frame.node)]
    var items = frame.built
    switch n.kind {
    case .persistent:
      return .persistent(items.first ?? .opaque("unknown"))
    case .dict:
      var entries: [Literal.DictEntry] = []
      var index = 0
      while index + 1 < items.count {
        entries.append(.init(key: items[index], value: items[index + 1]))
        index += 2
      }
      if Int(n.itemCount) > entries.count {
        entries.append(
          .init(key: .opaque("…"), value: .opaque("\(Int(n.itemCount) - entries.count) more items"))
        )
      }
      return .dict(entries)
    default:
      if Int(n.itemCount) > items.count {
        items.append(.opaque("\(Int(n.itemCount) - items.count) more items"))
      }
      switch n.kind {
      case .list: return .list(items)
      case .set: return .set(items)
      case .frozenset: return .frozenset(items)
      default: return .tuple(items)
      }
    }
  }

  /// The literal of a node whose state was set, without the state.
  private func baseLiteral(_ node: Int32) -> Literal? {
    let n = nodes[Int(node)]
    switch n.kind {
    case .symbol: return symbols[Int(n.a)].literal
    case .callResult: return .callResult(Int(n.a))
    default: return n.call >= 0 ? .callResult(Int(n.call)) : nil
    }
  }

  /// The literal of a value without children, or `nil` for containers and built objects.
  func leafLiteral(_ value: Value) -> Literal? {
    switch value.tag {
    case .unset, .unknown: return .opaque("unknown")
    case .none: return Literal.none
    case .bool: return .bool(value.boolValue)
    case .int: return .int(PyInt(Int64(bitPattern: value.bits)))
    case .float: return .float(value.floatValue)
    case .bigInt: return .int(bigInts[Int(value.bits)])
    case .long:
      guard value.count <= 64 else { return .opaque("int of \(value.count) bytes") }
      return .int(PyInt(twosComplementLittleEndian: cursor.withBytes(value.range) { Array($0) }))
    case .emptyTuple: return .tuple([])
    case .text: return textLiteral(value)
    case .bytes:
      let cap = min(Int(value.count), limits.maxLiteralBytes)
      let prefix = cursor.withBytes(ByteRange(start: Int(value.bits), count: cap)) { Array($0) }
      return value.sub == 1
        ? .bytearray(prefix, length: Int(value.count)) : .bytes(prefix, length: Int(value.count))
    case .node:
      guard let node = value.nodeIndex else { return nil }
      let n = nodes[Int(node)]
      if n.flags & Node.hasState != 0 { return nil }
      switch n.kind {
      case .list, .tuple, .dict, .set, .frozenset:
        guard n.gets > UInt32(clamping: limits.maxGetsPerEntry) else { return nil }
        return .opaque("\(shortName(node, recursive: false)), shared by \(n.gets) GETs")
      case .persistent: return nil
      case .symbol: return symbols[Int(n.a)].literal
      case .callResult: return .callResult(Int(n.a))
      case .computed:
        switch computed[Int(n.a)] {
        case .text(let text):
          let points = Array(text.unicodeScalars)
          let complete = points.count <= limits.maxLiteralBytes
          return .str(
            complete
              ? text : String(String.UnicodeScalarView(points.prefix(limits.maxLiteralBytes))),
            complete: complete
          )
        case .bytes(let bytes, _):
          return .bytes(Array(bytes.prefix(limits.maxLiteralBytes)), length: bytes.count)
        }
      case .dynamic, .opaque: return .opaque(dynamics[Int(n.a)].description)
      case .ext: return .extensionCode(Int(n.a))
      case .buffer: return .buffer(readonly: n.flags & Node.readonly != 0)
      default: return n.call >= 0 ? .callResult(Int(n.call)) : .opaque("object")
      }
    }
  }

  private func textLiteral(_ value: Value) -> Literal {
    let cap = limits.maxLiteralBytes
    let total = Int(value.count)
    if total <= cap, let text = asciiText(value) { return .str(text, complete: true) }
    if total <= cap, let points = codePoints(value, cap: cap) {
      return .str(PythonText.string(points), complete: true)
    }
    // Cut at the cap; a UTF-8 sequence split by the cut is dropped.
    for trim in 0..<4 where cap - trim > 0 {
      let shortened = Value(
        tag: .text,
        sub: value.sub,
        count: UInt32(cap - trim),
        bits: value.bits
      )
      if let points = codePoints(shortened, cap: cap) {
        return .str(PythonText.string(points), complete: false)
      }
    }
    return .opaque("str of \(total) bytes")
  }
}
