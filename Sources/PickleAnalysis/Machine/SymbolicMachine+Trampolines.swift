import PickleCore

extension SymbolicMachine {
  /// Calls a resolved global: records the edge, then applies what the callee is known to do.
  mutating func callSymbol(
    _ symbol: Symbol,
    args: [Value],
    kwargs: [Value],
    kind: CallKind,
    via: [QualifiedName],
    at offset: Int
  ) -> Value {
    let id = recordCall(
      kind: kind,
      callee: symbol,
      dynamic: nil,
      args: args,
      kwargs: kwargs,
      via: via,
      at: offset
    )
    let callee = symbol.name
    let trail = [callee] + via + symbol.via
    if symbol.state == .object, let last = symbol.attrs.last {
      if last == "__getattribute__", let name = args.first.flatMap({ textValue($0) }) {
        var receiver = symbol
        receiver.attrs.removeLast()
        if receiver.attrs.isEmpty { receiver.state = .module }
        var result = NameResolver.attribute(of: receiver, name)
        result.via = trail
        return makeSymbol(result, origin: callee.description, at: offset)
      }
      let count = symbol.attrs.count
      if last == "get" || last == "__getitem__", count >= 2, symbol.attrs[count - 2] == "__dict__",
        let key = args.first.flatMap({ textValue($0) })
      {
        var namespace = symbol
        namespace.attrs.removeLast(2)
        namespace.state = .namespace
        if var result = NameResolver.item(of: namespace, key) {
          result.via = trail
          return makeSymbol(result, origin: callee.description, at: offset)
        }
      }
    }
    return semantics(
      callee.description,
      symbol: symbol,
      callID: id,
      args: args,
      kwargs: kwargs,
      via: trail,
      at: offset
    ) ?? make(.callResult, at: offset, a: Int32(id))
  }

  /// Calls `receiver.name(*args)` for a receiver that is no global (a literal, an unpickler…).
  mutating func callMethod(
    receiver: Value,
    _ name: String,
    args: [Value],
    kwargs: [Value],
    kind: CallKind,
    via: [QualifiedName],
    at offset: Int
  ) -> Value {
    var owner: Symbol?
    if isText(receiver) {
      owner = .builtin("str")
    } else if receiver.tag == .bytes {
      owner = .builtin(receiver.sub == 1 ? "bytearray" : "bytes")
    } else if receiver.tag == .emptyTuple {
      owner = .builtin("tuple")
    } else if let node = receiver.nodeIndex {
      switch nodes[Int(node)].kind {
      case .computed: owner = .builtin("bytes")
      case .list: owner = .builtin("list")
      case .tuple: owner = .builtin("tuple")
      case .dict: owner = .builtin("dict")
      case .set: owner = .builtin("set")
      case .frozenset: owner = .builtin("frozenset")
      case .stream: owner = .named("io", "BytesIO")
      case .unpickler:
        let stored = children(of: node, role: .items)
        owner = stored.count == 2 ? symbol(of: stored[1]) : nil
      default: owner = nil
      }
    }
    guard let owner else {
      let bound = attributeValue(of: receiver, name, via: [], at: offset)
      return dynamicCall(bound, args: args, kwargs: kwargs, kind: kind, via: via, at: offset)
    }
    let method = NameResolver.attribute(of: owner, name)
    return callSymbol(
      method,
      args: [receiver] + args,
      kwargs: kwargs,
      kind: kind,
      via: via,
      at: offset
    )
  }

