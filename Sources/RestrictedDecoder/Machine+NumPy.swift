import PickleCore

/// Emulations of NumPy's pickle helpers: arrays, dtypes and scalars.
extension Machine {
  /// `numpy.dtype(typecode, align, copy)`; `BUILD` then sets byte order and sizes.
  func dtype(_ call: Call) throws(Refusal) -> Value {
    try call.count(1...3)
    let dtype: NumPyDtype
    switch call.args[0] {
    case .string(let typecode):
      guard let parsed = NumPyDtype(typecode: typecode) else {
        throw call.fail("unknown typecode \"\(typecode)\"")
      }
      dtype = parsed
    case .global(let reference) where reference.name.hasSuffix(".record"):
      dtype = .record
    default:
      throw call.fail("argument 1 must be a typecode")
    }
    let record = record("dtype", [("str", .string(dtype.text))])
    record.role = .dtype(Box(dtype))
    return .node(record)
  }

  /// `dtype.__setstate__((version, endian, subarray, names, fields, elsize, alignment, flags
  /// [, metadata]))`.
  func buildDtype(_ node: Node, _ dtype: NumPyDtype, state: Value) throws(Refusal) {
    let call = Call(
      callee: "numpy.dtype.__setstate__",
      args: state.node?.items ?? [],
      offset: offset
    )
    guard !dtype.isBuilt, state.node?.kind == .tuple else {
      throw call.fail("state must be a tuple, set once")
    }
    try call.count(8...9)
    var dtype = dtype
    let endian = try call.string(1)
    guard endian.count == 1, let mark = endian.first, "<>|=".contains(mark) else {
      throw call.fail("byte order must be one of < > | =")
    }
    dtype.endian = mark == "=" ? "<" : mark
    let elementSize = try call.int(5)
    if elementSize >= 0, "SUV".contains(dtype.kind) || call.optional(2) != nil {
      dtype.itemSize = Int(elementSize)
    }
    if let names = call.optional(3) {
      guard let tuple = names.node, tuple.kind == .tuple else {
        throw call.fail("field names must be a tuple")
      }
      var list: [String] = []
      for name in tuple.items {
        guard let text = name.string else { throw call.fail("field names must be str") }
        list.append(text)
      }
      dtype.names = list
    }
    if "Mm".contains(dtype.kind), let metadata = call.optional(8)?.node,
      metadata.kind == .tuple, metadata.items.count == 2,
      let unitTuple = metadata.items[1].node, unitTuple.kind == .tuple,
      unitTuple.items.count >= 2, case .bytes(let unit) = unitTuple.items[0],
      let multiplier = unitTuple.items[1].int
    {
      let name = String(decoding: unit.prefix.prefix(16), as: UTF8.self)
      dtype.unit = multiplier == 1 ? name : "\(multiplier)\(name)"
    }
    dtype.isBuilt = true
    node.role = .dtype(Box(dtype))
    node.setField("str", .string(dtype.text))
    if let names = dtype.names {
      node.setField("names", .node(try list(names.map(Value.string))))
    }
  }

  func numpyDtype(_ value: Value, _ call: Call) throws(Refusal) -> NumPyDtype {
    guard let node = value.node, case .dtype(let dtype) = node.role else {
      throw call.fail("dtype argument is a \(value.typeName)")
    }
    return dtype.value
  }

  /// `_reconstruct(cls, shape, typecode)`: an empty array of an ndarray class, filled by BUILD.
  func ndarrayReconstruct(_ call: Call) throws(Refusal) -> Value {
    try call.count(3...3)
    let cls = try ndarrayClass(call, 0)
    _ = try call.dimensions(1)
    switch call.args[2] {
    case .bytes, .string: break
    default: throw call.fail("argument 3 must be a typecode")
    }
    return .node(pendingArray(cls, masked: false))
  }

  /// `numpy.ma.core._mareconstruct(subtype, baseclass, baseshape, basetype)`.
  func maskedReconstruct(_ call: Call) throws(Refusal) -> Value {
    try call.count(4...4)
    let cls = try ndarrayClass(call, 0)
    guard try call.global(1).name == "numpy.ndarray" else {
      throw call.fail("base class must be numpy.ndarray")
    }
    _ = try call.dimensions(2)
    return .node(pendingArray(cls, masked: true))
  }

  func ndarrayClass(_ call: Call, _ index: Int) throws(Refusal) -> String {
    guard index < call.args.count, case .global(let reference) = call.args[index] else {
      let type = index < call.args.count ? call.args[index].typeName : "nothing"
      throw call.fail("argument \(index + 1) must be an ndarray class, not a \(type)")
    }
    guard Allowlist.contains(reference.name, in: .ndarray) else {
      throw Refusal(
        .forbiddenUse,
        "\(call.callee) may not create \(reference.name)",
        at: offset,
        global: reference.name
      )
    }
    return reference.name
  }

