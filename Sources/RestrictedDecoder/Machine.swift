import PickleCore

/// The unpickler: a stack machine over ``OpcodeReader`` that builds values only through the
/// ``Allowlist``.
///
/// It follows CPython's `_pickle.c` for plain opcodes and torch's weights-only unpickler for
/// what `REDUCE`, `NEWOBJ`, `BUILD` and persistent ids may do. Nothing recurses on input depth.
struct Machine {
  let limits: DecodeLimits
  var reader: OpcodeReader
  var stack: [Value] = []
  var marks: [Int] = []
  var memo = Memo()
  var proto = 0
  var valuesMade = 0
  var textBytes = 0
  var storages: [String: Node] = [:]
  let arena = NodeArena()
  /// Offset of the opcode being executed, for nodes and refusals.
  var offset = 0
  /// Raw data to jump over (joblib array blocks), sorted; checked by ``RestrictedDecoder``.
  let skips: [ByteRange]
  var nextSkip = 0

  init(
    _ bytes: UnsafeRawBufferPointer,
    start: Int,
    end: Int,
    skips: [ByteRange],
    limits: DecodeLimits
  ) {
    self.limits = limits
    self.skips = skips
    unsafe reader = OpcodeReader(bytes, start: start, end: end)
  }

  /// Runs to `STOP` and returns the value and the offset just past `STOP`.
  mutating func run() throws(Refusal) -> (Value, end: Int) {
    while true {
      while nextSkip < skips.count, skips[nextSkip].start <= reader.position {
        if skips[nextSkip].start == reader.position { reader.seek(to: skips[nextSkip].end) }
        nextSkip += 1
      }
      let next: Instruction?
      do throws(ReadError) {
        next = try reader.next()
      } catch {
        throw Refusal(.malformed, error.message, at: error.offset)
      }
      guard let instruction = next else {
        throw Refusal(.malformed, "pickle ends before STOP", at: reader.position)
      }
      offset = instruction.offset
      if instruction.opcode == .stop {
        let value = try pop()
        try requireStorable(value, "the result")
        return (value, instruction.end)
      }
      try execute(instruction)
    }
  }

  // MARK: - Stack

  mutating func push(_ value: Value) throws(Refusal) {
    valuesMade += 1
    guard valuesMade <= limits.maxValues else {
      throw Refusal(.limit, "more than \(limits.maxValues) values", at: offset)
    }
    guard stack.count < limits.maxStackDepth else {
      throw Refusal(.limit, "stack deeper than \(limits.maxStackDepth)", at: offset)
    }
    stack.append(value)
  }

  var floor: Int { marks.last ?? 0 }

  mutating func pop() throws(Refusal) -> Value {
    guard stack.count > floor else { throw underflow() }
    return stack.removeLast()
  }

  func top() throws(Refusal) -> Value {
    guard stack.count > floor, let value = stack.last else { throw underflow() }
    return value
  }

  mutating func popMark() throws(Refusal) -> [Value] {
    guard let mark = marks.popLast() else {
      throw Refusal(.malformed, "no MARK to pop to", at: offset)
    }
    let items = Array(stack[mark...])
    stack.removeSubrange(mark...)
    return items
  }

  func underflow() -> Refusal {
    Refusal(.malformed, "unpickling stack underflow", at: offset)
  }

  func node(_ kind: Node.Kind, _ type: String) -> Node {
    let made = Node(kind, type: type, at: offset)
    arena.register(made)
    return made
  }

  /// Refuses a global that may only be called, or a tuple holding one, where a value is kept.
  func requireStorable(_ value: Value, _ place: String) throws(Refusal) {
    switch value {
    case .global(let reference) where !reference.permission.storable:
      throw Refusal(
        .forbiddenUse,
        "global \(reference.name) may only be called, not kept as \(place)",
        at: offset,
        global: reference.name
      )
    case .node(let node) where node.holdsCallableOnlyGlobal:
      throw Refusal(
        .forbiddenUse,
        "a tuple holding a callable-only global cannot be kept as \(place)",
        at: offset
      )
    default:
      return
    }
  }

  // MARK: - Memo

  mutating func put(_ key: Int64) throws(Refusal) {
    guard key >= 0 else { throw Refusal(.malformed, "negative memo key \(key)", at: offset) }
    let value = try top()
    if memo[key] == nil, memo.count >= limits.maxMemoEntries {
      throw Refusal(.limit, "more than \(limits.maxMemoEntries) memo entries", at: offset)
    }
    memo.set(key, value)
  }

  mutating func get(_ key: Int64) throws(Refusal) {
    guard let value = memo[key] else {
      throw Refusal(.malformed, "memo key \(key) was never stored", at: offset)
    }
    try push(value)
  }
}
