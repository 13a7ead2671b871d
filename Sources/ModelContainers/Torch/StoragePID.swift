/// A tensor storage named by a torch persistent id: `('storage', torch.FloatStorage, key,
/// location, numel)` (legacy files add a view tuple).
struct StoragePID: Equatable {
  /// The storage key, which names the member `<archive>/data/<key>` or a legacy storage record.
  var key: String
  /// The storage class, like `torch.FloatStorage`.
  var storageType: String
  /// Elements the tensor's storage holds.
  var numel: Int?
  /// Offset of the `BINPERSID`.
  var offset: Int

  /// Bytes per element of each storage class torch writes (`UntypedStorage` counts bytes).
  static let elementSizes: [String: Int] = [
    "torch.DoubleStorage": 8, "torch.FloatStorage": 4, "torch.HalfStorage": 2,
    "torch.BFloat16Storage": 2, "torch.LongStorage": 8, "torch.IntStorage": 4,
    "torch.ShortStorage": 2, "torch.CharStorage": 1, "torch.ByteStorage": 1,
    "torch.BoolStorage": 1, "torch.ComplexDoubleStorage": 16, "torch.ComplexFloatStorage": 8,
    "torch.QInt8Storage": 1, "torch.QUInt8Storage": 1, "torch.QInt32Storage": 4,
    "torch.QUInt4x2Storage": 1, "torch.QUInt2x4Storage": 1, "torch.UntypedStorage": 1,
    "torch.ByteStorageBase": 1, "torch.Float8_e4m3fnStorage": 1, "torch.Float8_e5m2Storage": 1,
    "torch.UInt16Storage": 2, "torch.UInt32Storage": 4, "torch.UInt64Storage": 8,
  ]

  /// Bytes per element of ``storageType``, when torch knows the class.
  var elementSize: Int? { Self.elementSizes[storageType] }

  /// Bytes the storage needs, when known.
  var byteCount: Int? {
    guard let numel, let elementSize else { return nil }
    let (bytes, overflow) = numel.multipliedReportingOverflow(by: elementSize)
    return overflow ? nil : bytes
  }

  /// Reads a persistent id, or returns nil when it is not a storage tuple.
  static func parse(_ id: LiteralValue, in arena: LiteralArena, offset: Int) -> StoragePID? {
    guard let items = arena.items(id), items.count >= 5, items[0].text == "storage",
      let type = items[1].qualifiedName, let key = items[2].text
    else { return nil }
    let numel = items[4].integer.flatMap { Int(exactly: $0) }.flatMap { $0 >= 0 ? $0 : nil }
    return StoragePID(key: key, storageType: type, numel: numel, offset: offset)
  }
}
