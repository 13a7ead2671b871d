/// A bounds-checked reader over borrowed bytes.
///
/// Every read returns `nil` on a short read.
///
/// The only type in PickleCore that reads the input's memory; its unsafe loads live in
/// `ByteCursor+Unsafe.swift`.
@safe public struct ByteCursor {
  @usableFromInline let base: UnsafeRawBufferPointer
  /// The absolute offset of the next byte to read.
  public var position: Int
  /// The absolute offset the cursor may not read past.
  public let end: Int

  /// A cursor over `bytes[start..<end]`.
  public init(_ bytes: UnsafeRawBufferPointer, start: Int = 0, end: Int? = nil) {
    let limit = min(end ?? bytes.count, bytes.count)
    precondition(start >= 0 && start <= limit, "cursor start outside the buffer")
    unsafe self.base = bytes
    self.position = start
    self.end = limit
  }

  /// Bytes left before `end`.
  @inlinable public var remaining: Int { end - position }

  /// Reads `count` bytes as a span of the input, without copying.
  @inlinable
  public mutating func readRange(_ count: Int) -> ByteRange? {
    guard count >= 0, count <= remaining else { return nil }
    defer { position += count }
    return ByteRange(start: position, count: count)
  }

  /// Reads through the next `\n`; the span excludes the newline.
  public mutating func readLine() -> ByteRange? {
    guard let newline = firstIndex(of: 0x0A, from: position) else { return nil }
    defer { position = newline + 1 }
    return ByteRange(start: position, count: newline - position)
  }

  /// Reads one byte.
  @inlinable
  public mutating func readUInt8() -> UInt8? {
    guard position < end else { return nil }
    defer { position += 1 }
    return byte(at: position)
  }

  /// Reads a little-endian unsigned 16-bit integer.
  @inlinable
  public mutating func readUInt16LE() -> UInt16? {
    guard remaining >= 2 else { return nil }
    defer { position += 2 }
    return UInt16(littleEndian: load(at: position, as: UInt16.self))
  }

  /// Reads a little-endian unsigned 32-bit integer.
  @inlinable
  public mutating func readUInt32LE() -> UInt32? {
    guard remaining >= 4 else { return nil }
    defer { position += 4 }
    return UInt32(littleEndian: load(at: position, as: UInt32.self))
  }

  /// Reads a little-endian unsigned 64-bit integer.
  @inlinable
  public mutating func readUInt64LE() -> UInt64? {
    guard remaining >= 8 else { return nil }
    defer { position += 8 }
    return UInt64(littleEndian: load(at: position, as: UInt64.self))
  }

  /// Reads a big-endian IEEE-754 double, as BINFLOAT stores it.
  @inlinable
  public mutating func readFloat64BE() -> Double? {
    guard remaining >= 8 else { return nil }
    defer { position += 8 }
    return Double(bitPattern: UInt64(bigEndian: load(at: position, as: UInt64.self)))
  }

  /// The byte at an absolute offset inside the cursor's buffer.
  @inlinable
  public func byte(at offset: Int) -> UInt8 {
    precondition(offset >= 0 && offset < end, "byte offset outside the cursor")
    // SAFETY: offset is inside [0, end), and end never exceeds the buffer.
    return unsafe base[offset]
  }
}
