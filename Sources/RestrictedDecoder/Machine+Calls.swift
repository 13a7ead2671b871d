import PickleCore

extension Machine {
  /// `GLOBAL`/`STACK_GLOBAL`/`INST`: maps Python 2 names, then asks the allowlist.
  mutating func resolve(module: String, name: String) throws(Refusal) -> GlobalReference {
    let mapped: (module: String, name: String) =
      proto < 3 ? CompatNames.map(module: module, name: name) : (module, name)
    let full = mapped.module + "." + mapped.name
    guard let permission = Allowlist.permission(module: mapped.module, name: mapped.name) else {
      let written = full == module + "." + name ? "" : " (written \(module).\(name))"
      throw Refusal(
        .forbiddenGlobal,
        "global \(full)\(written) is not in the allowlist",
        at: offset,
        global: full
      )
    }
    return GlobalReference(name: full, permission: permission)
  }

  /// `REDUCE`: only allowlisted globals with an emulation may be called, with a tuple.
  mutating func reduce(_ callee: Value, _ args: Value) throws(Refusal) -> Value {
    guard case .global(let reference) = callee else {
      throw Refusal(.forbiddenUse, "REDUCE calls a \(callee.typeName) value", at: offset)
    }
    guard let tuple = args.node, tuple.kind == .tuple else {
      throw Refusal(.malformed, "REDUCE arguments are a \(args.typeName), not a tuple", at: offset)
    }
    return try call(reference, tuple.items)
  }

  mutating func call(_ callee: GlobalReference, _ args: [Value]) throws(Refusal) -> Value {
    guard let emulation = callee.permission.emulation else {
      let hint = callee.permission.instantiable ? " (it may only be instantiated)" : ""
      throw Refusal(
        .forbiddenUse,
        "calling \(callee.name) is not allowed\(hint)",
        at: offset,
        global: callee.name
      )
    }
    return try emulate(emulation, Call(callee: callee.name, args: args, offset: offset))
  }

  /// `INST` and `OBJ`: an instantiable class without arguments, else a call.
  mutating func instantiateOrCall(_ callee: GlobalReference, _ args: [Value]) throws(Refusal)
    -> Value
  {
    if args.isEmpty, callee.permission.instantiable, callee.permission.emulation == nil {
      return .node(instance(of: callee, kind: .record))
    }
    return try call(callee, args)
  }

  /// `NEWOBJ`/`NEWOBJ_EX`: `cls.__new__(cls)` of an instantiable class, without arguments.
  func newObject(_ callee: Value, _ args: Value, keywords: Value?) throws(Refusal) -> Value {
    guard case .global(let reference) = callee else {
      throw Refusal(.forbiddenUse, "NEWOBJ of a \(callee.typeName) value", at: offset)
    }
    guard reference.permission.instantiable else {
      throw Refusal(
        .forbiddenUse,
        "NEWOBJ of \(reference.name), which may not be instantiated",
        at: offset,
        global: reference.name
      )
    }
    let noArgs = args.node.map { $0.kind == .tuple && $0.items.isEmpty } ?? false
    let noKeywords = keywords.map {
      $0.node.map { $0.kind == .dict && $0.entries.isEmpty } ?? false
    }
    guard noArgs, noKeywords ?? true else {
      throw Refusal(
        .forbiddenUse,
        "NEWOBJ of \(reference.name) with arguments is not allowed",
        at: offset,
        global: reference.name
      )
    }
    return .node(instance(of: reference, kind: .record))
  }

  /// A fresh instance of an allowlisted class, waiting for `BUILD`.
  func instance(of className: String, kind: Node.Kind) -> Node {
    let object = node(kind, "object")
    object.fields = [("class", .string(className))]
    object.role = .object
    return object
  }

  /// A fresh instance of `cls`, whose `BUILD` takes what its permission says.
  func instance(of cls: GlobalReference, kind: Node.Kind) -> Node {
    let object = instance(of: cls.name, kind: kind)
    switch cls.permission.build {
    case .dictState: break
    case .anyState: object.role = .buildable
    case .joblibArray: object.role = .joblibArray
    }
    return object
  }

  /// `BUILD`: what a state may do depends on what built the target (see ``Role``).
  mutating func build(_ target: Value, state: Value) throws(Refusal) {
    guard let node = target.node else {
      throw Refusal(.badTarget, "BUILD on \(target.typeName)", at: offset)
    }
    try requireStorable(state, "an object state")
    switch node.role {
    case .object:
      guard isObjectState(state) else {
        throw Refusal(
          .badTarget,
          "BUILD of \(node.className ?? node.type) with a \(state.typeName) state (needs a dict)",
          at: offset,
          global: node.className
        )
      }
      node.setField("state", state)
    case .buildable:
      node.setField("state", state)
    case .orderedDict:
      guard let dict = state.node, dict.kind == .dict else {
        throw Refusal(.badTarget, "BUILD of OrderedDict with a \(state.typeName)", at: offset)
      }
      node.setField("attributes", state)
    case .ndarray(let masked):
      try buildArray(node, state: state, masked: masked)
    case .joblibArray:
      try buildJoblibArray(node, state: state)
    case .dtype(let dtype):
      try buildDtype(node, dtype.value, state: state)
    case .plain, .storage, .tensor:
      throw Refusal(.badTarget, "BUILD on \(node.type)", at: offset)
    }
  }

  /// A `dict`, or the `(dict or None, dict)` pair of an object with `__slots__`.
  private func isObjectState(_ state: Value) -> Bool {
    func isDict(_ value: Value) -> Bool {
      if case .none = value { return true }
      return value.node?.kind == .dict
    }
    guard let node = state.node else { return false }
    if node.kind == .dict { return true }
    return node.kind == .tuple && node.items.count == 2 && node.items.allSatisfy(isDict)
  }
}

extension Node {
  /// The `class` field of an instance record.
  var className: String? { field("class")?.string }
}
