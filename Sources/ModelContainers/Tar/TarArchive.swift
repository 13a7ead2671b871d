import PickleCore

/// The members of a tar archive, read header by header as Python's `tarfile` does.
struct TarArchive {
  /// A member and where its data is.
  struct Entry {
    var name: String
    var type: UInt8
    var data: ByteRange
    var linkName: String
    var headerOffset: Int

    /// Regular files (`0`, NUL, contiguous `7`) carry data a loader reads.
    var isRegularFile: Bool { type == 0x30 || type == 0 || type == 0x37 }
    /// Symbolic (`2`) and hard (`1`) links.
    var isLink: Bool { type == 0x31 || type == 0x32 }
  }

  /// Members in archive order.
  var entries: [Entry] = []
  /// Where the archive ends (after the end marker, or where reading stopped).
  var end: Int
  /// The offset of a header that could not be read.
  var brokenHeader: Int?
  /// True when the data ran out inside a member.
  var truncated = false

  /// Reads the archive at `range`; stops after `maxEntries` members.
  static func read(_ cursor: ByteCursor, _ range: ByteRange, maxEntries: Int) -> TarArchive {
    var archive = TarArchive(end: range.start)
    var offset = range.start
    var longName: String?
    var longLink: String?
    var pax: [String: String] = [:]
    while offset + 512 <= range.end, archive.entries.count < maxEntries {
      let headerOffset = offset
      if TarHeader.isZeroBlock(cursor, at: offset) {
        offset += 512
        if TarHeader.isZeroBlock(cursor, at: offset) { offset += 512 }
        archive.end = offset
        return archive
      }
      guard let header = TarHeader.read(cursor, at: offset) else {
        archive.brokenHeader = offset
        archive.end = offset
        return archive
      }
      let dataStart = offset + 512
      var size = header.size
      if let paxSize = pax["size"].flatMap({ Int($0) }), paxSize >= 0 { size = paxSize }
      guard size <= range.end - dataStart else {
        archive.truncated = true
        archive.entries.append(
          Entry(
            name: header.name,
            type: header.type,
            data: ByteRange(from: dataStart, to: range.end),
            linkName: header.linkName,
            headerOffset: headerOffset
          )
        )
        archive.end = range.end
        return archive
      }
      let data = ByteRange(start: dataStart, count: size)
      let blocks = (size + 511) / 512
      offset = dataStart + blocks * 512
      switch header.type {
      case UInt8(ascii: "L"):
        longName = TarHeader.text(cursor, data)
      case UInt8(ascii: "K"):
        longLink = TarHeader.text(cursor, data)
      case UInt8(ascii: "x"):
        pax = Self.paxRecords(cursor.copy(data, limit: 1 << 20))
      case UInt8(ascii: "g"):
        break
      default:
        let name = pax["path"] ?? longName ?? header.name
        let link = pax["linkpath"] ?? longLink ?? header.linkName
        archive.entries.append(
          Entry(
            name: name,
            type: header.type,
            data: data,
            linkName: link,
            headerOffset: headerOffset
          )
        )
        longName = nil
        longLink = nil
        pax = [:]
      }
      archive.end = min(offset, range.end)
    }
    return archive
  }

  /// `"<length> <key>=<value>\n"` records of a pax header.
  private static func paxRecords(_ raw: [UInt8]) -> [String: String] {
    var records: [String: String] = [:]
    var position = 0
    while position < raw.count {
      guard let space = raw[position...].firstIndex(of: 0x20),
        let length = Int(String(decoding: raw[position..<space], as: UTF8.self)), length > 0,
        position + length <= raw.count
      else { break }
      let record = raw[(space + 1)..<(position + length)].dropLast()
      if let equals = record.firstIndex(of: UInt8(ascii: "=")) {
        let key = String(decoding: record[record.startIndex..<equals], as: UTF8.self)
        records[key] = String(decoding: record[(equals + 1)...], as: UTF8.self)
      }
      position += length
    }
    return records
  }
}
