/// Decoders for the text payloads of pickle opcodes, with CPython's exact rules.
///
/// Python `str` values become arrays of code points, since a `str` may hold lone surrogates
/// (`surrogatepass`, `\ud800` escapes) that Swift's `String` cannot.
public enum PythonText {
  /// UTF-8 with `surrogatepass` (BINUNICODE family); `nil` where CPython raises.
  public static func decodeUTF8<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> [UInt32]? {
    var result: [UInt32] = []
    result.reserveCapacity(bytes.count)
    var index = bytes.startIndex
    func next() -> UInt32? {
      guard index != bytes.endIndex else { return nil }
      let byte = bytes[index]
      guard byte & 0xC0 == 0x80 else { return nil }
      bytes.formIndex(after: &index)
      return UInt32(byte & 0x3F)
    }
    while index != bytes.endIndex {
      let lead = bytes[index]
      bytes.formIndex(after: &index)
      if lead < 0x80 {
        result.append(UInt32(lead))
        continue
      }
      let point: UInt32
      switch lead {
      case 0xC2...0xDF:
        guard let b1 = next() else { return nil }
        point = UInt32(lead & 0x1F) << 6 | b1
      case 0xE0...0xEF:
        guard let b1 = next(), let b2 = next() else { return nil }
        point = UInt32(lead & 0x0F) << 12 | b1 << 6 | b2
        guard point >= 0x800 else { return nil }
      case 0xF0...0xF4:
        guard let b1 = next(), let b2 = next(), let b3 = next() else { return nil }
        point = UInt32(lead & 0x07) << 18 | b1 << 12 | b2 << 6 | b3
        guard point >= 0x10000, point <= 0x10FFFF else { return nil }
      default:
        return nil
      }
      result.append(point)
    }
    return result
  }

  /// True when `bytes` decode under ``decodeUTF8(_:)``; fast for ASCII.
  public static func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
    let ascii = unsafe !bytes.contains { $0 >= 0x80 }
    return unsafe (ascii || decodeUTF8(bytes) != nil)
  }

  /// Failures of the escape decoders, named as CPython's messages.
  public enum EscapeFailure: Error, Equatable {
    /// `\x` not followed by two hex digits, or a truncated `\u`/`\U` escape.
    case truncatedEscape(at: Int)
    /// `\U` beyond U+10FFFF.
    case outOfRange(at: Int)
    /// A backslash as the last byte.
    case trailingBackslash
  }

  /// `raw-unicode-escape` (UNICODE): latin-1, except `\uXXXX` and `\UXXXXXXXX` after an odd
  /// run of backslashes.
  public static func decodeRawUnicodeEscape<Bytes: Collection<UInt8>>(_ bytes: Bytes)
    -> Result<[UInt32], EscapeFailure>
  {
    let s = Array(bytes)
    var result: [UInt32] = []
    result.reserveCapacity(s.count)
    var index = 0
    while index < s.count {
      guard s[index] == UInt8(ascii: "\\") else {
        result.append(UInt32(s[index]))
        index += 1
        continue
      }
      var run = 0
      while index + run < s.count, s[index + run] == UInt8(ascii: "\\") { run += 1 }
      let after = index + run
      let escapes =
        run % 2 == 1 && after < s.count
        && (s[after] == UInt8(ascii: "u") || s[after] == UInt8(ascii: "U"))
      let literal = escapes ? run - 1 : run
      result.append(contentsOf: repeatElement(UInt32(UInt8(ascii: "\\")), count: literal))
      index += literal
      guard escapes else { continue }
      let width = s[after] == UInt8(ascii: "u") ? 4 : 8
      let digitsStart = after + 1
      guard digitsStart + width <= s.count else { return .failure(.truncatedEscape(at: index)) }
      var point: UInt32 = 0
      for position in digitsStart..<(digitsStart + width) {
        guard let digit = PythonNumberText.digitValue(s[position]), digit < 16 else {
          return .failure(.truncatedEscape(at: index))
        }
        point = point << 4 | digit
      }
      guard point <= 0x10FFFF else { return .failure(.outOfRange(at: index)) }
      result.append(point)
      index = digitsStart + width
    }
    return .success(result)
  }

  /// `PyBytes_DecodeEscape` (STRING, `codecs.escape_decode`): the bytes between the quotes.
  public static func decodeEscapes<Bytes: Collection<UInt8>>(_ bytes: Bytes)
    -> Result<[UInt8], EscapeFailure>
  {
    let s = Array(bytes)
    var result: [UInt8] = []
    result.reserveCapacity(s.count)
    var index = 0
    while index < s.count {
      let byte = s[index]
      index += 1
      guard byte == UInt8(ascii: "\\") else {
        result.append(byte)
        continue
      }
      guard index < s.count else { return .failure(.trailingBackslash) }
      let escape = s[index]
      index += 1
      switch escape {
      case UInt8(ascii: "\n"): break
      case UInt8(ascii: "\\"): result.append(UInt8(ascii: "\\"))
      case UInt8(ascii: "'"): result.append(UInt8(ascii: "'"))
      case UInt8(ascii: "\""): result.append(UInt8(ascii: "\""))
      case UInt8(ascii: "b"): result.append(0x08)
      case UInt8(ascii: "f"): result.append(0x0C)
      case UInt8(ascii: "t"): result.append(0x09)
      case UInt8(ascii: "n"): result.append(0x0A)
      case UInt8(ascii: "r"): result.append(0x0D)
      case UInt8(ascii: "v"): result.append(0x0B)
      case UInt8(ascii: "a"): result.append(0x07)
      case UInt8(ascii: "0")...UInt8(ascii: "7"):
        var value = UInt32(escape - UInt8(ascii: "0"))
        for _ in 0..<2 {
          guard index < s.count, s[index] >= UInt8(ascii: "0"), s[index] <= UInt8(ascii: "7")
          else { break }
          value = value * 8 + UInt32(s[index] - UInt8(ascii: "0"))
          index += 1
        }
        result.append(UInt8(truncatingIfNeeded: value))
      case UInt8(ascii: "x"):
        guard index + 1 < s.count,
          let high = PythonNumberText.digitValue(s[index]), high < 16,
          let low = PythonNumberText.digitValue(s[index + 1]), low < 16
        else { return .failure(.truncatedEscape(at: index - 2)) }
        result.append(UInt8(high << 4 | low))
        index += 2
      default:
        // Unknown escapes stay as written (CPython only warns).
        result.append(UInt8(ascii: "\\"))
        result.append(escape)
      }
    }
    return .success(result)
  }

  /// Code points as a Swift string, lone surrogates replaced by U+FFFD.
  public static func string(_ codePoints: [UInt32]) -> String {
    var text = String.UnicodeScalarView()
    for point in codePoints { text.append(Unicode.Scalar(point) ?? "\u{FFFD}") }
    return String(text)
  }
}