  func pendingArray(_ cls: String, masked: Bool) -> Node {
    let array = node(.record, "ndarray")
    if cls != "numpy.ndarray" { array.fields.append(("class", .string(cls))) }
    array.role = .ndarray(masked: masked)
    return array
  }

  /// `ndarray.__setstate__((version, shape, dtype, is_fortran, data))` and the masked variant
  /// `(version, shape, dtype, is_fortran, data, mask, fill_value)`.
  func buildArray(_ node: Node, state: Value, masked: Bool) throws(Refusal) {
    var items = state.node?.kind == .tuple ? state.node?.items ?? [] : []
    if !masked, items.count == 4 { items.insert(.int(0), at: 0) }
    let call = Call(callee: "numpy.ndarray.__setstate__", args: items, offset: offset)
    try call.count(masked ? 7...7 : 5...5)
    let shape = try call.dimensions(1)
    let dtype = try numpyDtype(items[2], call)
    let fortran = try call.bool(3)
    try fill(node, dtype: dtype, shape: shape, fortran: fortran, data: items[4], call)
    if masked {
      try requireStorable(items[6], "a fill value")
      node.fields.append(("masked", .bool(true)))
      node.fields.append(("fill_value", items[6]))
    }
    node.role = .plain
  }

  /// Sets an array's fields after checking its data against shape × item size.
  func fill(
    _ node: Node,
    dtype: NumPyDtype,
    shape: [Int],
    fortran: Bool,
    data: Value,
    _ call: Call
  ) throws(Refusal) {
    guard let count = elementCount(shape) else { throw call.fail("shape overflows") }
    let (byteCount, overflow) = count.multipliedReportingOverflow(by: dtype.itemSize)
    guard !overflow else { throw call.fail("array size overflows") }
    var values: Node?
    switch data {
    case .bytes(let bytes) where dtype.kind != "O":
      guard bytes.count == byteCount else {
        throw call.fail("data is \(bytes.count) bytes, shape and dtype need \(byteCount)")
      }
    case .string(let text) where dtype.kind != "O":
      guard text.unicodeScalars.count == byteCount else {
        throw call.fail("data is \(text.unicodeScalars.count) bytes, need \(byteCount)")
      }
    case .node(let buffer) where buffer.kind == .bytearray && dtype.kind != "O":
      guard buffer.bytes.count == byteCount else {
        throw call.fail("buffer is \(buffer.bytes.count) bytes, need \(byteCount)")
      }
    case .node(let buffer) where buffer.type == "buffer":
      node.fields.append(("out_of_band", .bool(true)))
    case .node(let list) where list.kind == .list && dtype.kind == "O":
      guard list.items.count == count else {
        throw call.fail("object array holds \(list.items.count) items, shape needs \(count)")
      }
      values = list
    default:
      throw call.fail("array data is a \(data.typeName)")
    }
    node.fields += [
      ("dtype", .string(dtype.text)), ("shape", .node(intList(shape))),
      ("order", .string(fortran ? "F" : "C")), ("nbytes", .int(Int64(byteCount))),
    ]
    if let names = dtype.names {
      node.fields.append(("names", .node(try list(names.map(Value.string)))))
    }
    if let values { node.fields.append(("values", .node(values))) }
    node.array = ArrayInfo(kind: "ndarray", dtype: dtype.text, shape: shape, byteCount: byteCount)
  }

  /// `numpy._core.numeric._frombuffer(buffer, dtype, shape, order)` (protocol 5 arrays).
  func fromBuffer(_ call: Call) throws(Refusal) -> Value {
    try call.count(4...4)
    let dtype = try numpyDtype(call.args[1], call)
    let shape = try call.dimensions(2)
    let order = try call.string(3)
    guard order == "C" || order == "F" else { throw call.fail("order must be C or F") }
    let array = node(.record, "ndarray")
    try fill(array, dtype: dtype, shape: shape, fortran: order == "F", data: call.args[0], call)
    return .node(array)
  }

  /// `numpy._core.multiarray.scalar(dtype, data)`.
  func scalar(_ call: Call) throws(Refusal) -> Value {
    try call.count(1...2)
    let dtype = try numpyDtype(call.args[0], call)
    var value = Value.none
    if dtype.kind == "O" {
      if call.args.count == 2 {
        try requireStorable(call.args[1], "a scalar")
        value = call.args[1]
      }
    } else {
      let data = try call.bytes(1)
      guard data.isComplete, data.count == dtype.itemSize else {
        throw call.fail("scalar data is \(data.count) bytes, dtype needs \(dtype.itemSize)")
      }
      value = scalarValue(dtype, data.prefix)
    }
    return .node(record("scalar", [("dtype", .string(dtype.text)), ("value", value)]))
  }

