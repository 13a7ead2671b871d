#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `read(2)` and `write(2)` loops with EINTR retry; the only I/O the confined child does.
enum FileDescriptorIO {
  /// Writes all of `bytes` to `fd`; false when the descriptor fails.
  @discardableResult
  static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
    var written = 0
    while written < bytes.count {
      guard let base = bytes.baseAddress else { return true }
      let result = write(fd, base + written, bytes.count - written)
      if result < 0 {
        if errno == EINTR { continue }
        return false
      }
      written += result
    }
    return true
  }

  /// Writes all of `bytes` to `fd`.
  @discardableResult
  static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBytes { writeAll(fd, $0) }
  }

  /// Writes `text` to `fd`.
  @discardableResult
  static func writeAll(_ fd: Int32, _ text: String) -> Bool {
    writeAll(fd, Array(text.utf8))
  }

  /// Reads `fd` to end of file, keeping at most `limit` bytes.
  ///
  /// - Returns: The bytes, whether more than `limit` were offered, and the errno of a failed
  ///   read (0 at a clean end of file).
  static func readAll(_ fd: Int32, limit: Int, expected: Int = 0) -> (
    bytes: [UInt8], overflow: Bool, error: Int32
  ) {
    var bytes = [UInt8](repeating: 0, count: min(max(expected, 0), limit) + 1)
    var count = 0
    while true {
      if count == bytes.count {
        if count > limit { return (Array(bytes.prefix(limit)), true, 0) }
        bytes.append(contentsOf: repeatElement(0, count: min(max(count, 4096), limit + 1 - count)))
      }
      let result = bytes.withUnsafeMutableBytes { buffer in
        read(fd, buffer.baseAddress.map { $0 + count }, buffer.count - count)
      }
      if result < 0 {
        if errno == EINTR { continue }
        return (Array(bytes.prefix(count)), false, errno)
      }
      if result == 0 { break }
      count += result
      if count > limit { return (Array(bytes.prefix(limit)), true, 0) }
    }
    bytes.removeSubrange(count...)
    return (bytes, false, 0)
  }
}