  /// What known callables do, by resolved name; `nil` for an ordinary call.
  mutating func semantics(
    _ name: String,
    symbol calleeSymbol: Symbol,
    callID: Int,
    args: [Value],
    kwargs: [Value],
    via: [QualifiedName],
    at offset: Int
  ) -> Value? {
    let first = args.first ?? .unknown
    let second = args.count > 1 ? args[1] : Value.unknown
    func text(_ value: Value) -> String? { textValue(value) }
    switch name {
    // Attribute and namespace access.
    case "builtins.getattr":
      guard let attribute = text(second) else {
        return makeDynamic(
          "getattr(\(describe(first)), \(describe(second)))",
          via: via,
          sourceOffset: nil,
          at: offset
        )
      }
      return attributeValue(of: first, attribute, via: via, at: offset)
    case "operator.getitem", "builtins.dict.get", "builtins.dict.__getitem__":
      return itemValue(of: first, second, via: via, at: offset)
    case "builtins.vars":
      guard var owner = symbol(of: first) else {
        return args.isEmpty ? callerNamespace(via: via, at: offset) : nil
      }
      owner.state = .namespace
      owner.via = via + owner.via
      return makeSymbol(owner, origin: name, at: offset)
    case "builtins.globals", "builtins.locals":
      return callerNamespace(via: via, at: offset)
    case "builtins.__import__", "importlib.__import__", "importlib.import_module",
      "importlib._bootstrap._gcd_import", "pkgutil.resolve_name", "pydoc.locate":
      guard let target = text(first) else { return nil }
      let resolved: Symbol?
      switch name {
      case "pkgutil.resolve_name", "pydoc.locate": resolved = NameResolver.path(target)
      case "builtins.__import__", "importlib.__import__":
        let fromList = args.count > 3 ? (items(of: args[3])?.isEmpty == false) : false
        resolved = NameResolver.importModule(target, topLevel: !fromList)
      default: resolved = NameResolver.importModule(target, topLevel: false)
      }
      guard var module = resolved else { return nil }
      module.via = via
      module.sourceOffset = calleeSymbol.sourceOffset
      return makeSymbol(module, origin: name, at: offset)

    // Trampoline objects.
    case "operator.attrgetter", "operator.itemgetter", "operator.methodcaller", "functools.partial":
      let kind: NodeKind =
        switch name {
        case "operator.attrgetter": .attrGetter
        case "operator.itemgetter": .itemGetter
        case "operator.methodcaller": .methodCaller
        default: .partial
        }
      let value = make(kind, at: offset, b: Int32(args.count))
      if let node = value.nodeIndex { attach((args + kwargs)[...], to: node, role: .items) }
      return value

    // Calls made on the pickle's behalf.
    case "copyreg._reconstructor":
      guard args.count >= 2 else { return nil }
      if let base = symbol(of: second), base.name.description == "builtins.object" { return nil }
      let state = args.count > 2 ? [args[2]] : []
      _ = dispatch(second, args: state, kwargs: [], kind: .indirect, via: via, at: offset)
      return nil
    case "copyreg.__newobj__":
      guard !args.isEmpty else { return nil }
      _ = dispatch(
        first,
        args: Array(args.dropFirst()),
        kwargs: [],
        kind: .newobj,
        via: via,
        at: offset
      )
      return nil
    case "copyreg.__newobj_ex__":
      guard !args.isEmpty else { return nil }
      let positional = args.count > 1 ? items(of: second) ?? [.unknown] : []
      let keywords = args.count > 2 ? items(of: args[2]) ?? [] : []
      _ = dispatch(first, args: positional, kwargs: keywords, kind: .newobjEx, via: via, at: offset)
      return nil
    case "builtins.map", "builtins.filter", "itertools.starmap":
      guard args.count >= 2 else { return nil }
      let elements = items(of: second) ?? [.unknown]
      for element in elements.prefix(limits.maxTrackedItems) {
        let callArgs = name == "itertools.starmap" ? items(of: element) ?? [element] : [element]
        _ = dispatch(first, args: callArgs, kwargs: [], kind: .indirect, via: via, at: offset)
      }
      return nil
    case "operator.call":
      guard !args.isEmpty else { return nil }
      return dispatch(
        first,
        args: Array(args.dropFirst()),
        kwargs: kwargs,
        kind: .indirect,
        via: via,
        at: offset
      )
    case "sys.call_tracing", "builtins.apply":
      guard !args.isEmpty else { return nil }
      let positional = args.count > 1 ? items(of: second) ?? [.unknown] : []
      let keywords = args.count > 2 ? items(of: args[2]) ?? [] : []
      return dispatch(
        first,
        args: positional,
        kwargs: keywords,
        kind: .indirect,
        via: via,
        at: offset
      )

    // Streams and deserializers.
    case "io.BytesIO":
      let value = make(.stream, at: offset)
      if let node = value.nodeIndex, let data = args.first ?? (kwargs.count >= 2 ? kwargs[1] : nil)
      {
        attach(data, to: node, role: .items)
      }
      return value
    case "pickle.Unpickler", "pickle._Unpickler", "dill.Unpickler", "dill._dill.Unpickler":
      let value = make(.unpickler, at: offset)
      if let node = value.nodeIndex {
        var method = calleeSymbol
        method.via = []
        let owner = makeSymbol(method, at: offset)
        attach(first, to: node, role: .items)
        attach(owner, to: node, role: .items)
      }
      return value
    default:
      if Self.deserializers.contains(name) || name.hasSuffix("Unpickler.load") {
        deserialize(first, with: calleeSymbol.name, callID: callID, at: offset)
        return nil
      }
      return computeLiteral(name, args: args, via: via, at: offset)
    }
  }

  static let deserializers: Set<String> = [
    "pickle.loads", "pickle.load", "pickle._loads", "pickle._load", "dill.loads", "dill.load",
    "dill._dill.loads", "dill._dill.load", "cloudpickle.loads", "cloudpickle.load", "joblib.load",
    "joblib.numpy_pickle.load", "torch.load", "torch.serialization.load", "numpy.load",
    "numpy.lib.npyio.load", "numpy.lib._npyio_impl.load", "pandas.read_pickle",
    "pandas.io.pickle.read_pickle", "marshal.loads", "marshal.load",
  ]

  mutating func callerNamespace(via: [QualifiedName], at offset: Int) -> Value {
    var namespace = Symbol(module: "__main__")
    namespace.state = .namespace
    namespace.via = via
    return makeSymbol(namespace, origin: via.first?.description ?? "globals", at: offset)
  }

  /// Queues literal bytes (directly or through a stream) for nested analysis.
  mutating func deserialize(
    _ source: Value,
    with deserializer: QualifiedName,
    callID: Int,
    at offset: Int
  ) {
    guard callID >= 0 else { return }
    var data = source
    if let node = source.nodeIndex {
      switch nodes[Int(node)].kind {
      case .stream:
        data = children(of: node, role: .items).first ?? .unknown
      case .unpickler:
        if let stream = children(of: node, role: .items).first, let inner = stream.nodeIndex,
          nodes[Int(inner)].kind == .stream
        {
          data = children(of: inner, role: .items).first ?? .unknown
        }
      default:
        break
      }
    }
    guard let (bytes, transforms) = bytesValue(data, cap: limits.maxNestedBytes) else {
      if data.tag == .bytes {
        limitHit(.nestedPayload, detail: Int64(data.count), at: offset, halt: false)
      }
      return
    }
    payloads.append(
      PendingPayload(
        callID: callID,
        deserializer: deserializer,
        bytes: bytes,
        transforms: transforms,
        offset: offset
      )
    )
  }
}
