import PickleCore

/// A format recognised by its content.
enum ContainerFormat: String, Equatable {
  case zip, gzip, bzip2 = "bz2", xz, lzma, zlib, lz4, zstd
  case sevenZip = "7z"
  case rar, tar, npy, pickle
  case safetensors, gguf, hdf5, png, jpeg, gif, pdf, elf
  case unknown

  /// The codec that unwraps a compression format.
  var codec: Codec? {
    switch self {
    case .gzip: .gzip
    case .bzip2: .bzip2
    case .xz: .xz
    case .lzma: .lzma
    case .zlib: .zlib
    case .lz4: .lz4
    case .zstd: .zstd
    default: nil
    }
  }
}

/// Recognises formats by their first bytes, never by name.
enum FormatSniffer {
  private static let magics: [(ContainerFormat, [UInt8])] = [
    (.zip, [0x50, 0x4B, 0x03, 0x04]),
    (.zip, [0x50, 0x4B, 0x05, 0x06]),
    (.zip, [0x50, 0x4B, 0x07, 0x08]),
    (.gzip, [0x1F, 0x8B]),
    (.xz, [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]),
    (.lzma, [0x5D, 0x00, 0x00]),
    (.lz4, [0x04, 0x22, 0x4D, 0x18]),
    (.zstd, [0x28, 0xB5, 0x2F, 0xFD]),
    (.sevenZip, [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]),
    (.rar, [0x52, 0x61, 0x72, 0x21, 0x1A, 0x07]),
    (.npy, [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]),
    (.gguf, Array("GGUF".utf8)),
    (.hdf5, [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]),
    (.png, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
    (.jpeg, [0xFF, 0xD8, 0xFF]),
    (.gif, Array("GIF8".utf8)),
    (.pdf, Array("%PDF-".utf8)),
    (.elf, [0x7F, 0x45, 0x4C, 0x46]),
  ]

  /// The format of the bytes at `range`, by magic numbers and then by reading them as a pickle.
  static func sniff(
    _ bytes: InputBytes,
    _ range: ByteRange,
    _ strictness: PickleSniff.Strictness
  ) -> ContainerFormat {
    let byMagic = bytes.withCursor { cursor in magicFormat(cursor, at: range.start, end: range.end)
    }
    if let byMagic { return byMagic }
    return PickleSniff.isPickle(bytes, range, strictness) ? .pickle : .unknown
  }

  /// The format whose magic number starts at `offset`, without the pickle test.
  static func magicFormat(_ cursor: ByteCursor, at offset: Int, end: Int) -> ContainerFormat? {
    for (format, magic) in magics where cursor.matches(magic, at: offset, limit: end) {
      return format
    }
    if cursor.matches(Array("BZh".utf8), at: offset, limit: end),
      let level = cursor.uint8(at: offset + 3), (0x31...0x39).contains(level)
    {
      return .bzip2
    }
    if let first = cursor.uint8(at: offset), let second = cursor.uint8(at: offset + 1),
      offset + 2 <= end, first == 0x78, (UInt16(first) << 8 | UInt16(second)) % 31 == 0
    {
      return .zlib
    }
    if isTar(cursor, at: offset, end: end) { return .tar }
    if isSafetensors(cursor, at: offset, end: end) { return .safetensors }
    return nil
  }

  /// True when another format's unmistakable magic number starts at `offset` (used after a
  /// pickle's `STOP` to spot appended archives).
  static func hasForeignMagic(_ cursor: ByteCursor, at offset: Int) -> Bool {
    guard let format = magicFormat(cursor, at: offset, end: cursor.end) else { return false }
    switch format {
    case .zlib, .lzma, .safetensors, .jpeg: return false
    default: return true
    }
  }

  /// A tar header block: `ustar` magic, or (for v7 archives) a valid header checksum.
  static func isTar(_ cursor: ByteCursor, at offset: Int, end: Int) -> Bool {
    guard offset + 512 <= end else { return false }
    if cursor.matches(Array("ustar".utf8), at: offset + 257) {
      return TarHeader.checksumMatches(cursor, at: offset)
    }
    guard let first = cursor.uint8(at: offset), first >= 0x20, first < 0x7F else { return false }
    return TarHeader.checksumMatches(cursor, at: offset)
  }

  private static func isSafetensors(_ cursor: ByteCursor, at offset: Int, end: Int) -> Bool {
    guard let length = cursor.uint64(at: offset), length > 1, length < UInt64(end - offset),
      cursor.uint8(at: offset + 8) == UInt8(ascii: "{")
    else { return false }
    return Int(length) <= end - offset - 8
  }
}
