import PickleCore

extension SymbolicMachine {
  /// Runs one instruction; returns the pickle's result at `STOP`.
  mutating func step(_ ins: Instruction) -> Value? {
    let offset = ins.offset
    let op = ins.opcode
    switch op {
    // Plain data.
    case .none: push(.none, at: offset)
    case .newtrue: push(.bool(true), at: offset)
    case .newfalse: push(.bool(false), at: offset)
    case .int, .binint, .binint1, .binint2, .long, .long1, .long4:
      push(number(ins.argument), at: offset)
    case .float, .binfloat:
      if case .float(let value) = ins.argument { push(.float(value), at: offset) }
    case .string, .binstring, .shortBinstring, .unicode, .shortBinunicode, .binunicode,
      .binunicode8:
      guard case .data(let range) = ins.argument else { break }
      let encoding: Value.TextEncoding =
        switch op {
        case .string: .escapedString
        case .binstring, .shortBinstring: .rawString
        case .unicode: .rawUnicodeEscape
        default: .utf8
        }
      push(span(.text, range, sub: encoding.rawValue, at: offset), at: offset)
    case .binbytes, .shortBinbytes, .binbytes8, .bytearray8:
      guard case .data(let range) = ins.argument else { break }
      push(span(.bytes, range, sub: op == .bytearray8 ? 1 : 0, at: offset), at: offset)
    case .nextBuffer:
      push(make(.buffer, at: offset), at: offset)
    case .readonlyBuffer:
      if let value = top(at: offset, "READONLY_BUFFER"), let node = value.nodeIndex,
        nodes[Int(node)].kind == .buffer
      {
        nodes[Int(node)].flags |= Node.readonly
      }

    // Containers.
    case .emptyList: push(make(.list, at: offset), at: offset)
    case .emptyDict: push(make(.dict, at: offset), at: offset)
    case .emptySet: push(make(.set, at: offset), at: offset)
    case .emptyTuple: push(.emptyTuple, at: offset)
    case .list, .tuple, .frozenset, .dict:
      let mark = marker(
        at: offset,
        op == .list ? "LIST" : op == .tuple ? "TUPLE" : op == .dict ? "DICT" : "FROZENSET"
      )
      let kind: NodeKind =
        switch op {
        case .list: .list
        case .tuple: .tuple
        case .frozenset: .frozenset
        default: .dict
        }
      if op == .dict, (stack.count - mark) % 2 != 0 {
        broken = true
        anomaly(.malformedArgument, at: offset, "DICT with an odd number of items")
      }
      push(container(kind, from: mark, at: offset), at: offset)
    case .tuple1, .tuple2, .tuple3:
      let count = op == .tuple1 ? 1 : op == .tuple2 ? 2 : 3
      if stack.count - fence < count { underflow(at: offset, ins.info.name) }
      push(container(.tuple, from: max(fence, stack.count - count), at: offset), at: offset)
    case .append:
      guard stack.count - 1 > fence else {
        underflow(at: offset, "APPEND")
        if stack.count > fence { stack.removeLast() }
        break
      }
      mutate(target: stack.count - 2, items: stack.count - 1, opcode: op, at: offset)
    case .appends, .setitems, .additems:
      let mark = marker(
        at: offset,
        op == .appends ? "APPENDS" : op == .setitems ? "SETITEMS" : "ADDITEMS"
      )
      mutate(target: mark - 1, items: mark, opcode: op, at: offset)
    case .setitem:
      mutate(target: stack.count - 3, items: stack.count - 2, opcode: op, at: offset)

    // Stack and memo.
    case .mark:
      marks.append(stack.count)
      fence = stack.count
    case .pop:
      if let mark = marks.last, mark == stack.count {
        marks.removeLast()
        fence = marks.last ?? 0
      } else if stack.count <= fence {
        underflow(at: offset, "POP")
      } else {
        stack.removeLast()
      }
    case .popMark:
      let mark = marker(at: offset, "POP_MARK")
      stack.removeLast(stack.count - mark)
    case .dup:
      if let value = top(at: offset, "DUP") { push(value, at: offset) }
    case .put, .binput, .longBinput, .memoize:
      guard let value = top(at: offset, op == .memoize ? "MEMOIZE" : "PUT") else { break }
      if op == .memoize {
        memoPut(Int64(memoCount), value, at: offset)
      } else if case .int(let key) = ins.argument {
        memoPut(key, value, at: offset)
      }
    case .get, .binget, .longBinget:
      guard case .int(let key) = ins.argument else { break }
      push(fetch(key, at: offset), at: offset)

    // Globals and calls.
    case .global:
      guard case .pair(let module, let name) = ins.argument else { break }
      push(
        global(module: decodeName(module), name: decodeName(name), opcode: "GLOBAL", at: offset),
        at: offset
      )
    case .stackGlobal:
      let name = pop(at: offset, "STACK_GLOBAL")
      let module = pop(at: offset, "STACK_GLOBAL")
      push(stackGlobal(module: module, name: name, at: offset), at: offset)
    case .inst:
      guard case .pair(let module, let name) = ins.argument else { break }
      let mark = marker(at: offset, "INST")
      let args = container(.tuple, from: mark, at: offset)
      let cls = global(
        module: decodeName(module),
        name: decodeName(name),
        opcode: "INST",
        at: offset
      )
      push(invoke(cls, args: args, kwargs: nil, kind: .inst, at: offset), at: offset)
    case .obj:
      let mark = marker(at: offset, "OBJ")
      guard stack.count - mark >= 1 else {
        broken = true
        anomaly(.stackUnderflow, at: offset, "OBJ without a class after its MARK")
        break
      }
      let args = container(.tuple, from: mark + 1, at: offset)
      let cls = stack.removeLast()
      push(invoke(cls, args: args, kwargs: nil, kind: .obj, at: offset), at: offset)
    case .reduce:
      let args = pop(at: offset, "REDUCE")
      let callee = pop(at: offset, "REDUCE")
      push(invoke(callee, args: args, kwargs: nil, kind: .reduce, at: offset), at: offset)
    case .newobj:
      let args = pop(at: offset, "NEWOBJ")
      let cls = pop(at: offset, "NEWOBJ")
      push(invoke(cls, args: args, kwargs: nil, kind: .newobj, at: offset), at: offset)
    case .newobjEx:
      let kwargs = pop(at: offset, "NEWOBJ_EX")
      let args = pop(at: offset, "NEWOBJ_EX")
      let cls = pop(at: offset, "NEWOBJ_EX")
      push(invoke(cls, args: args, kwargs: kwargs, kind: .newobjEx, at: offset), at: offset)
    case .build:
      let state = pop(at: offset, "BUILD")
      guard let target = top(at: offset, "BUILD") else { break }
      build(target, state: state, at: offset)
    case .ext1, .ext2, .ext4:
      guard case .int(let code) = ins.argument else { break }
      anomaly(
        .extensionCode,
        at: offset,
        "\(ins.info.name) code \(code) names a global from the extension registry"
      )
      push(make(.ext, at: offset, a: Int32(truncatingIfNeeded: code)), at: offset)
    case .persid:
      guard case .data(let range) = ins.argument else { break }
      let pid = span(.text, range, sub: Value.TextEncoding.asciiLine.rawValue, at: offset)
      anomaly(
        .unusualPersistentID,
        at: offset,
        "PERSID with a text id (no known framework writes one)"
      )
      push(persistent(pid, at: offset), at: offset)
    case .binpersid:
      let pid = pop(at: offset, "BINPERSID")
      checkPersistentID(pid, at: offset)
      push(persistent(pid, at: offset), at: offset)

    // Framing.
    case .proto:
      guard case .int(let version) = ins.argument else { break }
      sawProto = true
      if opcodesInPickle != 1 {
        anomaly(.protoMisuse, at: offset, "PROTO \(version) is not the first opcode")
      }
      if version > 5 {
        broken = true
        anomaly(.protoMisuse, at: offset, "PROTO declares unsupported protocol \(version)")
      } else {
        proto = Int(version)
      }
    case .frame:
      break
    case .stop:
      let result = pop(at: offset, "STOP")
      if !marks.isEmpty {
        anomaly(.markMisuse, at: offset, "\(marks.count) MARK(s) still open at STOP")
      }
      if !stack.isEmpty {
        anomaly(.stackNotEmpty, at: offset, "STOP leaves \(stack.count) item(s) on the stack")
      }
      return result
    }
    return nil
  }

