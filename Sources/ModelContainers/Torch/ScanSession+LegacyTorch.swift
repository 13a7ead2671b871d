import PickleCore

extension ScanSession {
  /// Reports a legacy `torch.save` file: one stream over its five pickles, then a check that
  /// the raw storage section after them parses exactly.
  mutating func handleLegacyTorch(_ region: Region, _ walk: PickleWalk) -> String {
    guard walk.pickles.count == 5, let legacy = walk.legacy else {
      emit(region, region.range, .torchLegacy)
      anomaly(
        .truncatedContainer,
        "legacy torch file holds \(walk.pickles.count) of its 5 pickles",
        region.location(walk.end)
      )
      return "torch-legacy"
    }
    emit(region, ByteRange(from: region.range.start, to: walk.end), .torchLegacy)
    let storageEnd = region.bytes.withCursor { cursor in
      verifyLegacyStorages(cursor, from: walk.end, region, legacy)
    }
    if let storageEnd, storageEnd < region.range.end {
      let rest = ByteRange(from: storageEnd, to: region.range.end)
      anomaly(
        .trailingData,
        "\(rest.count) bytes follow the storage section of a legacy torch file",
        region.location(storageEnd)
      )
      enqueue([region.leftover(rest)])
    }
    return "torch-legacy"
  }

  /// Walks `count (int64) + count × element size` per storage key; returns where the section
  /// ends, or nil (after reporting why) when it does not parse.
  private mutating func verifyLegacyStorages(
    _ cursor: ByteCursor,
    from start: Int,
    _ region: Region,
    _ legacy: PickleWalk.Legacy
  ) -> Int? {
    guard let keys = legacy.keys else {
      anomaly(
        .torchLegacyStorageMalformed,
        "the fifth pickle is not a list of storage keys",
        region.location(start)
      )
      return nil
    }
    var position = start
    for key in keys {
      guard let storage = legacy.storages[key], let elementSize = storage.elementSize else {
        anomaly(
          .torchLegacyStorageMalformed,
          "storage key \"\(key)\" has no known storage type in the object pickle",
          region.location(position)
        )
        return nil
      }
      guard let raw = cursor.uint64(at: position), position + 8 <= region.range.end,
        let count = Int(exactly: raw)
      else {
        anomaly(
          .torchLegacyStorageMalformed,
          "storage \"\(key)\" has no element count at \(position - region.base)",
          region.location(position)
        )
        return nil
      }
      let (bytes, overflow) = count.multipliedReportingOverflow(by: elementSize)
      guard !overflow, bytes <= region.range.end - position - 8 else {
        anomaly(
          .torchLegacyStorageMalformed,
          "storage \"\(key)\" claims \(count) elements of \(elementSize) bytes, past the end",
          region.location(position)
        )
        return nil
      }
      position += 8 + bytes
    }
    return position
  }
}
