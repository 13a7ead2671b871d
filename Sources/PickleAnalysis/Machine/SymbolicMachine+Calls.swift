import PickleCore

extension SymbolicMachine {
  /// `REDUCE`/`NEWOBJ`/`NEWOBJ_EX`/`OBJ`/`INST`: calls `callee(*args, **kwargs)`.
  mutating func invoke(_ callee: Value, args: Value, kwargs: Value?, kind: CallKind, at offset: Int)
    -> Value
  {
    var positional: [Value]
    if let items = items(of: args), args.tag == .emptyTuple || self.kind(of: args) == .tuple {
      positional = items
      if let node = args.nodeIndex, Int(nodes[Int(node)].itemCount) > items.count {
        positional.append(.unknown)
      }
    } else {
      if isStatic(args) {
        broken = true
        anomaly(.malformedArgument, at: offset, "call arguments are \(describe(args)), not a tuple")
      }
      positional = [args]
    }
    var keywords: [Value] = []
    if let kwargs {
      if let items = items(of: kwargs), self.kind(of: kwargs) == .dict {
        keywords = items
      } else if kwargs.tag != .unknown {
        keywords = [.unknown, kwargs]
      }
    }
    let firstCall = calls.count
    var result = dispatch(
      callee,
      args: positional,
      kwargs: keywords,
      kind: kind,
      via: [],
      at: offset
    )
    if result.nodeIndex == nil {
      result = make(.callResult, at: offset, a: Int32(firstCall))
    }
    if let node = result.nodeIndex {
      attach(callee, to: node, role: .inputs)
      attach(args, to: node, role: .inputs)
      if let kwargs { attach(kwargs, to: node, role: .inputs) }
      if calls.count > firstCall, nodes[Int(node)].call < 0 {
        nodes[Int(node)].call = Int32(firstCall)
      }
      for id in firstCall..<calls.count where callNodes[id] < 0 { callNodes[id] = node }
    }
    return result
  }

  /// Calls a value, seeing through partials, method callers and bound methods (bounded).
  mutating func dispatch(
    _ callee: Value,
    args: [Value],
    kwargs: [Value],
    kind: CallKind,
    via: [QualifiedName],
    at offset: Int
  ) -> Value {
    guard dispatchDepth < Self.maxTrampolineNesting else {
      limitHit(.trampolineNesting, at: offset, halt: false)
      return .unknown
    }
    dispatchDepth += 1
    defer { dispatchDepth -= 1 }
    var callee = callee
    var args = args
    var kwargs = kwargs
    var kind = kind
    var via = via
    for _ in 0..<32 {
      guard let node = callee.nodeIndex else { break }
      let n = nodes[Int(node)]
      switch n.kind {
      case .symbol:
        let symbol = symbols[Int(n.a)]
        if symbol.reference >= 0 { references[symbol.reference].isCalled = true }
        return callSymbol(symbol, args: args, kwargs: kwargs, kind: kind, via: via, at: offset)
      case .partial:
        let stored = children(of: node, role: .items)
        let positional = Int(n.b)
        guard positional >= 1, positional <= stored.count else { break }
        callee = stored[0]
        args = Array(stored[1..<positional]) + args
        kwargs = Array(stored[positional...]) + kwargs
        via.append(QualifiedName(module: "functools", name: "partial"))
        kind = .indirect
        continue
      case .methodCaller:
        let stored = children(of: node, role: .items)
        let positional = Int(n.b)
        guard positional >= 1, positional <= stored.count, let receiver = args.first,
          let name = textValue(stored[0])
        else { break }
        via.append(QualifiedName(module: "operator", name: "methodcaller"))
        callee = attributeValue(of: receiver, name, via: [], at: offset)
        args = Array(stored[1..<positional])
        kwargs = Array(stored[positional...])
        kind = .indirect
        continue
      case .attrGetter:
        let names = children(of: node, role: .items)
        via.append(QualifiedName(module: "operator", name: "attrgetter"))
        guard let receiver = args.first else { break }
        let getattr = Symbol.builtin("getattr")
        _ = recordCall(
          kind: .indirect,
          callee: getattr,
          dynamic: nil,
          args: [receiver] + names,
          kwargs: [],
          via: via,
          at: offset
        )
        var result = receiver
        for name in names.prefix(1) {
          for part in (textValue(name) ?? "?").split(separator: ".") {
            result = attributeValue(of: result, String(part), via: via, at: offset)
          }
        }
        return result
      case .itemGetter:
        let keys = children(of: node, role: .items)
        via.append(QualifiedName(module: "operator", name: "itemgetter"))
        guard let receiver = args.first, let key = keys.first else { break }
        _ = recordCall(
          kind: .indirect,
          callee: Symbol.named("operator", "getitem"),
          dynamic: nil,
          args: [receiver, key],
          kwargs: [],
          via: via,
          at: offset
        )
        return itemValue(of: receiver, key, via: via, at: offset)
      case .boundMethod:
        let stored = children(of: node, role: .items)
        guard stored.count == 2, let name = textValue(stored[1]) else { break }
        return callMethod(
          receiver: stored[0],
          name,
          args: args,
          kwargs: kwargs,
          kind: kind,
          via: via,
          at: offset
        )
      default:
        break
      }
      break
    }
    return dynamicCall(callee, args: args, kwargs: kwargs, kind: kind, via: via, at: offset)
  }

