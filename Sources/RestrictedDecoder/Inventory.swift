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
/// is listed as `coef_`.
enum Inventory {
  static let transparentFields: Set<String> = ["state", "attributes"]

  static func items(of root: Value) -> [InventoryItem] {
    var found: [InventoryItem] = []
    var firstPath: [ObjectIdentifier: String] = [:]
    var pending: [(Node, [String])] = root.node.map { [($0, [])] } ?? []
    while let (node, segments) = pending.popLast() {
      let identity = ObjectIdentifier(node)
      let path = segments.joined(separator: ".")
      if let first = firstPath[identity] {
        if let array = node.array { found.append(item(array, path: path, sameAs: first)) }
        continue
      }
      firstPath[identity] = path
      if let array = node.array { found.append(item(array, path: path, sameAs: nil)) }
      var children: [(Node, [String])] = []
      for (index, value) in node.items.enumerated() {
        if let child = value.node { children.append((child, segments + [String(index)])) }
      }
      for entry in node.entries {
        if let child = entry.value.node {
          children.append((child, segments + [segment(entry.key)]))
        }
      }
      for field in node.fields {
        guard let child = field.value.node else { continue }
        let inner = transparentFields.contains(field.name) ? segments : segments + [field.name]
        children.append((child, inner))
      }
      pending.append(contentsOf: children.reversed())
    }
    return found
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