  /// A number argument as a value.
  mutating func number(_ argument: OpcodeArgument) -> Value {
    switch argument {
    case .int(let value): return .int(value)
    case .bool(let value): return .bool(value)
    case .bigInt(let line):
      let value = cursor.withBytes(line) { PyInt(pickleTextInteger: $0) } ?? PyInt()
      bigInts.append(value)
      return Value(tag: .bigInt, sub: 0, count: 0, bits: UInt64(bigInts.count - 1))
    case .long(let range):
      if range.count <= 8 {
        let bytes = cursor.withBytes(range) { Array($0) }
        if let small = PyInt(twosComplementLittleEndian: bytes).int64 { return .int(small) }
      }
      return Value(
        tag: .long,
        sub: 0,
        count: UInt32(clamping: range.count),
        bits: UInt64(range.start)
      )
    default: return .none
    }
  }

  /// A text or bytes value over an input span.
  func span(_ tag: Value.Tag, _ range: ByteRange, sub: UInt8, at offset: Int) -> Value {
    Value(tag: tag, sub: sub, count: UInt32(clamping: range.count), bits: UInt64(range.start))
  }

  func decodeName(_ range: ByteRange) -> String {
    cursor.withBytes(range) { String(decoding: $0, as: UTF8.self) }
  }

