import PickleCore

/// One 512-byte tar header: ustar, GNU and v7 layouts.
struct TarHeader {
  /// Member name (ustar prefix joined).
  var name: String
  /// The type flag byte (`0`, `5`, `L`, `x` …).
  var type: UInt8
  /// Data bytes that follow the header.
  var size: Int
  /// Target of a link.
  var linkName: String

  /// True when the header checksum matches, counted unsigned or signed as Python accepts.
  static func checksumMatches(_ cursor: ByteCursor, at offset: Int) -> Bool {
    guard offset >= 0, offset + 512 <= cursor.end,
      let stored = octal(cursor, ByteRange(start: offset + 148, count: 8))
    else { return false }
    var unsigned = 0
    var signed = 0
    for index in 0..<512 {
      let byte = (148..<156).contains(index) ? 0x20 : cursor.byte(at: offset + index)
      unsigned += Int(byte)
      signed += Int(Int8(bitPattern: byte))
    }
    return stored == unsigned || stored == signed
  }

  /// Reads the header at `offset`; nil when the checksum or size field is broken.
  static func read(_ cursor: ByteCursor, at offset: Int) -> TarHeader? {
    guard checksumMatches(cursor, at: offset), let type = cursor.uint8(at: offset + 156),
      let size = number(cursor, ByteRange(start: offset + 124, count: 12))
    else { return nil }
    var name = text(cursor, ByteRange(start: offset, count: 100))
    if cursor.matches(Array("ustar\0".utf8), at: offset + 257) {
      let prefix = text(cursor, ByteRange(start: offset + 345, count: 155))
      if !prefix.isEmpty { name = prefix + "/" + name }
    }
    let linkName = text(cursor, ByteRange(start: offset + 157, count: 100))
    return TarHeader(name: name, type: type, size: size, linkName: linkName)
  }

  /// True when the 512 bytes at `offset` are all zero (the end-of-archive marker).
  static func isZeroBlock(_ cursor: ByteCursor, at offset: Int) -> Bool {
    guard offset + 512 <= cursor.end else { return false }
    for index in 0..<512 where cursor.byte(at: offset + index) != 0 { return false }
    return true
  }

  /// A NUL-terminated field as UTF-8 (lossy).
  static func text(_ cursor: ByteCursor, _ field: ByteRange) -> String {
    let raw = cursor.copy(field)
    return String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
  }

  /// An octal field, or GNU base-256 when its first byte has the high bit set.
  static func number(_ cursor: ByteCursor, _ field: ByteRange) -> Int? {
    let raw = cursor.copy(field)
    guard let first = raw.first else { return nil }
    if first & 0x80 != 0 {
      guard first == 0x80 else { return nil }  // negative base-256 sizes are refused
      var value = 0
      for byte in raw.dropFirst() {
        let (shifted, overflow) = value.multipliedReportingOverflow(by: 256)
        guard !overflow else { return nil }
        value = shifted + Int(byte)
      }
      return value
    }
    return octal(cursor, field)
  }

  private static func octal(_ cursor: ByteCursor, _ field: ByteRange) -> Int? {
    let raw = cursor.copy(field)
    let digits = raw.drop { $0 == 0x20 || $0 == 0 }.prefix { $0 >= 0x30 && $0 <= 0x37 }
    let rest = raw.drop { $0 == 0x20 || $0 == 0 }.dropFirst(digits.count)
    guard rest.allSatisfy({ $0 == 0 || $0 == 0x20 }) else { return nil }
    if digits.isEmpty { return raw.allSatisfy { $0 == 0 || $0 == 0x20 } ? 0 : nil }
    var value = 0
    for digit in digits {
      guard value < Int.max >> 3 else { return nil }
      value = value << 3 + Int(digit - 0x30)
    }
    return value
  }
}
