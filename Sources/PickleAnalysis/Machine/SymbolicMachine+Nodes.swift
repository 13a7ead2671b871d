import PickleCore

extension SymbolicMachine {
  /// A new arena node, or `nil` when the value limit is reached.
  mutating func newNode(_ kind: NodeKind, at offset: Int, a: Int32 = 0, b: Int32 = 0) -> Int32? {
    guard nodes.count < limits.maxValues else {
      limitHit(.values, at: offset, halt: false)
      return nil
    }
    var node = Node(kind: kind)
    node.a = a
    node.b = b
    nodes.append(node)
    statistics.valuesAllocated += 1
    return Int32(nodes.count - 1)
  }

  /// A new node pushed as a value, or `.unknown` past the value limit.
  mutating func make(_ kind: NodeKind, at offset: Int, a: Int32 = 0, b: Int32 = 0) -> Value {
    guard let index = newNode(kind, at: offset, a: a, b: b) else { return .unknown }
    return .node(index)
  }

  /// A node for a symbol.
  mutating func makeSymbol(_ symbol: Symbol, at offset: Int) -> Value {
    symbols.append(symbol)
    return make(.symbol, at: offset, a: Int32(symbols.count - 1))
  }

  mutating func makeDynamic(
    _ description: String,
    via: [QualifiedName],
    sourceOffset: Int?,
    at offset: Int
  ) -> Value {
    dynamics.append(Dynamic(description: description, via: via, sourceOffset: sourceOffset))
    return make(.dynamic, at: offset, a: Int32(dynamics.count - 1))
  }

  mutating func makeComputed(_ value: Computed, at offset: Int) -> Value {
    computed.append(value)
    return make(.computed, at: offset, a: Int32(computed.count - 1))
  }

  /// Appends child values to a node in `role`, coalescing with its last chunk when possible.
  mutating func attach(_ values: ArraySlice<Value>, to node: Int32, role: ChunkRole) {
    guard !values.isEmpty else { return }
    let start = pool.count
    pool.append(contentsOf: values)
    link(start: start, count: values.count, to: node, role: role)
  }

  mutating func attach(_ value: Value, to node: Int32, role: ChunkRole) {
    pool.append(value)
    link(start: pool.count - 1, count: 1, to: node, role: role)
  }

  mutating func link(start: Int, count: Int, to node: Int32, role: ChunkRole) {
    let index = Int(node)
    var copy = nodes[index]
    link(start: start, count: count, to: &copy, role: role)
    nodes[index] = copy
  }

  /// ``link(start:count:to:role:)`` on a node copied out of the arena; the caller writes it back.
  ///
  /// Every element write into an arena array checks uniqueness, so hot paths update a local copy.
  private mutating func link(start: Int, count: Int, to node: inout Node, role: ChunkRole) {
    let last = node.lastChunk
    if last >= 0, Int(last) == chunks.count - 1 {
      let chunk = chunks[Int(last)]
      if chunk.role == role, Int(chunk.start + chunk.count) == start {
        chunks[Int(last)].count += Int32(count)
        return
      }
    }
    let new = Int32(chunks.count)
    chunks.append(Chunk(start: Int32(start), count: Int32(count), next: -1, role: role))
    if last >= 0 { chunks[Int(last)].next = new } else { node.firstChunk = new }
    node.lastChunk = new
  }

  /// Adds container items, keeping the first `maxTrackedItems`.
  ///
  /// Later nodes are kept for liveness only, later plain values only counted. `perItem` is 2 for
  /// dict pairs.
  mutating func addItems(_ values: ArraySlice<Value>, to node: Int32, perItem: Int = 1) {
    let start = pool.count
    pool.append(contentsOf: values)
    let count = values.count
    addPooledItems(start: start, count: count, to: node, perItem: perItem)
  }

  /// Adds `stack[from...]` as container items (the hot path).
  mutating func addStackItems(from first: Int, to node: Int32, perItem: Int) {
    let start = pool.count
    // One bulk copy: appending item by item checks uniqueness and capacity per item.
    pool.append(contentsOf: stack[first...])
    addPooledItems(start: start, count: stack.count - first, to: node, perItem: perItem)
  }

  /// Links `pool[start..<start + count]`, just appended, as items of `node`.
  private mutating func addPooledItems(start: Int, count: Int, to node: Int32, perItem: Int) {
    guard count > 0 else { return }
    let index = Int(node)
    var copy = nodes[index]
    defer { nodes[index] = copy }
    copy.itemCount &+= Int32(truncatingIfNeeded: count / perItem)
    let room = max(0, limits.maxTrackedItems * perItem - Int(copy.tracked))
    let kept = min(count, room - room % perItem)
    if kept > 0 {
      link(start: start, count: kept, to: &copy, role: .items)
      copy.tracked += Int32(kept)
    }
    guard kept < count else { return }
    // Past the cap only nodes stay, for liveness; plain values are dropped from the pool.
    var write = start + kept
    for read in (start + kept)..<(start + count) where pool[read].tag == .node {
      pool[write] = pool[read]
      write += 1
    }
    pool.removeLast(start + count - write)
    if write > start + kept {
      link(start: start + kept, count: write - start - kept, to: &copy, role: .overflow)
    }
  }

