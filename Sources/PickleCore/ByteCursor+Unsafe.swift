#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ByteCursor {
  // Inlinable so callers in other modules get it specialised, not a generic call per read.
  @inlinable
  func load<T: FixedWidthInteger>(at offset: Int, as type: T.Type) -> T {
    precondition(offset >= 0 && offset + MemoryLayout<T>.size <= end)
    // SAFETY: the precondition keeps the load inside the buffer; loadUnaligned has no alignment need.
    return unsafe base.loadUnaligned(fromByteOffset: offset, as: T.self)
  }

  /// True when every byte of `range` is below 0x80.
  @inlinable
  public func isASCII(_ range: ByteRange) -> Bool {
    precondition(range.start >= 0 && range.end <= end, "range outside the cursor")
    var offset = range.start
    var high: UInt64 = 0
    while offset + 8 <= range.end {
      // SAFETY: offset + 8 <= range.end <= end, inside the buffer.
      high |= unsafe base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
      offset += 8
    }
    while offset < range.end {
      // SAFETY: offset < range.end <= end.
      high |= UInt64(unsafe base.load(fromByteOffset: offset, as: UInt8.self))
      offset += 1
    }
    return high & 0x8080_8080_8080_8080 == 0
  }

  /// The offset of the first `byte` at or after `from`, before `end`.
  public func firstIndex(of byte: UInt8, from: Int) -> Int? {
    guard from < end, let start = unsafe base.baseAddress else { return nil }
    // SAFETY: memchr reads only [from, end), which lies inside the buffer.
    guard let hit = unsafe memchr(start + from, Int32(byte), end - from) else { return nil }
    return unsafe start.distance(to: UnsafeRawPointer(hit))
  }

  /// Calls `body` with the bytes of `range`, which must lie inside the buffer.
  public func withBytes<R>(_ range: ByteRange, _ body: (UnsafeRawBufferPointer) throws -> R)
    rethrows -> R
  {
    precondition(range.start >= 0 && range.end <= end, "range outside the cursor")
    // SAFETY: the precondition keeps the slice inside the borrowed buffer.
    return try unsafe body(UnsafeRawBufferPointer(rebasing: base[range.start..<range.end]))
  }
}
