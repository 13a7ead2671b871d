import CBzip2
import CLzma
import CZlib

/// A small bounded decompressor for embedded payloads (`zlib.decompress(b'…')` and friends).
///
/// The output cap is checked before each append, so a bomb costs at most `cap` bytes. (ModelContainers
/// has its own decompressor for container formats; the two are kept apart on purpose for now.)
enum Decompress {
  enum Format {
    case zlib, gzip, rawDeflate, autoZlibGzip, bzip2, xz
  }

  private static let chunkSize = 64 * 1024

  /// The decompressed bytes, or `nil` when the input is corrupt, truncated or over `cap`.
  static func run(_ format: Format, _ input: [UInt8], cap: Int) -> [UInt8]? {
    switch format {
    case .bzip2: return bzip2(input, cap: cap)
    case .xz: return xz(input, cap: cap)
    case .zlib: return inflate(input, windowBits: 15, cap: cap)
    case .gzip: return inflate(input, windowBits: 31, cap: cap)
    case .rawDeflate: return inflate(input, windowBits: -15, cap: cap)
    case .autoZlibGzip: return inflate(input, windowBits: 47, cap: cap)
    }
  }

  /// Which format `bytes` start like, if any.
  static func sniff(_ bytes: [UInt8]) -> Format? {
    if bytes.starts(with: [0x1F, 0x8B]) { return .gzip }
    if bytes.starts(with: [0x42, 0x5A, 0x68]) { return .bzip2 }
    if bytes.starts(with: [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return .xz }
    if bytes.count >= 2, bytes[0] == 0x78, (UInt16(bytes[0]) << 8 | UInt16(bytes[1])) % 31 == 0 {
      return .zlib
    }
    return nil
  }

  private static func inflate(_ input: [UInt8], windowBits: Int32, cap: Int) -> [UInt8]? {
    var stream = z_stream()
    guard czlib_inflateInit2(&stream, windowBits) == Z_OK else { return nil }
    defer { inflateEnd(&stream) }
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: chunkSize)
    var source = input
    return source.withUnsafeMutableBufferPointer { inputBuffer -> [UInt8]? in
      stream.next_in = inputBuffer.baseAddress
      stream.avail_in = UInt32(clamping: inputBuffer.count)
      while true {
        let status = chunk.withUnsafeMutableBufferPointer { buffer -> Int32 in
          stream.next_out = buffer.baseAddress
          stream.avail_out = UInt32(buffer.count)
          return CZlib.inflate(&stream, Z_NO_FLUSH)
        }
        let produced = chunk.count - Int(stream.avail_out)
        guard out.count + produced <= cap else { return nil }
        out += chunk[0..<produced]
        if status == Z_STREAM_END { return out }
        guard status == Z_OK, produced > 0 || stream.avail_in > 0 else { return nil }
      }
    }
  }

  private static func bzip2(_ input: [UInt8], cap: Int) -> [UInt8]? {
    var stream = bz_stream()
    guard BZ2_bzDecompressInit(&stream, 0, 0) == BZ_OK else { return nil }
    defer { BZ2_bzDecompressEnd(&stream) }
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: chunkSize)
    var source = input
    return source.withUnsafeMutableBufferPointer { inputBuffer -> [UInt8]? in
      stream.next_in = UnsafeMutableRawPointer(inputBuffer.baseAddress)?.assumingMemoryBound(
        to: CChar.self
      )
      stream.avail_in = UInt32(clamping: inputBuffer.count)
      while true {
        let status = chunk.withUnsafeMutableBufferPointer { buffer -> Int32 in
          stream.next_out = UnsafeMutableRawPointer(buffer.baseAddress)?.assumingMemoryBound(
            to: CChar.self
          )
          stream.avail_out = UInt32(buffer.count)
          return BZ2_bzDecompress(&stream)
        }
        let produced = chunk.count - Int(stream.avail_out)
        guard out.count + produced <= cap else { return nil }
        out += chunk[0..<produced]
        if status == BZ_STREAM_END { return out }
        guard status == BZ_OK, produced > 0 || stream.avail_in > 0 else { return nil }
      }
    }
  }

  private static func xz(_ input: [UInt8], cap: Int) -> [UInt8]? {
    var stream = lzma_stream()
    guard lzma_auto_decoder(&stream, UInt64(max(cap, 1 << 26)), 0) == LZMA_OK else { return nil }
    defer { lzma_end(&stream) }
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: chunkSize)
    return input.withUnsafeBufferPointer { inputBuffer -> [UInt8]? in
      stream.next_in = inputBuffer.baseAddress
      stream.avail_in = inputBuffer.count
      while true {
        let status = chunk.withUnsafeMutableBufferPointer { buffer -> lzma_ret in
          stream.next_out = buffer.baseAddress
          stream.avail_out = buffer.count
          return lzma_code(&stream, LZMA_FINISH)
        }
        let produced = chunk.count - stream.avail_out
        guard out.count + produced <= cap else { return nil }
        out += chunk[0..<produced]
        if status == LZMA_STREAM_END { return out }
        guard status == LZMA_OK, produced > 0 || stream.avail_in > 0 else { return nil }
      }
    }
  }
}
