import PickleCore

/// The value one pickle decodes to, with its JSON and inventory views.
public struct DecodedValue {
  /// The unpickled value.
  ///
  /// A node that lies on a cycle (a list that contains itself, an object whose state refers
  /// back to it) is emptied when the last copy of this `DecodedValue` is released, so that the
  /// cycle is freed; keep the `DecodedValue` while you read such parts. Nodes on no cycle
  /// stay valid for as long as you hold them.
  public let root: Value
  /// The bytes of the pickle, through its `STOP`.
  public let range: ByteRange
  /// Nesting at which ``json`` stops descending.
  public let maxJSONDepth: Int
  let arena: NodeArena

  /// The value tree as JSON, in the layout documented for this module.
  public var json: String { String(decoding: jsonBytes, as: UTF8.self) }

  /// ``json`` as UTF-8 bytes.
  public var jsonBytes: [UInt8] {
    var writer = JSONWriter(maxDepth: maxJSONDepth)
    writer.write(root)
    return writer.output
  }

  /// Every tensor and array, with its path, dtype, shape and size.
  public var inventory: [InventoryItem] { Inventory.items(of: root) }
}
