import CBzip2
import PickleCore

/// bzip2 through the system libbz2, streams concatenated as Python's `bz2` module reads them.
enum Bzip2Codec {
  private static let chunkSize = 1 << 16

  /// Decodes `input`.
  static func decode(_ input: UnsafeRawBufferPointer, _ limits: OutputLimits) -> Decompression {
    var result = Decompression()
    guard let base = input.baseAddress, input.count > 0 else {
      result.stop = .truncated
      return result
    }
    let cursor = unsafe ByteCursor(input)
    // SAFETY: libbz2 only reads through next_in; the pointer stays inside `input`.
    let start = unsafe UnsafeMutableRawPointer(mutating: base).assumingMemoryBound(to: CChar.self)
    var chunk = [CChar](repeating: 0, count: chunkSize)
    var used = 0
    while used < input.count {
      var stream = unsafe bz_stream()
      guard unsafe BZ2_bzDecompressInit(&stream, 0, 0) == BZ_OK else {
        result.stop = .corrupt("bzip2 could not start")
        return result
      }
      defer { _ = unsafe BZ2_bzDecompressEnd(&stream) }
      var memberEnded = false
      var outputWasFull = false
      while !memberEnded {
        if unsafe stream.avail_in == 0, used < input.count {
          unsafe stream.next_in = start + used
          unsafe stream.avail_in = UInt32(min(input.count - used, 1 << 30))
        } else if unsafe stream.avail_in == 0, !outputWasFull {
          result.stop = .truncated
          return result
        }
        let before = unsafe Int(stream.avail_in)
        let (status, produced) = unsafe chunk.withUnsafeMutableBufferPointer { buffer in
          unsafe stream.next_out = buffer.baseAddress
          unsafe stream.avail_out = UInt32(buffer.count)
          let status = unsafe BZ2_bzDecompress(&stream)
          return unsafe (status, buffer.count - Int(stream.avail_out))
        }
        unsafe used += before - Int(stream.avail_in)
        outputWasFull = produced == chunkSize
        let bytes = chunk[0..<produced].map { UInt8(bitPattern: $0) }
        if let limit = limits.accept(bytes[...], into: &result.output, inputUsed: used) {
          result.stop = .limit(limit)
          return result
        }
        switch status {
        case BZ_STREAM_END:
          memberEnded = true
        case BZ_OK:
          continue
        default:
          result.stop = .corrupt("bzip2 error \(status)")
          return result
        }
      }
      result.members += 1
      result.consumed = used
      guard cursor.matches(Array("BZh".utf8), at: used) else { return result }
    }
    return result
  }
}
