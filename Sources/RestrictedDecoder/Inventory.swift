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

  /// An item.
  public init(path: String, kind: String, dtype: String, shape: [Int], byteCount: Int) {
    self.path = path
    self.kind = kind
    self.dtype = dtype
    self.shape = shape
    self.byteCount = byteCount
  }
}

/// Lists every tensor and array under a value, depth first in pickle order.
///
/// Each node is visited once (the first path wins), so shared and cyclic structures cost
/// linear time. Object `state` and container `attributes` add no path segment, so an
/// estimator's `coef_` is listed as `coef_`.
enum Inventory {
  static let transparentFields: Set<String> = ["state", "attributes"]

  static func items(of root: Value) -> [InventoryItem] {
    var found: [InventoryItem] = []
    var seen: Set<ObjectIdentifier> = []
    var pending: [(Node, [String])] = root.node.map { [($0, [])] } ?? []
    while let (node, path) = pending.popLast() {
      guard seen.insert(ObjectIdentifier(node)).inserted else { continue }
      if let array = node.array {
        found.append(
          InventoryItem(
            path: path.joined(separator: "."),
            kind: array.kind,
            dtype: array.dtype,
            shape: array.shape,
            byteCount: array.byteCount
          )
        )
      }
      var children: [(Node, [String])] = []
      for (index, item) in node.items.enumerated() {
        if let child = item.node { children.append((child, path + [String(index)])) }
      }
      for entry in node.entries {
        if let child = entry.value.node { children.append((child, path + [segment(entry.key)])) }
      }
      for field in node.fields {
        guard let child = field.value.node else { continue }
        children.append(
          (child, transparentFields.contains(field.name) ? path : path + [field.name])
        )
      }
      pending.append(contentsOf: children.reversed())
    }
    return found
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