  /// A call whose callee cannot be resolved statically.
  mutating func dynamicCall(
    _ callee: Value,
    args: [Value],
    kwargs: [Value],
    kind: CallKind,
    via: [QualifiedName],
    at offset: Int
  ) -> Value {
    var description = describe(callee)
    var allVia = via
    var source: Int?
    if let node = callee.nodeIndex, nodes[Int(node)].kind == .dynamic {
      let dynamic = dynamics[Int(nodes[Int(node)].a)]
      allVia += dynamic.via
      source = dynamic.sourceOffset
      description = dynamic.description
    }
    _ = recordCall(
      kind: kind,
      callee: nil,
      dynamic: description,
      args: args,
      kwargs: kwargs,
      via: allVia,
      calleeOffset: source,
      at: offset
    )
    return .unknown
  }

  /// Records one call edge; returns its id, or -1 past the call limit.
  mutating func recordCall(
    kind: CallKind,
    callee: Symbol?,
    dynamic: String?,
    args: [Value],
    kwargs: [Value],
    via: [QualifiedName],
    calleeOffset: Int? = nil,
    at offset: Int
  ) -> Int {
    guard calls.count < limits.maxCalls else {
      limitHit(.calls, at: offset, halt: false)
      return -1
    }
    var arguments = args.map { literal($0) }
    if args.last?.tag == .unknown, arguments.count > 0 {
      arguments[arguments.count - 1] = .opaque("…")
    }
    var keywords: [Literal.DictEntry] = []
    var index = 0
    while index + 1 < kwargs.count {
      keywords.append(.init(key: literal(kwargs[index]), value: literal(kwargs[index + 1])))
      index += 2
    }
    let id = calls.count
    calls.append(
      Call(
        id: id,
        kind: kind,
        callee: callee?.name,
        dynamicCallee: callee == nil ? (dynamic ?? "unknown value") : nil,
        arguments: arguments,
        keywordArguments: keywords,
        offset: offset,
        calleeOffset: calleeOffset ?? callee?.sourceOffset,
        via: via + (callee?.via ?? [])
      )
    )
    callNodes.append(-1)
    if callee == nil {
      anomaly(
        .unresolvedCallee,
        at: offset,
        "call of \(dynamic ?? "an unknown value") cannot be resolved statically"
      )
    }
    return id
  }

