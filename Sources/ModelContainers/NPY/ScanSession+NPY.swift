import PickleCore

extension ScanSession {
  /// Checks a `.npy` header and reports the pickle of an object array.
  ///
  /// With `declaredSize` the region holds only the start of a compressed member whose full size
  /// is `declaredSize`; trailing bytes are then not examined.
  mutating func handleNPY(_ region: Region, declaredSize: Int?) -> String {
    let parsed = region.bytes.withCursor { cursor in NPYHeader.parse(cursor, region.range) }
    let header: NPYHeader
    switch parsed {
    case .failure(let failure):
      anomaly(.npyMalformedHeader, failure.message, region.location(region.range.start))
      return "npy"
    case .success(let value):
      header = value
    }
    if header.dtype.hasObject {
      anomaly(
        .npyObjectDType,
        "object array of shape \(header.shapeText): a pickle follows the header at "
          + "\(header.dataStart - region.base)",
        region.location(header.dataStart)
      )
      emit(region, ByteRange(from: header.dataStart, to: region.range.end), .npyObjectArray)
      return "npy"
    }
    let total = declaredSize ?? region.range.count
    let available = total - (header.dataStart - region.range.start)
    guard let needed = header.dataSize else {
      anomaly(
        .npyDataSizeMismatch,
        "shape \(header.shapeText) overflows: the data cannot be \(available) bytes",
        region.location(header.dataStart)
      )
      return "npy"
    }
    if available < needed {
      anomaly(
        .npyDataSizeMismatch,
        "shape \(header.shapeText) needs \(needed) bytes of data but \(available) follow",
        region.location(header.dataStart)
      )
    } else if available > needed, declaredSize == nil {
      let rest = ByteRange(from: header.dataStart + needed, to: region.range.end)
      let format = FormatSniffer.sniff(region.bytes, rest, .lenient)
      if format != .unknown {
        anomaly(
          .polyglot,
          "\(format.rawValue) data follows the array at \(rest.start - region.base)",
          region.location(rest.start)
        )
        enqueue([region.leftover(rest)])
      } else {
        anomaly(
          .npyDataSizeMismatch,
          "\(rest.count) bytes follow the \(needed) bytes of array data",
          region.location(rest.start)
        )
      }
    }
    return "npy"
  }
}
