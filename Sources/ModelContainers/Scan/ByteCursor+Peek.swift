import PickleCore

extension InputBytes {
  /// Calls `body` with a cursor over every byte; the cursor is valid only during the call.
  func withCursor<R>(_ body: (ByteCursor) -> R) -> R {
    unsafe withUnsafeBytes { raw in body(unsafe ByteCursor(raw)) }
  }

  /// The whole buffer as a range.
  var all: ByteRange { ByteRange(start: 0, count: count) }
}

extension ByteCursor {
  /// The byte at `offset`, or nil outside the cursor.
  func uint8(at offset: Int) -> UInt8? {
    guard offset >= 0, offset < end else { return nil }
    return byte(at: offset)
  }

  /// A little-endian 16-bit value at `offset`, or nil on a short read.
  func uint16(at offset: Int) -> UInt16? {
    guard offset >= 0, offset <= end else { return nil }
    var copy = self
    copy.position = offset
    return copy.readUInt16LE()
  }

  /// A little-endian 32-bit value at `offset`, or nil on a short read.
  func uint32(at offset: Int) -> UInt32? {
    guard offset >= 0, offset <= end else { return nil }
    var copy = self
    copy.position = offset
    return copy.readUInt32LE()
  }

  /// A little-endian 64-bit value at `offset`, or nil on a short read.
  func uint64(at offset: Int) -> UInt64? {
    guard offset >= 0, offset <= end else { return nil }
    var copy = self
    copy.position = offset
    return copy.readUInt64LE()
  }

  /// True when `magic` sits at `offset` and, if given, ends before `limit`.
  func matches(_ magic: [UInt8], at offset: Int, limit: Int? = nil) -> Bool {
    guard offset >= 0, offset + magic.count <= min(end, limit ?? end) else { return false }
    for (index, byte) in magic.enumerated() where self.byte(at: offset + index) != byte {
      return false
    }
    return true
  }

  /// A copy of at most `limit` bytes of `range`, clipped to the cursor.
  func copy(_ range: ByteRange, limit: Int = .max) -> [UInt8] {
    let start = max(0, min(range.start, end))
    var stop = max(start, min(range.end, end))
    if stop - start > limit { stop = start + max(0, limit) }
    return unsafe withBytes(ByteRange(start: start, count: stop - start)) { unsafe Array($0) }
  }

  /// The first offset in `start..<stop` where `magic` begins.
  func find(_ magic: [UInt8], from start: Int, to stop: Int) -> Int? {
    guard let first = magic.first else { return nil }
    var position = max(0, start)
    let limit = min(stop, end)
    while position + magic.count <= limit {
      guard let hit = firstIndex(of: first, from: position), hit + magic.count <= limit else {
        return nil
      }
      if matches(magic, at: hit) { return hit }
      position = hit + 1
    }
    return nil
  }
}

extension ByteRange {
  /// The range from `start` to `end`.
  init(from start: Int, to end: Int) {
    self.init(start: start, count: max(0, end - start))
  }

  /// True when `offset` lies inside.
  func contains(_ offset: Int) -> Bool { offset >= start && offset < end }
}
