import PickleCore

/// Emulations of torch's `_rebuild_*` helpers and persistent storage ids.
extension Machine {
  /// `BINPERSID` with `('storage', StorageClass, key, location, numel[, view_metadata])`.
  ///
  /// The same key yields the same storage node, as torch's `persistent_load` does.
  mutating func persistentLoad(_ pid: Value) throws(Refusal) -> Value {
    let call = Call(callee: "persistent_load", args: pid.node?.items ?? [], offset: offset)
    guard let tuple = pid.node, tuple.kind == .tuple, (5...6).contains(tuple.items.count),
      tuple.items[0].string == "storage"
    else {
      throw Refusal(
        .persistentID,
        "persistent id \(pid.typeName) is not ('storage', type, key, location, numel)",
        at: offset
      )
    }
    let type = try call.global(1)
    guard let element = TorchNames.storages[type.name] else {
      throw Refusal(
        .persistentID,
        "persistent id names \(type.name), not a storage class",
        at: offset,
        global: type.name
      )
    }
    let key = try call.string(2)
    let location = try call.string(3)
    let count = try call.nonNegative(4)
    if let view = call.optional(5) {
      guard let viewTuple = view.node, viewTuple.kind == .tuple, viewTuple.items.count == 3,
        viewTuple.items[0].string != nil, viewTuple.items[1].int != nil,
        viewTuple.items[2].int != nil
      else { throw Refusal(.persistentID, "malformed storage view metadata", at: offset) }
    }
    if let existing = storages[key] { return .node(existing) }
    let storage = record(
      "storage",
      [
        ("dtype", .string(element.dtype)), ("key", .string(key)),
        ("location", .string(location)), ("numel", .int(Int64(count))),
      ]
    )
    storage.role = .storage(
      Box(
        TorchStorage(dtype: element.dtype, elementSize: element.size, count: count)
      )
    )
    storages[key] = storage
    return .node(storage)
  }

  /// `_rebuild_tensor(storage, offset, size, stride)` and `_rebuild_tensor_v2(…, requires_grad,
  /// backward_hooks[, metadata])`.
  func rebuildTensor(_ call: Call, v2: Bool) throws(Refusal) -> Value {
    try call.count(v2 ? 6...7 : 4...4)
    let tensor = try tensorRecord(call, type: "tensor")
    if v2 {
      tensor.setField("requires_grad", .bool(try call.bool(4)))
      try requireNoHooks(call, 5)
      if let metadata = call.optional(6) {
        guard metadata.node?.kind == .dict else { throw call.fail("metadata must be a dict") }
        tensor.setField("metadata", metadata)
      }
    }
    return .node(tensor)
  }

  /// The common part of tensor rebuilds: storage, offset, size, stride, checked in bounds.
  func tensorRecord(_ call: Call, type: String) throws(Refusal) -> Node {
    guard let storageNode = call.args[0].node, case .storage(let box) = storageNode.role else {
      throw call.fail("argument 1 is a \(call.args[0].typeName), not a storage")
    }
    let storage = box.value
    let storageOffset = try call.nonNegative(1)
    let shape = try call.dimensions(2)
    let stride = try call.dimensions(3)
    guard shape.count == stride.count else { throw call.fail("size and stride differ in length") }
    guard let count = elementCount(shape) else { throw call.fail("size overflows") }
    if count > 0 {
      var last = storageOffset
      for (size, step) in zip(shape, stride) {
        let (extent, overflow1) = (size - 1).multipliedReportingOverflow(by: step)
        let (sum, overflow2) = last.addingReportingOverflow(extent)
        guard !overflow1, !overflow2 else { throw call.fail("tensor extent overflows") }
        last = sum
      }
      guard last < storage.count else {
        throw call.fail("tensor reaches element \(last) of a storage of \(storage.count)")
      }
    }
    let (byteCount, overflow) = count.multipliedReportingOverflow(by: storage.elementSize)
    guard !overflow else { throw call.fail("tensor size overflows") }
    let tensor = record(
      type,
      [
        ("dtype", .string(storage.dtype)), ("shape", .node(intList(shape))),
        ("stride", .node(intList(stride))), ("storage", .node(storageNode)),
        ("offset", .int(Int64(storageOffset))), ("requires_grad", .bool(false)),
      ]
    )
    tensor.array = ArrayInfo(kind: type, dtype: storage.dtype, shape: shape, byteCount: byteCount)
    tensor.role = .tensor
    return tensor
  }

