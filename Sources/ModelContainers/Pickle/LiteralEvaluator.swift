import PickleCore

/// A small, bounded pickle machine that evaluates plain data and records calls as opaque
/// objects, so container code can read what a loader would see.
///
/// It knows tuples, lists, dicts, `str`/`bytes`/`int`/`bool`/`None`, `GLOBAL`/`STACK_GLOBAL`
/// names, the memo, and `REDUCE`/`BUILD`/`NEWOBJ`/`OBJ`/`INST` as objects carrying their callee,
/// arguments and states. Nothing is imported or called. It stops at the events containers care
/// about (`STOP`, `BUILD`, persistent ids) and never fails on odd input: values it cannot follow
/// become ``LiteralValue/opaque``.
struct LiteralEvaluator {
  /// What the caller is told about.
  enum Event {
    /// A pickle ended. `clean` means exactly one value was on the stack and no mark was open.
    case stop(value: LiteralValue, pickle: ByteRange, clean: Bool)
    /// `BUILD` applied a state to the object on top of the stack.
    case built(object: LiteralValue, end: Int)
    /// `PERSID`/`BINPERSID` handed this id to `persistent_load`.
    case persistentID(LiteralValue, offset: Int)
  }

  /// Limits that keep evaluation proportional to what matters.
  struct Limits {
    var maxStack = 100_000
    var maxMemo = 1_000_000
    var maxArenaItems = 2_000_000
  }

  private(set) var reader: OpcodeReader
  private let cursor: ByteCursor
  private let limits: Limits
  private(set) var arena: LiteralArena
  private var stack: [LiteralValue] = []
  private var marks: [Int] = []
  private var memo = LiteralMemo()
  private var pickleStart: Int
  private var resetPending = false
  /// The end of the current `FRAME`, while reading inside one.
  private(set) var frameEnd: Int?
  /// Opcodes read in the current pickle.
  private(set) var instructionCount = 0
  /// True once the current pickle used an opcode that imports or calls, with the operands it
  /// needs (before any stack underflow, where the real unpickler stops).
  private(set) var sawCallable = false
  /// True once an opcode popped from an empty stack or found no mark: CPython stops there.
  private(set) var underflowed = false
  /// True once a limit made values untrustworthy; the walk itself goes on.
  private(set) var degraded = false
  /// `next()` returns nil once the reader reaches this offset (used to look at a prefix only).
  var pauseOffset = Int.max
  /// Where the reader must jump when it reaches an offset (joblib blocks that start at a frame end).
  private var pendingJump: (at: Int, to: Int)?

  init(_ bytes: UnsafeRawBufferPointer, range: ByteRange, limits: Limits = Limits()) {
    unsafe reader = OpcodeReader(bytes, start: range.start, end: range.end)
    unsafe cursor = ByteCursor(bytes, start: 0, end: range.end)
    self.limits = limits
    arena = LiteralArena(itemBudget: limits.maxArenaItems)
    pickleStart = range.start
  }

  /// Offset of the next opcode.
  var position: Int { reader.position }

  /// Continues at `offset` (past raw data); clears the frame, as joblib reads past it.
  mutating func jump(to offset: Int) {
    reader.seek(to: offset)
    frameEnd = nil
  }

  /// Jumps to `target` once the reader reaches `offset` (the end of the current frame).
  mutating func jump(when offset: Int, to target: Int) {
    pendingJump = (offset, target)
  }

  /// Replaces the value on top of the stack, as joblib replaces a wrapper by its array.
  mutating func replaceTop(with value: LiteralValue) {
    if !stack.isEmpty { stack[stack.count - 1] = value }
  }

  /// Runs to the next event, or returns nil at the end of the range.
  ///
  /// - Throws: ``ReadError`` for bytes the unpickler would refuse.
  mutating func next() throws(ReadError) -> Event? {
    if resetPending { resetForNextPickle() }
    while true {
      if let jump = pendingJump, reader.position >= jump.at {
        pendingJump = nil
        if reader.position == jump.at { self.jump(to: jump.to) }
      }
      guard reader.position < pauseOffset, let instruction = try reader.next() else { return nil }
      instructionCount += 1
      if let event = execute(instruction) { return event }
    }
  }

  private mutating func resetForNextPickle() {
    resetPending = false
    stack.removeAll(keepingCapacity: true)
    marks.removeAll(keepingCapacity: true)
    memo.removeAll()
    arena.reset()
    pickleStart = reader.position
    instructionCount = 0
    sawCallable = false
    underflowed = false
    degraded = false
  }

  // MARK: Stack

  private mutating func push(_ value: LiteralValue) {
    guard stack.count < limits.maxStack else {
      degraded = true
      return
    }
    stack.append(value)
  }

  private mutating func pop() -> LiteralValue {
    let floor = marks.last ?? 0
    guard stack.count > floor else {
      underflowed = true
      return .opaque
    }
    return stack.removeLast()
  }

