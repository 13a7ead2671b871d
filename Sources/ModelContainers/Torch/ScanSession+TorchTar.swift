import PickleCore

extension ScanSession {
  /// Reports one member of torch's tar format.
  ///
  /// `sys_info` and `pickle` are single pickles. `storages` is a count pickle, then per storage
  /// a `(key, location, storage_type)` pickle, an int64 element count and the raw elements, then
  /// a pickle of storage views. `tensors` is a count pickle, then per tensor a
  /// `(key, storage_id, type)` pickle, an int32 `ndim`, 4 bytes, sizes, strides and an offset
  /// (8 bytes each). The raw parts become the stream's skips.
  mutating func handleTorchTarMember(_ region: Region, _ name: String) {
    guard name == "storages" || name == "tensors" else {
      emit(region, region.range, .torchTar)
      return
    }
    var skips: [ByteRange] = []
    var problem: String?
    region.bytes.withCursor { cursor in
      var position = region.range.start
      func pickle() -> PickleWalk.Value? {
        var options = PickleWalk.Options()
        options.joblib = false
        options.legacyTorch = false
        options.maxPickles = 1
        options.stopAtForeignMagic = false
        let walk = PickleWalk.run(
          region.bytes,
          ByteRange(from: position, to: region.range.end),
          options
        )
        guard let range = walk.pickles.first else { return nil }
        position = range.end
        return walk.values.first
      }
      guard case .int(let count)? = pickle(), count >= 0, count <= 1_000_000 else {
        problem = "the count pickle is missing or not a small int"
        return
      }
      for index in 0..<count {
        guard case .tuple(let header)? = pickle(), header.count == 3 else {
          problem = "record \(index) has no 3-tuple header pickle"
          return
        }
        let start = position
        var length: Int?
        if name == "storages" {
          if case .global(let type) = header[2], let size = StoragePID.elementSizes[type],
            let count = cursor.uint64(at: position).flatMap({ Int(exactly: $0) })
          {
            let (bytes, overflow) = count.multipliedReportingOverflow(by: size)
            length = overflow ? nil : 8 + bytes
          }
        } else if let ndim = cursor.uint32(at: position), ndim < 1_000 {
          length = 8 + 16 * Int(ndim) + 8
        }
        guard let length, length <= region.range.end - start else {
          problem = "raw data of record \(index) does not fit"
          return
        }
        position = start + length
        skips.append(ByteRange(start: start, count: length))
      }
      if name == "storages", pickle() == nil { problem = "the storage views pickle is missing" }
    }
    if let problem {
      anomaly(
        .torchLegacyStorageMalformed,
        "torch tar member \"\(name)\": \(problem)",
        region.location(region.range.start)
      )
    }
    emit(region, region.range, .torchTar, skips: skips)
  }
}