  /// `dill._dill._create_array(_reconstruct, args, state, npdict)`.
  mutating func dillCreateArray(_ call: Call) throws(Refusal) -> Value {
    try call.count(3...4)
    let function = try call.global(0)
    guard function.permission.emulation == .ndarrayReconstruct else {
      throw Refusal(
        .forbiddenUse,
        "dill._dill._create_array with \(function.name)",
        at: offset,
        global: function.name
      )
    }
    let args = try call.node(1, .tuple).items
    let array = try ndarrayReconstruct(Call(callee: function.name, args: args, offset: offset))
    guard let node = array.node else { return array }
    try buildArray(node, state: call.args[2], masked: false)
    if let attributes = call.optional(3) {
      guard attributes.node?.kind == .dict else { throw call.fail("npdict must be a dict") }
      node.fields.append(("attributes", attributes))
    }
    return array
  }

  /// The Python value of one packed NumPy scalar.
  func scalarValue(_ dtype: NumPyDtype, _ raw: [UInt8]) -> Value {
    let bytes = dtype.endian == ">" ? Array(raw.reversed()) : raw
    var bits: UInt64 = 0
    for (index, byte) in bytes.prefix(8).enumerated() { bits |= UInt64(byte) << (8 * index) }
    switch (dtype.kind, dtype.itemSize) {
    case ("b", 1): return .bool(bits != 0)
    case ("i", 1), ("i", 2), ("i", 4), ("i", 8), ("M", 8), ("m", 8):
      let shift = UInt64(64 - 8 * dtype.itemSize)
      return .int(Int64(bitPattern: bits << shift) >> Int64(shift))
    case ("u", 1), ("u", 2), ("u", 4), ("u", 8):
      if let small = Int64(exactly: bits) { return .int(small) }
      return .bigInt(PyInt(twosComplementLittleEndian: bytes + [0]))
    case ("f", 2): return .float(Double(Float16(bitPattern: UInt16(truncatingIfNeeded: bits))))
    case ("f", 4): return .float(Double(Float(bitPattern: UInt32(truncatingIfNeeded: bits))))
    case ("f", 8): return .float(Double(bitPattern: bits))
    default: return .bytes(ByteString(raw))
    }
  }

  /// joblib's `NumpyArrayWrapper` state: `subclass`, `shape`, `order`, `dtype` (and
  /// `allow_mmap`, `numpy_array_alignment_bytes`); the array's bytes are outside the pickle.
  func buildJoblibArray(_ node: Node, state: Value) throws(Refusal) {
    let call = Call(callee: "joblib.numpy_pickle.NumpyArrayWrapper", args: [], offset: offset)
    guard let dict = state.node, dict.kind == .dict else { throw call.fail("state must be a dict") }
    var fields: [String: Value] = [:]
    for entry in dict.entries {
      guard let key = entry.key.string else { throw call.fail("state keys must be str") }
      fields[key] = entry.value
    }
    let known: Set<String> = [
      "subclass", "shape", "order", "dtype", "allow_mmap", "numpy_array_alignment_bytes",
    ]
    guard Set(fields.keys).isSubset(of: known) else { throw call.fail("unexpected state keys") }
    let args = [
      fields["subclass"] ?? .none, fields["shape"] ?? .none, fields["order"] ?? .none,
      fields["dtype"] ?? .none,
    ]
    let parts = Call(callee: call.callee, args: args, offset: offset)
    let cls = try ndarrayClass(parts, 0)
    let shape = try parts.dimensions(1)
    let order = try parts.string(2)
    guard order == "C" || order == "F" else { throw call.fail("order must be C or F") }
    let dtype = try numpyDtype(args[3], parts)
    guard let count = elementCount(shape) else { throw call.fail("shape overflows") }
    let (byteCount, overflow) = count.multipliedReportingOverflow(by: dtype.itemSize)
    guard !overflow else { throw call.fail("array size overflows") }
    node.type = "ndarray"
    node.fields = cls == "numpy.ndarray" ? [] : [("class", .string(cls))]
    node.fields += [
      ("dtype", .string(dtype.text)), ("shape", .node(intList(shape))),
      ("order", .string(order)), ("nbytes", .int(Int64(byteCount))),
      ("data", .string("joblib raw block")),
    ]
    node.array = ArrayInfo(kind: "ndarray", dtype: dtype.text, shape: shape, byteCount: byteCount)
    node.role = .plain
  }
}