  private mutating func peekTop() -> LiteralValue {
    guard stack.count > (marks.last ?? 0) else {
      underflowed = true
      return .opaque
    }
    return stack[stack.count - 1]
  }

  private mutating func popToMark() -> [LiteralValue] {
    guard let floor = marks.popLast() else {
      underflowed = true
      return []
    }
    guard stack.count >= floor else { return [] }
    let items = Array(stack[floor...])
    stack.removeSubrange(floor...)
    return items
  }

  // MARK: Opcodes

  private mutating func execute(_ instruction: Instruction) -> Event? {
    let event = apply(instruction)
    if !underflowed, instruction.info.isCallable { sawCallable = true }
    return event
  }

  private mutating func apply(_ instruction: Instruction) -> Event? {
    switch instruction.opcode {
    case .proto, .readonlyBuffer:
      break
    case .frame:
      if case .uint(let length) = instruction.argument { frameEnd = instruction.end + Int(length) }
    case .stop:
      if stack.count <= (marks.last ?? 0) { underflowed = true }
      let clean = stack.count == 1 && marks.isEmpty
      let value = stack.last ?? .opaque
      resetPending = true
      return .stop(
        value: value,
        pickle: ByteRange(from: pickleStart, to: instruction.end),
        clean: clean
      )
    case .mark:
      marks.append(stack.count)
    case .pop:
      if stack.count > (marks.last ?? 0) {
        stack.removeLast()
      } else if marks.popLast() == nil {
        underflowed = true
      }
    case .popMark:
      _ = popToMark()
    case .dup:
      push(peekTop())
    case .none:
      push(.none)
    case .newtrue:
      push(.bool(true))
    case .newfalse:
      push(.bool(false))
    case .int, .binint, .binint1, .binint2, .long, .long1, .long4:
      push(integer(instruction))
    case .float, .binfloat:
      if case .float(let value) = instruction.argument {
        push(.float(value))
      } else {
        push(.opaque)
      }
    case .string, .binstring, .shortBinstring, .unicode, .shortBinunicode, .binunicode,
      .binunicode8:
      push(text(instruction))
    case .binbytes, .shortBinbytes, .binbytes8, .bytearray8:
      if case .data(let range) = instruction.argument { push(.bytes(range.count)) }
    case .nextBuffer:
      push(.opaque)
    case .emptyList:
      push(arena.add(.list([])))
    case .emptyTuple:
      push(arena.add(.tuple([])))
    case .emptyDict:
      push(arena.add(.dict(keys: [], values: [])))
    case .emptySet:
      push(arena.add(.set))
    case .list:
      let items = popToMark()
      push(arena.add(.list(items)))
    case .tuple:
      let items = popToMark()
      push(arena.add(.tuple(items)))
    case .tuple1, .tuple2, .tuple3:
      let count = instruction.opcode == .tuple1 ? 1 : instruction.opcode == .tuple2 ? 2 : 3
      var items = [LiteralValue](repeating: .opaque, count: count)
      for index in stride(from: count - 1, through: 0, by: -1) { items[index] = pop() }
      push(arena.add(.tuple(items)))
    case .dict:
      let items = popToMark()
      let pairs = stride(from: 0, to: items.count - 1, by: 2).map { (items[$0], items[$0 + 1]) }
      let dict = arena.add(.dict(keys: [], values: []))
      arena.setItems(pairs, in: dict)
      push(dict)
    case .frozenset:
      _ = popToMark()
      push(arena.add(.set))
    case .append:
      let item = pop()
      arena.append([item], to: peekTop())
    case .appends:
      let items = popToMark()
      arena.append(items, to: peekTop())
    case .setitem:
      let value = pop()
      let key = pop()
      arena.setItems([(key, value)], in: peekTop())
    case .setitems:
      let items = popToMark()
      let pairs = stride(from: 0, to: items.count - 1, by: 2).map { (items[$0], items[$0 + 1]) }
      arena.setItems(pairs, in: peekTop())
    case .additems:
      _ = popToMark()
    case .get, .binget, .longBinget:
      if case .int(let index) = instruction.argument { push(memo.value(at: index) ?? .opaque) }
    case .put, .binput, .longBinput:
      if case .int(let index) = instruction.argument { remember(peekTop(), at: index) }
    case .memoize:
      remember(peekTop(), at: Int64(memo.count))
    case .global, .inst:
      let name = globalName(instruction)
      if instruction.opcode == .inst {
        let args = arena.add(.tuple(popToMark()))
        push(arena.add(.object(callee: name, args: args, states: [])))
      } else {
        push(name)
      }
    case .stackGlobal:
      let name = pop()
      let module = pop()
      if let module = module.text, let name = name.text {
        push(.global(module: module, name: name))
      } else {
        push(.opaque)
      }
    case .ext1, .ext2, .ext4:
      if case .int(let code) = instruction.argument {
        push(.global(module: "<extension>", name: String(code)))
      }
    case .reduce, .newobj:
      let args = pop()
      let callee = pop()
      push(arena.add(.object(callee: callee, args: args, states: [])))
    case .newobjEx:
      _ = pop()
      let args = pop()
      let callee = pop()
      push(arena.add(.object(callee: callee, args: args, states: [])))
    case .obj:
      var items = popToMark()
      let callee = items.isEmpty ? .opaque : items.removeFirst()
      let args = arena.add(.tuple(items))
      push(arena.add(.object(callee: callee, args: args, states: [])))
    case .build:
      let state = pop()
      let object = peekTop()
      if arena.build(object, state: state) { return .built(object: object, end: instruction.end) }
    case .persid:
      let id = text(instruction)
      push(.opaque)
      return .persistentID(id, offset: instruction.offset)
    case .binpersid:
      let id = pop()
      push(.opaque)
      return .persistentID(id, offset: instruction.offset)
    }
    return nil
  }