  /// Backward hooks would be called later; only an empty (Ordered)dict is accepted.
  func requireNoHooks(_ call: Call, _ index: Int) throws(Refusal) {
    guard let hooks = call.optional(index) else { return }
    guard let dict = hooks.node, dict.kind == .dict, dict.entries.isEmpty else {
      throw call.fail("backward hooks must be an empty OrderedDict")
    }
  }

  /// `_rebuild_parameter(tensor, requires_grad, hooks)` and `…_with_state(…, state)`.
  func rebuildParameter(_ call: Call, withState: Bool) throws(Refusal) -> Value {
    try call.count(withState ? 4...4 : 3...3)
    guard let tensor = call.args[0].node, case .tensor = tensor.role, tensor.type == "tensor" else {
      throw call.fail("argument 1 is a \(call.args[0].typeName), not a tensor")
    }
    let parameter = record("parameter", tensor.fields)
    parameter.setField("requires_grad", .bool(try call.bool(1)))
    try requireNoHooks(call, 2)
    if withState, let state = call.optional(3) {
      try requireStorable(state, "a parameter state")
      parameter.setField("state", state)
    }
    parameter.array = tensor.array.map {
      ArrayInfo(kind: "parameter", dtype: $0.dtype, shape: $0.shape, byteCount: $0.byteCount)
    }
    parameter.role = .tensor
    return .node(parameter)
  }

  /// `_rebuild_qtensor(storage, offset, size, stride, quantizer_params, requires_grad, hooks)`.
  func rebuildQTensor(_ call: Call) throws(Refusal) -> Value {
    try call.count(7...7)
    let tensor = try tensorRecord(call, type: "tensor")
    let params = try call.node(4, .tuple)
    guard case .global(let scheme)? = params.items.first, scheme.name.hasPrefix("torch.per_") else {
      throw call.fail("quantizer parameters must start with a torch.per_* scheme")
    }
    let rest = Array(params.items.dropFirst())
    for value in rest {
      switch value {
      case .int, .float, .bigInt: continue
      case .node(let inner) where inner.type == "tensor": continue
      default: throw call.fail("quantizer parameters must be numbers or tensors")
      }
    }
    tensor.setField(
      "quantization",
      .node(record("quantizer", [("scheme", .global(scheme)), ("params", .node(try list(rest)))]))
    )
    tensor.setField("requires_grad", .bool(try call.bool(5)))
    try requireNoHooks(call, 6)
    return .node(tensor)
  }

  /// `_rebuild_sparse_tensor(layout, data)`: the component tensors and the size.
  func rebuildSparseTensor(_ call: Call) throws(Refusal) -> Value {
    try call.count(2...2)
    guard case .global(let layout) = call.args[0], TorchNames.layouts.contains(layout.name) else {
      throw call.fail("argument 1 must be a torch layout")
    }
    let parts = try call.node(1, .tuple)
    for value in parts.items {
      switch value {
      case .bool: continue
      case .node(let inner) where inner.type == "tensor" || inner.type == "torch.Size": continue
      default: throw call.fail("sparse components must be tensors, a size and flags")
      }
    }
    return .node(
      record(
        "sparse_tensor",
        [("layout", .global(layout)), ("components", .node(try list(parts.items)))]
      )
    )
  }

  /// `torch.serialization._get_layout(name)`.
  func torchLayout(_ call: Call) throws(Refusal) -> Value {
    try call.count(1...1)
    let name = try call.string(0)
    guard TorchNames.layouts.contains(name), let permission = Allowlist.table[name] else {
      throw call.fail("unknown layout \(name)")
    }
    return .global(GlobalReference(name: name, permission: permission))
  }

  /// `torch.Size(tuple)`: a tuple of dimensions.
  func torchSize(_ call: Call) throws(Refusal) -> Value {
    try call.count(0...1)
    let size = node(.tuple, "torch.Size")
    if !call.args.isEmpty { size.items = try call.dimensions(0).map { .int(Int64($0)) } }
    return .node(size)
  }

  /// `torch.device(type[, index])`.
  func torchDevice(_ call: Call) throws(Refusal) -> Value {
    try call.count(1...2)
    var text = try call.string(0)
    if call.args.count == 2 { text += ":\(try call.nonNegative(1))" }
    return .node(record("torch.device", [("value", .string(text))]))
  }
}
