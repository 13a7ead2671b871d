import PickleCore

extension Machine {
  /// Runs the emulation of one allowlisted callable.
  mutating func emulate(_ emulation: Emulation, _ call: Call) throws(Refusal) -> Value {
    switch emulation {
    case .set: return try makeSet(call, kind: .set)
    case .frozenset: return try makeSet(call, kind: .frozenset)
    case .bytes: return .bytes(try byteArgument(call))
    case .bytearray:
      let array = node(.bytearray, "bytearray")
      array.bytes = try byteArgument(call)
      return .node(array)
    case .complex: return try complex(call)
    case .slice: return try sliceOrRange(call, type: "slice")
    case .range: return try sliceOrRange(call, type: "range")
    case .getattr: return try getattr(call)
    case .codecsEncode: return try codecsEncode(call)
    case .reconstructor: return try reconstructor(call)
    case .orderedDict: return try orderedDict(call)
    case .counter: return try counter(call)
    case .defaultdict: return try defaultdict(call)
    case .deque: return try deque(call)
    case .date, .datetime, .time: return try dateOrTime(emulation, call)
    case .timedelta: return try timedelta(call)
    case .timezone: return try timezone(call)
    case .decimal: return try decimal(call)
    case .fraction: return try fraction(call)
    case .zoneInfo: return try zoneInfo(call)
    case .ndarrayReconstruct: return try ndarrayReconstruct(call)
    case .fromBuffer: return try fromBuffer(call)
    case .maskedReconstruct: return try maskedReconstruct(call)
    case .dtype: return try dtype(call)
    case .scalar: return try scalar(call)
    case .dillCreateArray: return try dillCreateArray(call)
    case .rebuildTensor: return try rebuildTensor(call, v2: false)
    case .rebuildTensorV2: return try rebuildTensor(call, v2: true)
    case .rebuildParameter: return try rebuildParameter(call, withState: false)
    case .rebuildParameterWithState: return try rebuildParameter(call, withState: true)
    case .rebuildQTensor: return try rebuildQTensor(call)
    case .rebuildSparseTensor: return try rebuildSparseTensor(call)
    case .torchSize: return try torchSize(call)
    case .torchDevice: return try torchDevice(call)
    case .torchLayout: return try torchLayout(call)
    case .call(let rule, let buildable): return try recordedCall(call, rule, buildable: buildable)
    case .instanceOf(let group, let buildable):
      return try instance(call, of: group, buildable: buildable)
    }
  }

  /// A call kept as `{"type":"call","function":…,"args":[…]}`.
  func recordedCall(_ call: Call, _ rule: ArgumentRule, buildable: Bool) throws(Refusal) -> Value {
    switch rule {
    case .none: try call.count(0...0)
    case .strings:
      for index in call.args.indices { _ = try call.string(index) }
    case .data: break
    case .bitGenerator:
      try call.count(1...1)
      switch call.args[0] {
      case .string(let name) where NumPyNames.bitGenerators.contains { $0.hasSuffix("." + name) }:
        break
      case .node(let node) where node.field("via")?.string == NumPyNames.bitGeneratorConstructor:
        break
      default:
        throw call.fail("argument 1 must be a bit generator")
      }
    }
    let record = node(.record, "call")
    record.fields = [("function", .string(call.callee)), ("args", .node(try list(call.args)))]
    record.role = buildable ? .buildable : .plain
    return .node(record)
  }

  /// A call that creates an instance of its first argument, a class of `group`.
  func instance(_ call: Call, of group: ClassGroup, buildable: Bool) throws(Refusal) -> Value {
    try call.count(1...8)
    let className: String
    if case .string(let name) = call.args[0], group == .bitGenerator,
      let known = NumPyNames.bitGenerators.first(where: { $0.hasSuffix("." + name) })
    {
      className = known
    } else {
      let reference = try call.global(0)
      guard Allowlist.contains(reference.name, in: group) else {
        throw Refusal(
          .forbiddenUse,
          "\(call.callee) may not create \(reference.name)",
          at: offset,
          global: reference.name
        )
      }
      className = reference.name
    }
    let object = instance(of: className, kind: .record)
    object.role = buildable ? .buildable : .plain
    if call.args.count > 1 {
      object.fields.append(("args", .node(try list(Array(call.args.dropFirst())))))
    }
    object.fields.append(("via", .string(call.callee)))
    return .node(object)
  }

  /// A list node of values the pickle may keep.
  func list(_ values: [Value]) throws(Refusal) -> Node {
    let list = node(.list, "list")
    for value in values { try requireStorable(value, "an argument") }
    list.items = values
    return list
  }

  /// A list node of ints (a shape or a stride).
  func intList(_ values: [Int]) -> Node {
    let list = node(.list, "list")
    list.items = values.map { .int(Int64($0)) }
    return list
  }

  /// A record node with `fields`.
  func record(_ type: String, _ fields: [(name: String, value: Value)]) -> Node {
    let record = node(.record, type)
    record.fields = fields
    return record
  }
}