  /// `getattr(receiver, name)`.
  mutating func attributeValue(
    of receiver: Value,
    _ name: String,
    via: [QualifiedName],
    at offset: Int
  ) -> Value {
    if var symbol = symbol(of: receiver) {
      symbol = NameResolver.attribute(of: symbol, name)
      symbol.via = via + symbol.via
      return makeSymbol(symbol, origin: via.first?.description ?? "getattr", at: offset)
    }
    if name == "__class__", let type = typeName(of: receiver) {
      var symbol = Symbol.builtin(type)
      symbol.via = via
      return makeSymbol(symbol, origin: via.first?.description ?? "getattr", at: offset)
    }
    let receiverKind = kind(of: receiver)
    let opaque: Set<NodeKind> = [.dynamic, .callResult, .persistent, .ext, .opaque, .symbol]
    if receiver.tag == .unknown || receiver.tag == .unset
      || receiverKind.map(opaque.contains) == true
    {
      var description = describe(receiver) + "." + name
      var allVia = via
      var source: Int?
      if let node = receiver.nodeIndex, nodes[Int(node)].kind == .dynamic {
        let dynamic = dynamics[Int(nodes[Int(node)].a)]
        description = dynamic.description + "." + name
        allVia += dynamic.via
        source = dynamic.sourceOffset
      }
      return makeDynamic(description, via: allVia, sourceOffset: source, at: offset)
    }
    let method = make(.boundMethod, at: offset)
    if let node = method.nodeIndex {
      let nameValue = makeComputed(.text(name), at: offset)
      attach(receiver, to: node, role: .items)
      attach(nameValue, to: node, role: .items)
    }
    return method
  }

  /// The builtin type of a literal value, if known.
  func typeName(of value: Value) -> String? {
    switch value.tag {
    case .none: return "NoneType"
    case .bool: return "bool"
    case .int, .bigInt, .long: return "int"
    case .float: return "float"
    case .text: return "str"
    case .bytes: return value.sub == 1 ? "bytearray" : "bytes"
    case .emptyTuple: return "tuple"
    case .node:
      switch kind(of: value) {
      case .list?: return "list"
      case .tuple?: return "tuple"
      case .dict?: return "dict"
      case .set?: return "set"
      case .frozenset?: return "frozenset"
      case .computed?: return isText(value) ? "str" : "bytes"
      default: return nil
      }
    default: return nil
    }
  }

  /// `receiver[key]` for namespaces, dicts, lists and tuples known statically.
  mutating func itemValue(of receiver: Value, _ key: Value, via: [QualifiedName], at offset: Int)
    -> Value
  {
    if let symbol = symbol(of: receiver), let text = textValue(key),
      var item = NameResolver.item(of: symbol, text)
    {
      item.via = via + symbol.via
      return makeSymbol(item, origin: via.first?.description ?? "getitem", at: offset)
    }
    if let items = items(of: receiver) {
      switch kind(of: receiver) {
      case .dict?:
        var index = 0
        while index + 1 < items.count {
          if sameConstant(items[index], key) { return items[index + 1] }
          index += 2
        }
      case .list?, .tuple?:
        if let position = key.intValue {
          let resolved = position < 0 ? Int64(items.count) + position : position
          if resolved >= 0, resolved < Int64(items.count) { return items[Int(resolved)] }
        }
      default:
        break
      }
    }
    return makeDynamic(
      describe(receiver) + "[" + describe(key) + "]",
      via: via,
      sourceOffset: nil,
      at: offset
    )
  }

  /// True when two values are the same literal constant.
  func sameConstant(_ a: Value, _ b: Value) -> Bool {
    if let x = textValue(a), let y = textValue(b) { return x == y }
    if a.tag == .int, b.tag == .int { return a.bits == b.bits }
    return false
  }
}

extension Symbol {
  static func builtin(_ name: String) -> Symbol { named("builtins", name) }

  static func named(_ module: String, _ name: String) -> Symbol {
    var symbol = Symbol(module: module)
    symbol.state = .object
    symbol.attrs = name.split(separator: ".").map(String.init)
    return symbol
  }
}
