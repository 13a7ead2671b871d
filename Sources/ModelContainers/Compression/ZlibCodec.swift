import CZlib
import PickleCore

/// Raw deflate, zlib and gzip through the system zlib, members concatenated as Python reads them.
enum ZlibCodec {
  private static let chunkSize = 1 << 16

  /// Inflates `input`; with `multiMember`, a member followed by another member's header continues.
  static func inflate(
    _ input: UnsafeRawBufferPointer,
    windowBits: Int32,
    multiMember: Bool,
    _ limits: OutputLimits
  ) -> Decompression {
    var result = Decompression()
    guard let base = input.baseAddress, input.count > 0 else {
      result.stop = .truncated
      return result
    }
    var stream = unsafe z_stream()
    guard unsafe czlib_inflateInit2(&stream, windowBits) == Z_OK else {
      result.stop = .corrupt("zlib could not start")
      return result
    }
    defer { _ = unsafe inflateEnd(&stream) }
    var chunk = [UInt8](repeating: 0, count: chunkSize)
    // SAFETY: zlib only reads through next_in; the pointer stays inside `input`.
    let start = unsafe UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: UInt8.self))
    var used = 0
    func refill() {
      if unsafe stream.avail_in == 0, used < input.count {
        unsafe stream.next_in = start + used
        unsafe stream.avail_in = UInt32(min(input.count - used, 1 << 30))
      }
    }
    while true {
      refill()
      let before = unsafe Int(stream.avail_in)
      let (status, produced) = unsafe chunk.withUnsafeMutableBufferPointer { buffer in
        unsafe stream.next_out = buffer.baseAddress
        unsafe stream.avail_out = UInt32(buffer.count)
        let status = unsafe CZlib.inflate(&stream, Z_NO_FLUSH)
        return unsafe (status, buffer.count - Int(stream.avail_out))
      }
      unsafe used += before - Int(stream.avail_in)
      if let limit = limits.accept(chunk[0..<produced], into: &result.output, inputUsed: used) {
        result.stop = .limit(limit)
        return result
      }
      switch status {
      case Z_STREAM_END:
        result.members += 1
        result.consumed = used
        guard multiMember, let next = unsafe nextMember(input, after: used, windowBits: windowBits)
        else {
          return result
        }
        used = next
        unsafe stream.avail_in = 0
        guard unsafe inflateReset(&stream) == Z_OK else { return result }
      case Z_OK:
        continue
      case Z_BUF_ERROR where unsafe stream.avail_in == 0 && used >= input.count:
        result.stop = .truncated
        return result
      case Z_BUF_ERROR where produced > 0:
        continue
      default:
        let message = unsafe stream.msg.map { unsafe String(cString: $0) } ?? "status \(status)"
        result.stop = .corrupt("inflate: \(message)")
        return result
      }
    }
  }

  /// Where the next member starts, when the bytes after a member begin another one (gzip may
  /// be padded with zero bytes, which Python skips).
  private static func nextMember(
    _ input: UnsafeRawBufferPointer,
    after offset: Int,
    windowBits: Int32
  ) -> Int? {
    let cursor = unsafe ByteCursor(input)
    var position = offset
    if windowBits > 15 {
      while cursor.uint8(at: position) == 0 { position += 1 }
      return cursor.matches([0x1F, 0x8B], at: position) ? position : nil
    }
    guard let first = cursor.uint8(at: position), let second = cursor.uint8(at: position + 1),
      first == 0x78, (UInt16(first) << 8 | UInt16(second)) % 31 == 0
    else { return nil }
    return position
  }
}