  /// The values of a node's chunks of `role`, in order.
  func children(of node: Int32, role: ChunkRole) -> [Value] {
    var result: [Value] = []
    var chunk = nodes[Int(node)].firstChunk
    while chunk >= 0 {
      let c = chunks[Int(chunk)]
      if c.role == role { result.append(contentsOf: pool[Int(c.start)..<Int(c.start + c.count)]) }
      chunk = c.next
    }
    return result
  }

  /// The tracked items of a tuple, list, set or dict (pairs flattened), or `nil` for other values.
  func items(of value: Value) -> [Value]? {
    if value.tag == .emptyTuple { return [] }
    guard let node = value.nodeIndex else { return nil }
    switch nodes[Int(node)].kind {
    case .list, .tuple, .dict, .set, .frozenset: return children(of: node, role: .items)
    default: return nil
    }
  }

  func kind(of value: Value) -> NodeKind? {
    guard let node = value.nodeIndex else { return nil }
    return nodes[Int(node)].kind
  }

  func symbol(of value: Value) -> Symbol? {
    guard let node = value.nodeIndex, nodes[Int(node)].kind == .symbol else { return nil }
    return symbols[Int(nodes[Int(node)].a)]
  }

  // MARK: text and bytes

  /// The bytes of an input span, or `nil` past `cap`.
  func inputBytes(_ range: ByteRange, cap: Int) -> [UInt8]? {
    guard range.count <= cap else { return nil }
    return cursor.withBytes(range) { Array($0) }
  }

  /// The `str` a value is, when known statically (literal or computed), up to `cap` bytes.
  func textValue(_ value: Value, cap: Int = 1 << 16) -> String? {
    switch value.tag {
    case .text:
      guard value.count <= cap else { return nil }
      if let text = asciiText(value) { return text }
      guard let points = codePoints(value, cap: cap) else { return nil }
      return PythonText.string(points)
    case .node:
      guard let node = value.nodeIndex, nodes[Int(node)].kind == .computed,
        case .text(let text) = computed[Int(nodes[Int(node)].a)]
      else { return nil }
      return text
    default:
      return nil
    }
  }

  /// A `.text` span whose bytes are ASCII and hold no escape: its `str` is those bytes, whatever
  /// the encoding, so it skips the code-point decoders (most names, keys and devices are so).
  func asciiText(_ value: Value) -> String? {
    let range = value.range
    guard cursor.isASCII(range) else { return nil }
    return cursor.withBytes(range) { bytes -> String? in
      switch Value.TextEncoding(rawValue: value.sub) ?? .utf8 {
      case .utf8, .rawString, .asciiLine: break
      case .rawUnicodeEscape, .escapedString:
        if bytes.contains(UInt8(ascii: "\\")) { return nil }
      }
      return String(decoding: bytes, as: UTF8.self)
    }
  }

  /// Code points of a `.text` value, or `nil` when longer than `cap` bytes or undecodable.
  func codePoints(_ value: Value, cap: Int) -> [UInt32]? {
    guard let raw = inputBytes(value.range, cap: cap) else { return nil }
    switch Value.TextEncoding(rawValue: value.sub) ?? .utf8 {
    case .utf8: return PythonText.decodeUTF8(raw)
    case .rawUnicodeEscape: return try? PythonText.decodeRawUnicodeEscape(raw).get()
    case .escapedString: return (try? PythonText.decodeEscapes(raw).get())?.map(UInt32.init)
    case .rawString, .asciiLine: return raw.map(UInt32.init)
    }
  }

  /// The bytes a value is, when known statically, with the transforms that produced them.
  func bytesValue(_ value: Value, cap: Int) -> (bytes: [UInt8], transforms: [String])? {
    switch value.tag {
    case .bytes:
      guard let raw = inputBytes(value.range, cap: cap) else { return nil }
      return (raw, [])
    case .node:
      guard let node = value.nodeIndex, nodes[Int(node)].kind == .computed,
        case .bytes(let bytes, let transforms) = computed[Int(nodes[Int(node)].a)]
      else { return nil }
      return (bytes, transforms)
    default:
      return nil
    }
  }

  /// True for `str` values (literal or computed).
  func isText(_ value: Value) -> Bool {
    if value.tag == .text { return true }
    guard let node = value.nodeIndex, nodes[Int(node)].kind == .computed,
      case .text = computed[Int(nodes[Int(node)].a)]
    else { return false }
    return true
  }
}
