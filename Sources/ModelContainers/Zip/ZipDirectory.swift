import PickleCore

/// A zip archive read from its end, as PyTorch and Python read it.
///
/// The order is end record, zip64 records, central directory, then each entry's local header.
/// Sizes come from the central directory; CRCs and flags are reported, never trusted or enforced.
struct ZipDirectory {
  /// Entries in central-directory order.
  var entries: [ZipEntry] = []
  /// Absolute offset that entry offsets count from (after any prepended data).
  var base: Int
  /// The central directory.
  var central: ByteRange
  /// Offset of the end-of-central-directory record.
  var endRecord: Int
  /// Where the archive ends: end record plus its comment.
  var end: Int
  /// True when zip64 end records are present.
  var zip64 = false
  /// Entries the end record announces.
  var announcedEntries: Int
  /// Problems reading the directory itself.
  var problems: [String] = []
  /// True when the central directory held more entries than the scan may examine.
  var truncatedListing = false

  static let endSignature: [UInt8] = [0x50, 0x4B, 0x05, 0x06]
  static let centralSignature: [UInt8] = [0x50, 0x4B, 0x01, 0x02]

  /// Finds the last end record in the final 64 KiB of `range`, as Python does.
  static func findEndRecord(_ cursor: ByteCursor, _ range: ByteRange) -> Int? {
    var position = max(range.start, range.end - 22 - 65_535)
    var last: Int?
    while let hit = cursor.find(endSignature, from: position, to: range.end), hit + 22 <= range.end
    {
      last = hit
      position = hit + 1
    }
    return last
  }

  /// Reads the archive whose end record lies in `range`; nil when there is none.
  static func read(
    _ cursor: ByteCursor,
    _ input: InputBytes,
    _ range: ByteRange,
    maxEntries: Int
  ) -> ZipDirectory? {
    guard let endRecord = findEndRecord(cursor, range),
      let entryCount = cursor.uint16(at: endRecord + 10),
      let centralSize32 = cursor.uint32(at: endRecord + 12),
      let centralOffset32 = cursor.uint32(at: endRecord + 16),
      let commentLength = cursor.uint16(at: endRecord + 20)
    else { return nil }
    var centralSize = Int(centralSize32)
    var centralOffset = Int(centralOffset32)
    var announced = Int(entryCount)
    var recordsStart = endRecord
    var zip64 = false
    if endRecord - 20 - 56 >= range.start,
      cursor.matches([0x50, 0x4B, 0x06, 0x07], at: endRecord - 20)
    {
      let record = endRecord - 20 - 56
      if cursor.matches([0x50, 0x4B, 0x06, 0x06], at: record),
        let count = cursor.uint64(at: record + 32), let size = cursor.uint64(at: record + 40),
        let offset = cursor.uint64(at: record + 48),
        let count = Int(exactly: count), let size = Int(exactly: size),
        let offset = Int(exactly: offset)
      {
        zip64 = true
        announced = count
        centralSize = size
        centralOffset = offset
        recordsStart = record
      }
    }
    let end = min(range.end, endRecord + 22 + Int(commentLength))
    var directory = ZipDirectory(
      base: range.start,
      central: ByteRange(start: recordsStart, count: 0),
      endRecord: endRecord,
      end: end,
      zip64: zip64,
      announcedEntries: announced
    )
    // Python's rule: the directory ends where the end records start; data prepended to the
    // archive shifts every offset by the same amount.
    let centralStart = recordsStart - centralSize
    guard centralSize >= 0, centralStart >= range.start, centralStart - centralOffset >= range.start
    else {
      directory.problems.append(
        "central directory of \(centralSize) bytes at offset \(centralOffset) does not fit before "
          + "the end record at \(endRecord - range.start)"
      )
      return directory
    }
    directory.base = centralStart - centralOffset
    directory.central = ByteRange(start: centralStart, count: centralSize)
    directory.readEntries(cursor, input, maxEntries: maxEntries, archive: range)
    return directory
  }

  private mutating func readEntries(
    _ cursor: ByteCursor,
    _ input: InputBytes,
    maxEntries: Int,
    archive: ByteRange
  ) {
    var position = central.start
    while position + 46 <= central.end {
      guard entries.count < maxEntries else {
        truncatedListing = true
        return
      }
      guard cursor.matches(Self.centralSignature, at: position),
        let flags = cursor.uint16(at: position + 8), let method = cursor.uint16(at: position + 10),
        let crc = cursor.uint32(at: position + 16),
        let compressed = cursor.uint32(at: position + 20),
        let uncompressed = cursor.uint32(at: position + 24),
        let nameLength = cursor.uint16(at: position + 28),
        let extraLength = cursor.uint16(at: position + 30),
        let commentLength = cursor.uint16(at: position + 32),
        let localOffset = cursor.uint32(at: position + 42)
      else {
        problems.append("no central directory record at \(position - base)")
        return
      }
      let nameRange = ByteRange(start: position + 46, count: Int(nameLength))
      let extraRange = ByteRange(start: nameRange.end, count: Int(extraLength))
      let next = extraRange.end + Int(commentLength)
      guard next <= central.end else {
        problems.append("central directory record at \(position - base) runs past the directory")
        return
      }
      let nameBytes = cursor.copy(nameRange)
      var entry = ZipEntry(
        name: String(decoding: nameBytes, as: UTF8.self),
        nameBytes: nameBytes,
        flags: flags,
        method: method,
        crc: crc,
        compressedSize: Int(compressed),
        uncompressedSize: Int(uncompressed),
        headerOffset: base + Int(localOffset),
        extentEnd: base + Int(localOffset)
      )
      applyZip64Extra(cursor, extraRange, to: &entry, compressed, uncompressed, localOffset)
      entry.attachLocalHeader(input, archive: archive)
      entries.append(entry)
      position = next
    }
    if position < central.end {
      problems.append("\(central.end - position) stray bytes at the end of the central directory")
    }
  }

  /// Reads the zip64 extra field (id 1): the 64-bit values of whichever 32-bit fields are
  /// saturated, in the order uncompressed size, compressed size, offset.
  private func applyZip64Extra(
    _ cursor: ByteCursor,
    _ extra: ByteRange,
    to entry: inout ZipEntry,
    _ compressed: UInt32,
    _ uncompressed: UInt32,
    _ localOffset: UInt32
  ) {
    var position = extra.start
    while position + 4 <= extra.end {
      guard let id = cursor.uint16(at: position), let length = cursor.uint16(at: position + 2)
      else { return }
      let body = ByteRange(start: position + 4, count: Int(length))
      guard body.end <= extra.end else { return }
      if id == 0x0001 {
        entry.zip64 = true
        var field = body.start
        func next() -> Int? {
          guard field + 8 <= body.end, let value = cursor.uint64(at: field) else { return nil }
          field += 8
          return Int(exactly: value)
        }
        if uncompressed == .max, let value = next() { entry.uncompressedSize = value }
        if compressed == .max, let value = next() { entry.compressedSize = value }
        if localOffset == .max, let value = next(), value <= Int.max - base {
          entry.headerOffset = base + value
          entry.extentEnd = entry.headerOffset
        }
      }
      position = body.end
    }
  }
}
