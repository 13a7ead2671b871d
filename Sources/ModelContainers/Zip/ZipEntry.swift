import PickleCore

/// One zip entry as the central directory lists it, joined with its local header.
struct ZipEntry {
  /// The local file header of an entry.
  struct LocalHeader {
    var flags: UInt16
    var method: UInt16
    var crc: UInt32
    var compressedSize: UInt32
    var uncompressedSize: UInt32
    var nameBytes: [UInt8]
    var extraLength: Int
    /// Where the entry's data starts: after the local name and extra field, as every reader
    /// computes it.
    var dataStart: Int

    static let signature: [UInt8] = [0x50, 0x4B, 0x03, 0x04]

    /// Reads the local header at `offset`; nil when its signature or fields are missing.
    static func read(_ cursor: ByteCursor, at offset: Int) -> LocalHeader? {
      guard let header = parse(cursor, at: offset), header.dataStart <= cursor.end else {
        return nil
      }
      return header
    }

    /// Reads the local header at `offset` of `input` with ``InputBytes/readSmall(_:)``, so a
    /// mapped model's thousands of headers are not faulted in; nil as ``read(_:at:)``.
    static func read(_ input: InputBytes, at offset: Int) -> LocalHeader? {
      let guess = min(30 + 512, input.count - offset)
      guard guess >= 30, var bytes = input.readSmall(ByteRange(start: offset, count: guess)) else {
        return nil
      }
      let nameLength = Int(bytes[26]) | Int(bytes[27]) << 8
      if 30 + nameLength > bytes.count {
        guard let whole = input.readSmall(ByteRange(start: offset, count: 30 + nameLength)) else {
          return nil
        }
        bytes = whole
      }
      let parsed = unsafe bytes.withUnsafeBytes { raw in
        unsafe parse(ByteCursor(raw, start: 0, end: raw.count), at: 0)
      }
      guard var header = parsed else { return nil }
      header.dataStart += offset
      return header.dataStart <= input.count ? header : nil
    }

    /// The header's fields at `offset`, `dataStart` counted from the cursor's start.
    private static func parse(_ cursor: ByteCursor, at offset: Int) -> LocalHeader? {
      guard cursor.matches(signature, at: offset), let flags = cursor.uint16(at: offset + 6),
        let method = cursor.uint16(at: offset + 8), let crc = cursor.uint32(at: offset + 14),
        let compressed = cursor.uint32(at: offset + 18),
        let uncompressed = cursor.uint32(at: offset + 22),
        let nameLength = cursor.uint16(at: offset + 26),
        let extraLength = cursor.uint16(at: offset + 28)
      else { return nil }
      let nameRange = ByteRange(start: offset + 30, count: Int(nameLength))
      guard nameRange.end <= cursor.end else { return nil }
      return LocalHeader(
        flags: flags,
        method: method,
        crc: crc,
        compressedSize: compressed,
        uncompressedSize: uncompressed,
        nameBytes: cursor.copy(nameRange),
        extraLength: Int(extraLength),
        dataStart: nameRange.end + Int(extraLength)
      )
    }
  }

  /// The name, decoded as UTF-8 (invalid bytes replaced).
  var name: String
  /// The name's bytes, as stored.
  var nameBytes: [UInt8]
  var flags: UInt16
  var method: UInt16
  var crc: UInt32
  var compressedSize: Int
  var uncompressedSize: Int
  /// Absolute offset of the local header.
  var headerOffset: Int
  /// True when sizes or offset came from a zip64 extra field.
  var zip64 = false
  /// True for a local header the central directory does not list.
  var hidden = false
  /// The local header, when one is where the central directory points.
  var local: LocalHeader?
  /// The entry's data, clipped to the archive.
  var data: ByteRange?
  /// True when the data runs past the end of the archive.
  var truncated = false
  /// Where the entry ends, data descriptor included.
  var extentEnd: Int

  /// Bit 0: the entry is encrypted.
  var isEncrypted: Bool { flags & 0x0001 != 0 }

  /// Joins the local header found at ``headerOffset`` and computes the data range, never
  /// looking outside `archive`.
  mutating func attachLocalHeader(_ input: InputBytes, archive: ByteRange) {
    let archiveEnd = archive.end
    guard archive.contains(headerOffset), let header = LocalHeader.read(input, at: headerOffset),
      header.dataStart <= archiveEnd
    else {
      extentEnd = headerOffset + 30
      return
    }
    local = header
    let available = max(0, archiveEnd - header.dataStart)
    truncated = compressedSize > available
    let data = ByteRange(start: header.dataStart, count: min(compressedSize, available))
    self.data = data
    extentEnd = data.end
    if flags & 0x0008 != 0 || header.flags & 0x0008 != 0 {
      let hasSignature =
        input.readSmall(ByteRange(start: data.end, count: 4)) == [0x50, 0x4B, 0x07, 0x08]
      let sizeWidth = zip64 ? 16 : 8
      let descriptor = (hasSignature ? 8 : 4) + sizeWidth
      extentEnd = min(archiveEnd, data.end + descriptor)
    }
  }

  /// True when the name escapes the extraction folder (`../`, absolute paths, drive letters).
  static func escapesFolder(_ name: String) -> Bool {
    // Without `\`, `:` or `.`, only a leading `/` can escape (the common case, `archive/data/7`).
    if !name.utf8.contains(where: { $0 == 0x5C || $0 == 0x3A || $0 == 0x2E }) {
      return name.utf8.first == 0x2F
    }
    let normalized = name.replacingBackslashes
    if normalized.hasPrefix("/") { return true }
    let parts = normalized.split(separator: "/", omittingEmptySubsequences: false)
    if let first = parts.first, first.count == 2, first.last == ":" { return true }
    return parts.contains("..")
  }
}

extension String {
  /// The text after the last `/` (all of it when there is none, or when it ends in `/`, as
  /// `split` would give the component before).
  var lastPathComponent: String {
    guard let slash = utf8.lastIndex(of: 0x2F) else { return self }
    let after = utf8.index(after: slash)
    if after != utf8.endIndex { return String(self[after...]) }
    return split(separator: "/").last.map(String.init) ?? self
  }

  /// Byte-wise substring search: StringProcessing's generic `contains` is many times slower,
  /// and archives have thousands of names.
  func containsBytes(_ needle: String) -> Bool {
    let haystack = Array(utf8)
    let wanted = Array(needle.utf8)
    guard let first = wanted.first else { return true }
    guard wanted.count <= haystack.count else { return false }
    for start in 0...(haystack.count - wanted.count) where haystack[start] == first {
      if haystack[start..<(start + wanted.count)].elementsEqual(wanted) { return true }
    }
    return false
  }

  /// The string with `\` turned into `/`.
  var replacingBackslashes: String {
    String(map { $0 == "\\" ? "/" : $0 })
  }
}
