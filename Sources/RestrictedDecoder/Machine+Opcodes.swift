import PickleCore

extension Machine {
  /// Executes one opcode other than `STOP`.
  mutating func execute(_ instruction: Instruction) throws(Refusal) {
    let argument = instruction.argument
    switch instruction.opcode {
    case .proto:
      guard case .int(let version) = argument, version <= 5 else {
        throw Refusal(.unsupported, "protocol \(argument) is not supported", at: offset)
      }
      proto = Int(version)
    case .frame:
      break
    case .int, .binint, .binint1, .binint2, .long, .long1, .long4:
      try push(integer(argument))
    case .float, .binfloat:
      guard case .float(let number) = argument else { throw badArgument(instruction) }
      try push(.float(number))
    case .none:
      try push(.none)
    case .newtrue, .newfalse:
      try push(.bool(instruction.opcode == .newtrue))
    case .string, .binstring, .shortBinstring, .unicode, .shortBinunicode, .binunicode,
      .binunicode8:
      guard case .data(let range) = argument else { throw badArgument(instruction) }
      try push(.string(text(range, PayloadEncoding.of(instruction.opcode) ?? .utf8)))
    case .binbytes, .shortBinbytes, .binbytes8:
      guard case .data(let range) = argument else { throw badArgument(instruction) }
      try push(.bytes(byteString(range)))
    case .bytearray8:
      guard case .data(let range) = argument else { throw badArgument(instruction) }
      let array = node(.bytearray, "bytearray")
      array.bytes = byteString(range)
      try push(.node(array))
    case .nextBuffer:
      try push(.node(outOfBandBuffer()))
    case .readonlyBuffer:
      switch try top() {
      case .bytes: break
      case .node(let buffer) where buffer.kind == .bytearray || buffer.type == "buffer": break
      case let other:
        throw Refusal(.badTarget, "READONLY_BUFFER on \(other.typeName)", at: offset)
      }
    case .emptyList:
      try push(.node(node(.list, "list")))
    case .emptyTuple:
      try push(.node(tuple([])))
    case .emptyDict:
      try push(.node(node(.dict, "dict")))
    case .emptySet:
      try push(.node(node(.set, "set")))
    case .list:
      let items = try popMark()
      let list = node(.list, "list")
      try append(items, to: list)
      try push(.node(list))
    case .tuple:
      try push(.node(tuple(try popMark())))
    case .tuple1, .tuple2, .tuple3:
      let count = instruction.opcode == .tuple1 ? 1 : instruction.opcode == .tuple2 ? 2 : 3
      guard stack.count - floor >= count else { throw underflow() }
      let items = Array(stack.suffix(count))
      stack.removeLast(count)
      try push(.node(tuple(items)))
    case .dict:
      let items = try popMark()
      let dict = node(.dict, "dict")
      try setItems(items, in: dict)
      try push(.node(dict))
    case .frozenset:
      let items = try popMark()
      let set = node(.frozenset, "frozenset")
      try add(items, to: set)
      try push(.node(set))
    case .append:
      let item = try pop()
      try append([item], to: try targetNode("APPEND"))
    case .appends:
      let items = try popMark()
      try append(items, to: try targetNode("APPENDS"))
    case .setitem:
      let value = try pop()
      let key = try pop()
      try setItems([key, value], in: try targetNode("SETITEM"))
    case .setitems:
      let items = try popMark()
      try setItems(items, in: try targetNode("SETITEMS"))
    case .additems:
      let items = try popMark()
      let target = try targetNode("ADDITEMS")
      guard target.kind == .set else {
        throw Refusal(.badTarget, "ADDITEMS on \(target.type)", at: offset)
      }
      try add(items, to: target)
    case .pop:
      if stack.count > floor {
        stack.removeLast()
      } else {
        _ = try popMark()
      }
    case .dup:
      try push(try top())
    case .mark:
      guard marks.count < limits.maxMarks else {
        throw Refusal(.limit, "more than \(limits.maxMarks) nested MARKs", at: offset)
      }
      marks.append(stack.count)
    case .popMark:
      _ = try popMark()
    case .get, .binget, .longBinget:
      guard case .int(let key) = argument else { throw badArgument(instruction) }
      try get(key)
    case .put, .binput, .longBinput:
      guard case .int(let key) = argument else { throw badArgument(instruction) }
      try put(key)
    case .memoize:
      try put(Int64(memo.count))
    case .ext1, .ext2, .ext4:
      throw Refusal(
        .unsupported,
        "extension code \(argument) is not registered (copyreg extensions are refused)",
        at: offset
      )
    case .global:
      guard case .pair(let module, let name) = argument else { throw badArgument(instruction) }
      try push(.global(try resolve(module: text(module, .utf8), name: text(name, .utf8))))
    case .stackGlobal:
      let name = try pop()
      let module = try pop()
      guard let moduleText = module.string, let nameText = name.string else {
        throw Refusal(.malformed, "STACK_GLOBAL needs two str values", at: offset)
      }
      try push(.global(try resolve(module: moduleText, name: nameText)))
    case .inst:
      guard case .pair(let module, let name) = argument else { throw badArgument(instruction) }
      let callee = try resolve(module: text(module, .utf8), name: text(name, .utf8))
      let args = try popMark()
      try push(try instantiateOrCall(callee, args))
    case .obj:
      var items = try popMark()
      guard !items.isEmpty else { throw underflow() }
      let callee = items.removeFirst()
      guard case .global(let reference) = callee else {
        throw Refusal(.forbiddenUse, "OBJ of a \(callee.typeName) value", at: offset)
      }
      try push(try instantiateOrCall(reference, items))
    case .reduce:
      let args = try pop()
      let callee = try pop()
      try push(try reduce(callee, args))
    case .newobj:
      let args = try pop()
      let callee = try pop()
      try push(try newObject(callee, args, keywords: nil))
    case .newobjEx:
      let keywords = try pop()
      let args = try pop()
      let callee = try pop()
      try push(try newObject(callee, args, keywords: keywords))
    case .build:
      let state = try pop()
      try build(try top(), state: state)
    case .persid:
      guard case .data(let range) = argument else { throw badArgument(instruction) }
      let shown = ByteRange(start: range.start, count: min(range.count, 40))
      throw Refusal(
        .persistentID,
        "text persistent id \"\(try text(shown, .rawString))\" is not a torch storage reference",
        at: offset
      )
    case .binpersid:
      let pid = try pop()
      try push(try persistentLoad(pid))
    case .stop:
      preconditionFailure("STOP is handled by run()")
    }
  }

