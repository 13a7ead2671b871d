/// The output of one decompression and why it stopped, if it stopped early.
struct Decompression {
  /// Why decoding stopped before the end of the compressed data.
  enum Stop: Equatable {
    /// A budget limit.
    case limit(ContainerBudget.Limit)
    /// The data is corrupt; the message names the library's error.
    case corrupt(String)
    /// The input ends inside the compressed data.
    case truncated
  }

  /// A result that stopped before producing anything.
  init(stop: Stop) { self.stop = stop }

  /// An empty result.
  init() {}

  /// Everything decoded, up to the stop.
  var output: [UInt8] = []
  /// Input bytes used through the end of the last complete member.
  var consumed = 0
  /// Complete members (gzip members, bz2 or xz streams) decoded.
  var members = 0
  /// Why decoding stopped early.
  var stop: Stop?
}

/// Limits one decompression must respect.
struct OutputLimits {
  /// Bytes the output may reach.
  var maxOutput: Int
  /// Which budget ``maxOutput`` comes from.
  var outputLimit: ContainerBudget.Limit
  /// Largest output / input ratio once the output passes ``ratioGrace``.
  var maxRatio: Int
  /// Output allowed before the ratio applies.
  var ratioGrace: Int

  /// Appends `chunk` to `output`, or returns the limit it would break (appending what fits).
  func accept(
    _ chunk: ArraySlice<UInt8>,
    into output: inout [UInt8],
    inputUsed: Int
  ) -> ContainerBudget.Limit? {
    let room = maxOutput - output.count
    if chunk.count > room {
      output.append(contentsOf: chunk.prefix(max(0, room)))
      return outputLimit
    }
    output.append(contentsOf: chunk)
    if output.count > ratioGrace, output.count / max(1, inputUsed) > maxRatio {
      return .maxCompressionRatio
    }
    return nil
  }
}

/// A compression wrapper the scanner opens.
enum Codec: String {
  case gzip, zlib, deflate, bzip2 = "bz2", xz, lzma, lz4, zstd
  /// LZMA inside a zip member (method 14), as Python's `zipfile` writes it.
  case zipLZMA = "zip-lzma"
  /// Members of a 7z archive (named in messages only; libarchive decodes them).
  case sevenZip = "7z"

  /// The location step of the decompressed buffer, like `<gzip>`.
  var step: String { "<\(rawValue)>" }

  /// Decodes `input`, honouring `limits`.
  func decode(_ input: UnsafeRawBufferPointer, _ limits: OutputLimits) -> Decompression {
    switch self {
    case .gzip: unsafe ZlibCodec.inflate(input, windowBits: 31, multiMember: true, limits)
    case .zlib: unsafe ZlibCodec.inflate(input, windowBits: 15, multiMember: true, limits)
    case .deflate: unsafe ZlibCodec.inflate(input, windowBits: -15, multiMember: false, limits)
    case .bzip2: unsafe Bzip2Codec.decode(input, limits)
    case .xz: unsafe LzmaCodec.decode(input, alone: false, limits)
    case .lzma: unsafe LzmaCodec.decode(input, alone: true, limits)
    case .zipLZMA: unsafe LzmaCodec.decodeZipMember(input, limits)
    case .lz4, .zstd, .sevenZip: unsafe ArchiveLibrary.decodeRaw(input, limits)
    }
  }
}
