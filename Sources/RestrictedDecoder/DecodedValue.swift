import PickleCore

/// The value one pickle decodes to, with its JSON and inventory views.
public struct DecodedValue {
  /// The unpickled value.
  public let root: Value
  /// The bytes of the pickle, through its `STOP`.
  public let range: ByteRange
  /// Nesting at which ``json`` stops descending.
  public let maxJSONDepth: Int

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
