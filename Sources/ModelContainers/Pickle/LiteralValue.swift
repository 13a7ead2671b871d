import PickleCore

/// A Python value as the literal evaluator tracks it: plain data kept small, composites by
/// reference into a ``LiteralArena``.
enum LiteralValue: Equatable {
  case none
  case bool(Bool)
  case int(Int64)
  case bigInt(PyInt)
  case float(Double)
  /// A `str` of at most ``LiteralArena/maxTextBytes`` UTF-8 bytes.
  case text(String)
  /// A longer `str`: only its byte count.
  case longText(Int)
  /// `bytes` or `bytearray`: only the byte count.
  case bytes(Int)
  /// A class or function named by `GLOBAL`, `STACK_GLOBAL` or `INST`.
  case global(module: String, name: String)
  /// A list, tuple, dict, set or object in the arena.
  case ref(Int)
  /// Anything not tracked (buffers, persistent objects, values past a limit).
  case opaque

  /// `module.name` of a global.
  var qualifiedName: String? {
    if case .global(let module, let name) = self { return module + "." + name }
    return nil
  }

  /// The text of a `str`.
  var text: String? {
    if case .text(let value) = self { return value }
    return nil
  }

  /// The value of a small `int` (bools count, as in Python).
  var integer: Int64? {
    switch self {
    case .int(let value): value
    case .bool(let value): value ? 1 : 0
    case .bigInt(let value): value.int64
    default: nil
    }
  }
}

/// Composite values of one pickle, stored flat so that neither building nor freeing them
/// recurses, whatever the nesting.
struct LiteralArena {
  /// Strings longer than this are kept as their length only.
  static let maxTextBytes = 1_024

  /// A composite value.
  enum Node {
    case list([LiteralValue])
    case tuple([LiteralValue])
    case dict(keys: [LiteralValue], values: [LiteralValue])
    case set
    /// The result of calling `callee` with `args`, and the `BUILD` states applied to it.
    case object(callee: LiteralValue, args: LiteralValue, states: [LiteralValue])
  }

  private(set) var nodes: [Node] = []
  /// Items that may still be stored across all composites.
  private var itemBudget: Int
  private let initialBudget: Int

  init(itemBudget: Int) {
    self.itemBudget = itemBudget
    self.initialBudget = itemBudget
  }

  mutating func reset() {
    nodes.removeAll(keepingCapacity: true)
    itemBudget = initialBudget
  }

  /// Stores `node`, or returns `.opaque` when the budget is spent.
  mutating func add(_ node: Node) -> LiteralValue {
    let size = Self.size(of: node)
    guard itemBudget > size else { return .opaque }
    itemBudget -= size + 1
    nodes.append(node)
    return .ref(nodes.count - 1)
  }

  subscript(_ value: LiteralValue) -> Node? {
    guard case .ref(let index) = value, index >= 0, index < nodes.count else { return nil }
    return nodes[index]
  }

  /// Appends to a list (or adds to a set); other targets are left alone, as Python would fail.
  mutating func append(_ items: [LiteralValue], to target: LiteralValue) {
    guard case .ref(let index) = target, index < nodes.count else { return }
    guard case .list(var existing) = nodes[index] else { return }
    let kept = items.prefix(max(0, itemBudget))
    itemBudget -= kept.count
    nodes[index] = .set  // release the array before mutating it, so append does not copy
    existing.append(contentsOf: kept)
    nodes[index] = .list(existing)
  }

  /// Sets `pairs` in a dict.
  mutating func setItems(_ pairs: [(LiteralValue, LiteralValue)], in target: LiteralValue) {
    guard case .ref(let index) = target, index < nodes.count else { return }
    guard case .dict(var keys, var values) = nodes[index] else { return }
    nodes[index] = .set
    for (key, value) in pairs where itemBudget > 1 {
      if keys.count <= 64, let existing = keys.firstIndex(of: key) {
        values[existing] = value
      } else {
        keys.append(key)
        values.append(value)
        itemBudget -= 2
      }
    }
    nodes[index] = .dict(keys: keys, values: values)
  }

  /// Records a `BUILD` state on an object.
  mutating func build(_ target: LiteralValue, state: LiteralValue) -> Bool {
    guard case .ref(let index) = target, index < nodes.count else { return false }
    guard case .object(let callee, let args, var states) = nodes[index] else { return false }
    if states.count < 8 { states.append(state) }
    nodes[index] = .object(callee: callee, args: args, states: states)
    return true
  }

  private static func size(of node: Node) -> Int {
    switch node {
    case .list(let items), .tuple(let items): items.count
    case .dict(let keys, _): keys.count * 2
    case .set: 0
    case .object: 3
    }
  }

  // MARK: Reading values back

  /// The items of a tuple or list.
  func items(_ value: LiteralValue) -> [LiteralValue]? {
    switch self[value] {
    case .tuple(let items)?, .list(let items)?: items
    default: nil
    }
  }

  /// The value stored under the text `key` of a dict.
  func lookup(_ key: String, in value: LiteralValue) -> LiteralValue? {
    guard case .dict(let keys, let values)? = self[value] else { return nil }
    guard let index = keys.lastIndex(of: .text(key)) else { return nil }
    return values[index]
  }

  /// The class an object was made from: the callee, or the class handed to
  /// `copyreg._reconstructor` / `copyreg.__newobj__`.
  func objectClass(_ value: LiteralValue) -> LiteralValue? {
    guard case .object(let callee, let args, _)? = self[value] else { return nil }
    switch callee.qualifiedName {
    case "copyreg._reconstructor", "copy_reg._reconstructor", "copyreg.__newobj__",
      "copy_reg.__newobj__", "copyreg.__newobj_ex__":
      return items(args)?.first ?? callee
    default:
      return callee
    }
  }

  /// An object's attribute as set by its `BUILD` states (dict states and `(dict, slots)` pairs),
  /// the latest state winning.
  func attribute(_ name: String, of value: LiteralValue) -> LiteralValue? {
    guard case .object(_, _, let states)? = self[value] else { return nil }
    for state in states.reversed() {
      if let found = lookup(name, in: state) { return found }
      if let pair = items(state), pair.count == 2 {
        if let found = lookup(name, in: pair[1]) ?? lookup(name, in: pair[0]) { return found }
      }
    }
    return nil
  }

  /// The arguments an object was made with.
  func arguments(_ value: LiteralValue) -> [LiteralValue]? {
    guard case .object(_, let args, _)? = self[value] else { return nil }
    return items(args)
  }

  /// The non-dict states applied to an object (a dtype's state tuple).
  func states(of value: LiteralValue) -> [LiteralValue] {
    guard case .object(_, _, let states)? = self[value] else { return [] }
    return states
  }
}
