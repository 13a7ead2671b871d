/// A span of the input, by absolute offset.
///
/// Arguments refer to the input this way, never by copy.
public struct ByteRange: Sendable, Hashable {
  /// Offset of the first byte.
  public var start: Int
  /// Number of bytes.
  public var count: Int
  /// Offset just past the last byte.
  @inlinable public var end: Int { start + count }

  /// A span of `count` bytes from `start`.
  @inlinable
  public init(start: Int, count: Int) {
    self.start = start
    self.count = count
  }
}