  /// Pops the stack down to `mark` into a new container.
  mutating func container(_ kind: NodeKind, from mark: Int, at offset: Int) -> Value {
    let start = min(max(mark, 0), stack.count)
    if kind == .tuple, start == stack.count { return .emptyTuple }
    let value = make(kind, at: offset)
    if let node = value.nodeIndex {
      addStackItems(from: start, to: node, perItem: kind == .dict ? 2 : 1)
    }
    stack.removeLast(stack.count - start)
    return value
  }

  /// `APPEND(S)`, `SETITEM(S)`, `ADDITEMS`: items `stack[items...]` into `stack[target]`.
  mutating func mutate(target: Int, items: Int, opcode: Opcode, at offset: Int) {
    guard target >= 0, items <= stack.count else {
      underflow(at: offset, OpcodeTable.info(opcode).name)
      stack.removeLast(stack.count - max(0, min(items, stack.count)))
      return
    }
    let isDict = opcode == .setitem || opcode == .setitems
    if isDict, (stack.count - items) % 2 != 0 {
      broken = true
      anomaly(
        .malformedArgument,
        at: offset,
        "\(OpcodeTable.info(opcode).name) with an odd number of items"
      )
    }
    if items < stack.count, let node = stack[target].nodeIndex {
      if nodes[Int(node)].kind == .symbol {
        mutateGlobal(node, values: stack[items...], opcode: opcode, at: offset)
      } else {
        // Lists, dicts, sets; an object's own `extend`/`__setitem__`/`add` keeps them reachable.
        addStackItems(from: items, to: node, perItem: isDict ? 2 : 1)
      }
    }
    stack.removeLast(stack.count - items)
  }

  /// `GET`: the memo value, summarised past the fan-out limit.
  mutating func fetch(_ key: Int64, at offset: Int) -> Value {
    guard let value = memoGet(key) else {
      broken = true
      anomaly(.memoMissing, at: offset, "GET of memo key \(key), which was never PUT")
      return .unknown
    }
    if let node = value.nodeIndex, nodes[Int(node)].kind.rawValue <= NodeKind.frozenset.rawValue {
      // Only containers multiply what a literal shows; globals are shared freely.
      nodes[Int(node)].gets &+= 1
      if nodes[Int(node)].gets > UInt32(clamping: limits.maxGetsPerEntry) {
        limitHit(.memoFanOut, detail: key, at: offset, halt: false)
      }
    }
    return value
  }

  mutating func persistent(_ pid: Value, at offset: Int) -> Value {
    let value = make(.persistent, at: offset)
    if let node = value.nodeIndex { attach(pid, to: node, role: .inputs) }
    return value
  }

  /// Torch writes `('storage', StorageType, key, location, numel[, None])`; anything else is odd.
  mutating func checkPersistentID(_ pid: Value, at offset: Int) {
    if let items = items(of: pid), kind(of: pid) == .tuple, items.count >= 5, items.count <= 6,
      textValue(items[0]) == "storage", symbol(of: items[1]) != nil, isText(items[2]),
      isText(items[3]), items[4].tag == .int
    {
      return
    }
    anomaly(.unusualPersistentID, at: offset, "BINPERSID id is not a torch storage tuple")
  }
}
