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

  /// One step of a path: the parent step, the segment, and the joined first segments.
  private struct Step {
    var parent: Int
    var segment: String
    var depth: Int
    var head: String
  }

  static func items(of root: Value) -> [InventoryItem] {
    guard let rootNode = root.node else { return [] }
    var found: [InventoryItem] = []
    var steps = [Step(parent: -1, segment: "", depth: 0, head: "")]
    var firstStep: [ObjectIdentifier: Int] = [:]
    var pending: [(Node, Int)] = [(rootNode, 0)]
    func child(of parent: Int, _ segment: String?) -> Int {
      guard let segment else { return parent }
      let base = steps[parent]
      let depth = base.depth + 1
      let head =
        depth > shownSegments ? base.head : base.head.isEmpty ? segment : base.head + "." + segment
      steps.append(Step(parent: parent, segment: segment, depth: depth, head: head))
      return steps.count - 1
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
      var children: [(Node, Int)] = []
      for (index, value) in node.items.enumerated() {
        if let inner = value.node { children.append((inner, child(of: step, String(index)))) }
      }
      for entry in node.entries {
        if let inner = entry.value.node {
          children.append((inner, child(of: step, segment(entry.key))))
        }
      }
      for field in node.fields {
        guard let inner = field.value.node else { continue }
        let name = transparentFields.contains(field.name) ? nil : field.name
        children.append((inner, child(of: step, name)))
      }
      pending.append(contentsOf: children.reversed())
    }
    return found
  }

  /// The dotted path of `index`, eliding the middle of very deep paths.
  private static func path(_ index: Int, _ steps: [Step]) -> String {
    let step = steps[index]
    guard step.depth > shownSegments else { return step.head }
    var tail: [String] = []
    var cursor = index
    while steps[cursor].depth > shownSegments, tail.count < shownSegments {
      tail.append(steps[cursor].segment)
      cursor = steps[cursor].parent
    }
    let skipped = steps[cursor].depth - shownSegments
    let joiner = skipped > 0 ? ".….(\(skipped) more)…." : "."
    return step.head + joiner + tail.reversed().joined(separator: ".")
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