  private mutating func remember(_ value: LiteralValue, at index: Int64) {
    guard memo.count < limits.maxMemo || memo.value(at: index) != nil else {
      degraded = true
      return
    }
    memo.set(value, at: index)
  }

  // MARK: Arguments

  private func integer(_ instruction: Instruction) -> LiteralValue {
    switch instruction.argument {
    case .int(let value): return .int(value)
    case .bool(let value): return .bool(value)
    case .bigInt(let line):
      guard let value = PyInt(pickleTextInteger: cursor.copy(line)) else { return .opaque }
      return value.int64.map { .int($0) } ?? .bigInt(value)
    case .long(let range):
      guard range.count <= 64 else { return .opaque }
      let value = PyInt(twosComplementLittleEndian: cursor.copy(range))
      return value.int64.map { .int($0) } ?? .bigInt(value)
    default: return .opaque
    }
  }

  private func text(_ instruction: Instruction) -> LiteralValue {
    guard case .data(let range) = instruction.argument else { return .opaque }
    guard range.count <= LiteralArena.maxTextBytes else { return .longText(range.count) }
    let raw = cursor.copy(range)
    switch PayloadEncoding.of(instruction.opcode) {
    case .utf8?:
      return .text(String(decoding: raw, as: UTF8.self))
    case .rawUnicodeEscape?:
      guard case .success(let points) = PythonText.decodeRawUnicodeEscape(raw) else {
        return .opaque
      }
      return .text(PythonText.string(points))
    case .escapedString?:
      guard case .success(let bytes) = PythonText.decodeEscapes(raw) else { return .opaque }
      return .text(PythonText.string(bytes.map(UInt32.init)))
    default:
      return .text(PythonText.string(raw.map(UInt32.init)))
    }
  }

  private func globalName(_ instruction: Instruction) -> LiteralValue {
    guard case .pair(let module, let name) = instruction.argument else { return .opaque }
    let moduleText = String(
      decoding: cursor.copy(module, limit: LiteralArena.maxTextBytes),
      as: UTF8.self
    )
    let nameText = String(
      decoding: cursor.copy(name, limit: LiteralArena.maxTextBytes),
      as: UTF8.self
    )
    return .global(module: moduleText, name: nameText)
  }
}

extension OpcodeInfo {
  /// True for opcodes that import or call: what makes a pickle dangerous.
  ///
  /// Persistent ids are left out: plain `pickle.load` has no `persistent_load` and refuses them.
  var isCallable: Bool {
    switch opcode {
    case .global, .stackGlobal, .inst, .obj, .reduce, .newobj, .newobjEx, .build, .ext1, .ext2,
      .ext4:
      true
    default:
      false
    }
  }
}

/// The evaluator's memo: keys as pickles write them (0, 1, 2, …) in an array, others in a
/// dictionary.
private struct LiteralMemo {
  private var dense: [LiteralValue?] = []
  private var sparse: [Int64: LiteralValue] = [:]
  /// Keys set, as CPython's `memo_len` (the next `MEMOIZE` key).
  private(set) var count = 0

  func value(at key: Int64) -> LiteralValue? {
    if key >= 0, key < dense.count { return dense[Int(key)] }
    return sparse[key]
  }

  mutating func set(_ value: LiteralValue, at key: Int64) {
    if key >= 0, key <= dense.count, key < 1 << 24 {
      if key == dense.count {
        dense.append(value)
        // A key set before the array reached it moves in from the dictionary.
        if sparse.removeValue(forKey: key) == nil { count += 1 }
      } else {
        if dense[Int(key)] == nil { count += 1 }
        dense[Int(key)] = value
      }
    } else if sparse.updateValue(value, forKey: key) == nil {
      count += 1
    }
  }

  mutating func removeAll() {
    dense.removeAll(keepingCapacity: true)
    sparse.removeAll()
    count = 0
  }
}
