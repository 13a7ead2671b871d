import CLzma

/// xz (concatenated streams) and legacy `.lzma` through the system liblzma.
enum LzmaCodec {
  private static let chunkSize = 1 << 16
  /// Memory the decoder may use; a header asking for more is corrupt for our purposes.
  static let memoryLimit: UInt64 = 256 << 20

  /// Decodes `input` as `.xz` or, with `alone`, as `.lzma`.
  static func decode(_ input: UnsafeRawBufferPointer, alone: Bool, _ limits: OutputLimits)
    -> Decompression
  {
    var result = Decompression()
    guard let base = input.baseAddress, input.count > 0 else {
      result.stop = .truncated
      return result
    }
    var stream = unsafe lzma_stream()
    let concatenated: UInt32 = 0x08  // LZMA_CONCATENATED, a macro Swift does not import
    let started =
      alone
      ? unsafe lzma_alone_decoder(&stream, memoryLimit)
      : unsafe lzma_stream_decoder(&stream, memoryLimit, concatenated)
    guard started == LZMA_OK else {
      result.stop = .corrupt("liblzma could not start")
      return result
    }
    defer { unsafe lzma_end(&stream) }
    unsafe stream.next_in = base.assumingMemoryBound(to: UInt8.self)
    unsafe stream.avail_in = input.count
    var chunk = [UInt8](repeating: 0, count: chunkSize)
    while true {
      let (status, produced) = unsafe chunk.withUnsafeMutableBufferPointer { buffer in
        unsafe stream.next_out = buffer.baseAddress
        unsafe stream.avail_out = buffer.count
        let status = unsafe lzma_code(&stream, LZMA_FINISH)
        return unsafe (status, buffer.count - stream.avail_out)
      }
      let used = unsafe input.count - stream.avail_in
      if let limit = limits.accept(chunk[0..<produced], into: &result.output, inputUsed: used) {
        result.stop = .limit(limit)
        return result
      }
      switch status {
      case LZMA_OK:
        continue
      case LZMA_STREAM_END:
        result.members = 1
        result.consumed = used
        return result
      case LZMA_BUF_ERROR:
        result.stop = .truncated
        return result
      case LZMA_MEMLIMIT_ERROR:
        result.stop = .corrupt("the decoder needs more than \(memoryLimit >> 20) MiB")
        return result
      default:
        result.stop = .corrupt("liblzma error \(status.rawValue)")
        return result
      }
    }
  }
}