  func badArgument(_ instruction: Instruction) -> Refusal {
    Refusal(.malformed, "\(instruction.info.name) has an unexpected argument", at: offset)
  }

  func integer(_ argument: OpcodeArgument) throws(Refusal) -> Value {
    switch argument {
    case .int(let number): return .int(number)
    case .bool(let flag): return .bool(flag)
    case .bigInt(let line):
      let parsed = unsafe reader.cursor.withBytes(line) { bytes in
        unsafe PyInt(pickleTextInteger: bytes)
      }
      guard let number = parsed else {
        throw Refusal(.malformed, "integer literal the C unpickler refuses", at: offset)
      }
      return number.int64.map(Value.int) ?? .bigInt(number)
    case .long(let range):
      let number = unsafe reader.cursor.withBytes(range) { bytes in
        unsafe PyInt(twosComplementLittleEndian: bytes)
      }
      return number.int64.map(Value.int) ?? .bigInt(number)
    default:
      throw Refusal(.malformed, "integer opcode has an unexpected argument", at: offset)
    }
  }

  /// The item below the top of the stack, which `APPEND` and friends modify.
  func targetNode(_ opcode: String) throws(Refusal) -> Node {
    let target = try top()
    guard let node = target.node else {
      throw Refusal(.badTarget, "\(opcode) on \(target.typeName)", at: offset)
    }
    return node
  }

  func tuple(_ items: [Value]) -> Node {
    let tuple = node(.tuple, "tuple")
    tuple.items = items
    for item in items {
      switch item {
      case .node(let inner):
        if inner.isUnhashable { tuple.isUnhashable = true }
        if inner.holdsCallableOnlyGlobal { tuple.holdsCallableOnlyGlobal = true }
      case .global(let reference) where !reference.permission.storable:
        tuple.holdsCallableOnlyGlobal = true
      default:
        break
      }
    }
    return tuple
  }

  func outOfBandBuffer() -> Node {
    let buffer = node(.record, "buffer")
    buffer.fields = [("out_of_band", .bool(true))]
    return buffer
  }
}
