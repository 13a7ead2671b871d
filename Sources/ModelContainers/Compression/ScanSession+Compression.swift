import PickleCore

extension ScanSession {
  /// Decompresses a wrapped region (within budget) and queues what it holds.
  mutating func handleCompressed(_ region: Region, _ codec: Codec) -> String {
    let (cap, limit) = decompressionAllowance
    guard cap > 0 else {
      budgetExceeded(
        limit,
        "no decompression budget left for \(codec.rawValue) data",
        region.location(region.range.start)
      )
      return codec.rawValue
    }
    let limits = outputLimits(cap: cap, limit: limit)
    let result = decode(region, codec, limits)
    report.counters.decompressedBytes += result.output.count
    let location = region.location(region.range.start)
    reportStop(result.stop, codec: codec, produced: result.output.count, location)
    if result.members > 1 {
      anomaly(
        .multiMemberCompression,
        "\(result.members) \(codec.rawValue) members, read as one stream",
        location
      )
    }
    if result.stop == nil, result.consumed < region.range.count {
      let rest = ByteRange(from: region.range.start + result.consumed, to: region.range.end)
      anomaly(
        .trailingData,
        "\(rest.count) bytes follow the \(codec.rawValue) data",
        region.location(rest.start)
      )
      enqueue([region.leftover(rest)])
    }
    guard !result.output.isEmpty else { return codec.rawValue }
    let inner = Region(
      bytes: InputBytes(result.output),
      range: ByteRange(start: 0, count: result.output.count),
      path: region.path + [codec.step],
      depth: region.depth + 1,
      name: region.name.isEmpty ? "" : ExtensionCheck.strippingCompression(region.name, codec),
      strictness: .lenient,
      role: .decompressed,
      base: 0
    )
    enqueue([inner])
    return codec.rawValue
  }

  /// Runs `codec` over the region's bytes.
  func decode(_ region: Region, _ codec: Codec, _ limits: OutputLimits) -> Decompression {
    unsafe region.bytes.withUnsafeBytes { raw in
      let slice = unsafe UnsafeRawBufferPointer(
        rebasing: raw[region.range.start..<region.range.end]
      )
      return unsafe codec.decode(slice, limits)
    }
  }

  /// Reports why a decompression stopped early.
  mutating func reportStop(
    _ stop: Decompression.Stop?,
    codec: Codec,
    produced: Int,
    _ location: StreamLocation
  ) {
    switch stop {
    case nil:
      break
    case .limit(let limit):
      budgetExceeded(
        limit,
        "\(codec.rawValue) data stopped after \(produced) decompressed bytes by \(limit.rawValue)",
        location
      )
    case .corrupt(let message):
      anomaly(
        .decompressionError,
        "\(codec.rawValue) data is corrupt after \(produced) bytes: \(message)",
        location
      )
    case .truncated:
      anomaly(
        .truncatedContainer,
        "\(codec.rawValue) data ends early, after \(produced) decompressed bytes",
        location
      )
    }
  }
}
