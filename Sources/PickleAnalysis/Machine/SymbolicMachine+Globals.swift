import PickleCore

extension SymbolicMachine {
  /// `GLOBAL`/`INST`/`STACK_GLOBAL`: `find_class(module, name)` under the current protocol.
  mutating func global(module: String, name: String, opcode: String, at offset: Int) -> Value {
    let resolution = NameResolver.findClass(module: module, name: name, proto: proto)
    if let rename = resolution.compatRename {
      anomaly(.compatRename, at: offset, "\(opcode) \(rename) (protocol \(proto) compat mapping)")
    }
    if resolution.dotted {
      anomaly(
        .dottedName,
        at: offset,
        "\(opcode) \(module) \(name) resolves through attributes to \(resolution.symbol.name)"
      )
    }
    var symbol = resolution.symbol
    symbol.sourceOffset = offset
    return makeSymbol(symbol, origin: opcode, at: offset)
  }

  /// `STACK_GLOBAL` with operands from the stack, the memo or computed at load time.
  mutating func stackGlobal(module: Value, name: Value, at offset: Int) -> Value {
    guard let moduleText = textValue(module), let nameText = textValue(name) else {
      let known = isStatic(module) && isStatic(name)
      if known { broken = true }
      anomaly(
        .nonStringGlobalOperands,
        at: offset,
        known
          ? "STACK_GLOBAL operands are not both str (CPython refuses them)"
          : "STACK_GLOBAL operands are not known statically"
      )
      let description = "STACK_GLOBAL(\(describe(module)), \(describe(name)))"
      return makeDynamic(description, via: [], sourceOffset: offset, at: offset)
    }
    let value = global(module: moduleText, name: nameText, opcode: "STACK_GLOBAL", at: offset)
    if let node = value.nodeIndex, module.tag == .node || name.tag == .node {
      // Operands computed at load time stay reachable from the global they name.
      attach(module, to: node, role: .inputs)
      attach(name, to: node, role: .inputs)
    }
    return value
  }

  /// True for values whose Python type is known (literals, containers).
  func isStatic(_ value: Value) -> Bool {
    switch value.tag {
    case .unknown, .unset: return false
    case .node:
      switch kind(of: value) {
      case .list?, .tuple?, .dict?, .set?, .frozenset?, .computed?: return true
      default: return false
      }
    default: return true
    }
  }

  /// A symbol node with its reference recorded.
  mutating func makeSymbol(_ symbol: Symbol, origin: String, at offset: Int) -> Value {
    var symbol = symbol
    symbol.reference = references.count
    references.append(
      GlobalReference(name: symbol.name, offset: offset, origin: origin, isCalled: false)
    )
    return makeSymbol(symbol, at: offset)
  }

  /// `BUILD`: state set on the target; a global target is module state being changed.
  mutating func build(_ target: Value, state: Value, at offset: Int) {
    builds.append(BuildEdge(offset: offset, target: literal(target), state: literal(state)))
    guard let node = target.nodeIndex else { return }
    attach(state, to: node, role: .state)
    nodes[Int(node)].flags |= Node.hasState
    if nodes[Int(node)].kind == .symbol {
      let symbol = symbols[Int(nodes[Int(node)].a)]
      let id = recordCall(
        kind: .setstate,
        callee: symbol,
        dynamic: nil,
        args: [state],
        kwargs: [],
        via: symbol.via,
        at: offset
      )
      if id >= 0 { callNodes[id] = node }
    }
  }

  /// `APPEND`/`SETITEM`/`ADDITEMS` on a global (`sys.path.append`, `os.environ[k] = v`).
  mutating func mutateGlobal(
    _ node: Int32,
    values: ArraySlice<Value>,
    opcode: Opcode,
    at offset: Int
  ) {
    let symbol = symbols[Int(nodes[Int(node)].a)]
    addItems(values, to: node, perItem: opcode == .setitem || opcode == .setitems ? 2 : 1)
    let method: String
    var groups: [[Value]] = []
    switch opcode {
    case .setitem, .setitems:
      method = "__setitem__"
      var index = values.startIndex
      while index + 1 < values.endIndex {
        groups.append([values[index], values[index + 1]])
        index += 2
      }
    case .additems:
      method = "add"
      groups = values.map { [$0] }
    default:
      method = "append"
      groups = values.map { [$0] }
    }
    var callee = NameResolver.attribute(of: symbol, method)
    callee.via = symbol.via
    for group in groups.prefix(limits.maxTrackedItems) {
      let id = recordCall(
        kind: .indirect,
        callee: callee,
        dynamic: nil,
        args: group,
        kwargs: [],
        via: symbol.via,
        at: offset
      )
      if id >= 0 { callNodes[id] = node }
    }
  }

  /// A short description of a value for dynamic callees and messages.
  func describe(_ value: Value) -> String { describe(value, depth: 0) }

  private func describe(_ value: Value, depth: Int) -> String {
    guard depth < 8 else { return "…" }
    switch value.tag {
    case .unset, .unknown: return "unknown value"
    case .none: return "None"
    case .bool: return value.boolValue ? "True" : "False"
    case .int: return String(Int64(bitPattern: value.bits))
    case .float: return "float"
    case .bigInt, .long: return "int"
    case .text: return textValue(value, cap: 80).map { "'\($0)'" } ?? "str"
    case .bytes: return value.sub == 1 ? "bytearray" : "bytes"
    case .emptyTuple: return "()"
    case .node:
      guard let node = value.nodeIndex else { return "value" }
      let n = nodes[Int(node)]
      switch n.kind {
      case .symbol: return symbols[Int(n.a)].name.description
      case .callResult: return "result of call #\(n.a)"
      case .dynamic, .opaque: return dynamics[Int(n.a)].description
      case .persistent: return "persistent id object"
      case .ext: return "EXT code \(n.a)"
      case .buffer: return "out-of-band buffer"
      case .computed: return textValue(value, cap: 80).map { "'\($0)'" } ?? "bytes"
      case .list: return "list"
      case .tuple: return "tuple"
      case .dict: return "dict"
      case .set: return "set"
      case .frozenset: return "frozenset"
      case .boundMethod:
        let stored = children(of: node, role: .items)
        guard stored.count == 2 else { return "method" }
        return "\(describe(stored[0], depth: depth + 1)).\(textValue(stored[1]) ?? "?")"
      default: return n.call >= 0 ? "result of call #\(n.call)" : "object"
      }
    }
  }
}
