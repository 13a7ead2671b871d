import PickleCore

/// The arguments of one emulated call, with checked accessors that refuse with the callee's
/// name and the opcode's offset.
struct Call {
  let callee: String
  let args: [Value]
  let offset: Int

  func fail(_ reason: String) -> Refusal {
    Refusal(.badArguments, "\(callee): \(reason)", at: offset, global: callee)
  }

  /// Refuses unless the call has between `range.lowerBound` and `range.upperBound` arguments.
  func count(_ range: ClosedRange<Int>) throws(Refusal) {
    guard range.contains(args.count) else {
      let expected =
        range.lowerBound == range.upperBound
        ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
      throw fail("expects \(expected) arguments, got \(args.count)")
    }
  }

  /// Argument `index`, or `nil` when absent or `None`.
  func optional(_ index: Int) -> Value? {
    guard index < args.count else { return nil }
    if case .none = args[index] { return nil }
    return args[index]
  }

  func int(_ index: Int) throws(Refusal) -> Int64 {
    guard index < args.count, let value = args[index].int else {
      throw fail("argument \(index + 1) must be an int")
    }
    return value
  }

  func nonNegative(_ index: Int) throws(Refusal) -> Int {
    let value = try int(index)
    guard value >= 0, let result = Int(exactly: value) else {
      throw fail("argument \(index + 1) must not be negative")
    }
    return result
  }

  func bool(_ index: Int) throws(Refusal) -> Bool {
    guard index < args.count else { throw fail("argument \(index + 1) is missing") }
    switch args[index] {
    case .bool(let flag): return flag
    case .int(let number) where number == 0 || number == 1: return number == 1
    default: throw fail("argument \(index + 1) must be a bool")
    }
  }

  func string(_ index: Int) throws(Refusal) -> String {
    guard index < args.count, let text = args[index].string else {
      throw fail("argument \(index + 1) must be a str")
    }
    return text
  }

  func bytes(_ index: Int) throws(Refusal) -> ByteString {
    guard index < args.count, case .bytes(let bytes) = args[index] else {
      throw fail("argument \(index + 1) must be bytes")
    }
    return bytes
  }

  func node(_ index: Int, _ kinds: Node.Kind...) throws(Refusal) -> Node {
    guard index < args.count, let node = args[index].node, kinds.contains(node.kind) else {
      let type = index < args.count ? args[index].typeName : "nothing"
      throw fail("argument \(index + 1) is a \(type)")
    }
    return node
  }

  func global(_ index: Int) throws(Refusal) -> GlobalReference {
    guard index < args.count, case .global(let reference) = args[index] else {
      throw fail("argument \(index + 1) must be a class")
    }
    return reference
  }

  /// A tuple (or `torch.Size`) of non-negative ints, as a shape or stride.
  func dimensions(_ index: Int) throws(Refusal) -> [Int] {
    let tuple = try node(index, .tuple, .list)
    return try dimensions(of: tuple, name: "argument \(index + 1)")
  }

  func dimensions(of node: Node, name: String) throws(Refusal) -> [Int] {
    var result: [Int] = []
    result.reserveCapacity(node.items.count)
    for item in node.items {
      guard let value = item.int, value >= 0, let dimension = Int(exactly: value) else {
        throw fail("\(name) must hold non-negative ints")
      }
      result.append(dimension)
    }
    return result
  }
}

/// The product of `dimensions`, or `nil` on overflow.
func elementCount(_ dimensions: [Int]) -> Int? {
  var count = 1
  for dimension in dimensions {
    let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
    if overflow { return nil }
    count = product
  }
  return count
}
