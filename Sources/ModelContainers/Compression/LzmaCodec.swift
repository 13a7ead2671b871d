import CLzma
import PickleCore

#if canImport(Glibc)
import Glibc
#endif

/// xz (concatenated streams), legacy `.lzma`, and zip's LZMA members through the system liblzma.
enum LzmaCodec {
  private static let chunkSize = 1 << 16
  /// Memory the decoder may use; a header asking for more is corrupt for our purposes.
  static let memoryLimit: UInt64 = 256 << 20

  /// Decodes `input` as `.xz` or, with `alone`, as `.lzma`.
  static func decode(_ input: UnsafeRawBufferPointer, alone: Bool, _ limits: OutputLimits)
    -> Decompression
  {
    var stream = unsafe lzma_stream()
    let concatenated: UInt32 = 0x08  // LZMA_CONCATENATED, a macro Swift does not import
    let started =
      unsafe alone
      ? lzma_alone_decoder(&stream, memoryLimit)
      : lzma_stream_decoder(&stream, memoryLimit, concatenated)
    guard started == LZMA_OK else {
      return Decompression(stop: .corrupt("liblzma could not start"))
    }
    defer { unsafe lzma_end(&stream) }
    return unsafe run(&stream, input, limits, endlessIsComplete: false)
  }

  /// Decodes a zip member of method 14: a 2-byte version, a 2-byte properties size, 5 bytes of
  /// LZMA1 properties, then raw LZMA1 data with or without an end marker.
  static func decodeZipMember(_ input: UnsafeRawBufferPointer, _ limits: OutputLimits)
    -> Decompression
  {
    let cursor = unsafe ByteCursor(input)
    guard cursor.uint16(at: 2) == 5, input.count >= 9, let base = input.baseAddress else {
      return Decompression(stop: .corrupt("no LZMA properties header"))
    }
    let lzma1: lzma_vli = 0x4000_0000_0000_0001  // LZMA_FILTER_LZMA1, a macro Swift does not import
    var filters = unsafe [
      lzma_filter(id: lzma1, options: nil), lzma_filter(id: lzma_vli.max, options: nil),
    ]
    // SAFETY: the five property bytes at offset 4 lie inside `input` (checked above).
    let decoded = unsafe lzma_properties_decode(
      &filters[0],
      nil,
      (base + 4).assumingMemoryBound(to: UInt8.self),
      5
    )
    defer { unsafe free(filters[0].options) }
    guard decoded == LZMA_OK else { return Decompression(stop: .corrupt("bad LZMA properties")) }
    var stream = unsafe lzma_stream()
    guard unsafe lzma_raw_decoder(&stream, filters) == LZMA_OK else {
      return Decompression(stop: .corrupt("liblzma could not start"))
    }
    defer { unsafe lzma_end(&stream) }
    var result = unsafe run(
      &stream,
      UnsafeRawBufferPointer(rebasing: input[9...]),
      limits,
      endlessIsComplete: true
    )
    result.consumed += 9
    return result
  }

  /// Runs `stream` over all of `input`.
  ///
  /// Raw LZMA1 without an end marker simply stops when the input is used up; with
  /// `endlessIsComplete` that counts as the end.
  private static func run(
    _ stream: inout lzma_stream,
    _ input: UnsafeRawBufferPointer,
    _ limits: OutputLimits,
    endlessIsComplete: Bool
  ) -> Decompression {
    var result = Decompression()
    guard let base = input.baseAddress, input.count > 0 else {
      return Decompression(stop: .truncated)
    }
    // SAFETY: liblzma only reads through next_in; the pointer stays inside `input`.
    unsafe stream.next_in = unsafe base.assumingMemoryBound(to: UInt8.self)
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
      case LZMA_BUF_ERROR where unsafe endlessIsComplete && stream.avail_in == 0:
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
