/// One tensor or array of a decoded value, with where it sits.
public struct InventoryItem: Sendable, Equatable {
  /// Dict keys, list indices and field names from the root, joined by `.` (empty at the root).
  public var path: String
  /// `tensor`, `parameter` or `ndarray`.
  public var kind: String
  /// Element type (`float32`, `<f8`).
  public var dtype: String
  /// Dimensions.
  public var shape: [Int]
  /// Bytes of the elements.
  public var byteCount: Int
  /// The path where the same object was listed first (tied weights), if this is a repeat.
  public var sameAs: String?

  /// An item.
  public init(
    path: String,
    kind: String,
    dtype: String,
    shape: [Int],
    byteCount: Int,
    sameAs: String? = nil
  ) {
    self.path = path
    self.kind = kind
    self.dtype = dtype
    self.shape = shape
    self.byteCount = byteCount
    self.sameAs = sameAs
  }
}

/// Lists every tensor and array under a value, depth first in pickle order.
///
/// Each node is entered once, so shared and cyclic structures cost linear time; an array
/// reached again along another path (tied weights) is listed again with ``InventoryItem/sameAs``.
/// Object `state` and container `attributes` add no path segment, so an estimator's `coef_`
/// is listed as `coef_`. Paths deeper than ``shownSegments`` × 2 show their first and last
/// segments around a `…` marker, so deep input cannot make listing quadratic.
enum Inventory {
  static let transparentFields: Set<String> = ["state", "attributes"]
  /// Segments kept at each end of a deep path.
  static let shownSegments = 16

  /// One step of a path: its parent, its segment (made into text only when printed), its
  /// depth, and its ancestor at depth ``shownSegments`` (where a deep path's head ends).
  private struct Step {
    var parent: Int
    var segment: Segment
    var depth: Int
    var anchor: Int
  }

  private enum Segment {
    case root
    case index(Int)
    case key(Value)
    case field(String)

    var text: String {
      switch self {
      case .root: ""
      case .index(let index): String(index)
      case .key(let key): Inventory.segment(key)
      case .field(let name): name
      }
    }
  }

  static func items(of root: Value) -> [InventoryItem] {
    guard let rootNode = root.node else { return [] }
    var found: [InventoryItem] = []
    var steps = [Step(parent: -1, segment: .root, depth: 0, anchor: -1)]
    var firstStep: [ObjectIdentifier: Int] = [:]
    var pending: [(Node, Int)] = [(rootNode, 0)]
    func push(_ node: Node, under parent: Int, _ segment: Segment?) {
      guard let segment else {
        pending.append((node, parent))
        return
      }
      let depth = steps[parent].depth + 1
      let anchor = depth == shownSegments ? steps.count : steps[parent].anchor
      steps.append(Step(parent: parent, segment: segment, depth: depth, anchor: anchor))
      pending.append((node, steps.count - 1))
    }
    while let (node, step) = pending.popLast() {
      let identity = ObjectIdentifier(node)
      if let first = firstStep[identity] {
        if let array = node.array {
          found.append(item(array, path: path(step, steps), sameAs: path(first, steps)))
        }
        continue
      }
      firstStep[identity] = step
      if let array = node.array { found.append(item(array, path: path(step, steps), sameAs: nil)) }
      // Pushed in reverse so that items, then entries, then fields come off in pickle order.
      for field in node.fields.reversed() {
        guard let inner = field.value.node else { continue }
        push(inner, under: step, transparentFields.contains(field.name) ? nil : .field(field.name))
      }
      for entry in node.entries.reversed() {
        if let inner = entry.value.node { push(inner, under: step, .key(entry.key)) }
      }
      for (index, value) in node.items.enumerated().reversed() {
        if let inner = value.node { push(inner, under: step, .index(index)) }
      }
    }
    return found
  }

  /// The dotted path of `index`, eliding the middle of very deep paths.
  private static func path(_ index: Int, _ steps: [Step]) -> String {
    func segments(from start: Int, downTo depth: Int) -> [String] {
      var result: [String] = []
      var cursor = start
      while cursor > 0, steps[cursor].depth > depth, result.count < shownSegments {
        result.append(steps[cursor].segment.text)
        cursor = steps[cursor].parent
      }
      return result.reversed()
    }
    let step = steps[index]
    guard step.depth > shownSegments else {
      return segments(from: index, downTo: 0).joined(separator: ".")
    }
    let head = segments(from: step.anchor, downTo: 0)
    let tail = segments(from: index, downTo: shownSegments)
    let skipped = step.depth - shownSegments - tail.count
    let joiner = skipped > 0 ? ".….(\(skipped) more)…." : "."
    return head.joined(separator: ".") + joiner + tail.joined(separator: ".")
  }

  static func item(_ array: ArrayInfo, path: String, sameAs: String?) -> InventoryItem {
    InventoryItem(
      path: path,
      kind: array.kind,
      dtype: array.dtype,
      shape: array.shape,
      byteCount: array.byteCount,
      sameAs: sameAs
    )
  }

  static func segment(_ key: Value) -> String {
    switch key {
    case .string(let text): text
    case .int(let number): String(number)
    case .bigInt(let number): number.description
    case .bool(let flag): flag ? "True" : "False"
    case .none: "None"
    default: "<\(key.typeName)>"
    }
  }
}
