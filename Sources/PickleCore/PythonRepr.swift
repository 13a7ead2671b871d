/// Python's `repr()` for the values pickle arguments hold, so our disassembly diffs cleanly
/// against `python -m pickletools`.
public enum PythonRepr {
  /// `repr(str)` of code points.
  public static func string(_ codePoints: [UInt32]) -> String {
    let hasSingle = codePoints.contains(0x27)
    let hasDouble = codePoints.contains(0x22)
    let quote: UInt32 = hasSingle && !hasDouble ? 0x22 : 0x27
    var out = String(Unicode.Scalar(UInt8(quote)))
    for point in codePoints {
      switch point {
      case quote, 0x5C: out += "\\" + String(Unicode.Scalar(UInt8(point)))
      case 0x09: out += "\\t"
      case 0x0A: out += "\\n"
      case 0x0D: out += "\\r"
      case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(UInt8(point)))
      default:
        if point >= 0x80, let scalar = Unicode.Scalar(point), isPrintable(scalar) {
          out.unicodeScalars.append(scalar)
        } else if point < 0x100 {
          out += "\\x" + hexDigits(point, width: 2)
        } else if point < 0x10000 {
          out += "\\u" + hexDigits(point, width: 4)
        } else {
          out += "\\U" + hexDigits(point, width: 8)
        }
      }
    }
    out.unicodeScalars.append(Unicode.Scalar(UInt8(quote)))
    return out
  }

  /// `repr(bytes)`, or `bytearray(b'...')` when `bytearray` is set.
  public static func bytes<Bytes: Collection<UInt8>>(_ bytes: Bytes, bytearray: Bool = false)
    -> String
  {
    let hasSingle = bytes.contains(0x27)
    let hasDouble = bytes.contains(0x22)
    let quote: UInt8 = hasSingle && !hasDouble ? 0x22 : 0x27
    var out = "b" + String(Unicode.Scalar(quote))
    for byte in bytes {
      switch byte {
      case quote, 0x5C: out += "\\" + String(Unicode.Scalar(byte))
      case 0x09: out += "\\t"
      case 0x0A: out += "\\n"
      case 0x0D: out += "\\r"
      case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(byte))
      default: out += "\\x" + hexDigits(UInt32(byte), width: 2)
      }
    }
    out.unicodeScalars.append(Unicode.Scalar(quote))
    return bytearray ? "bytearray(\(out))" : out
  }

  /// `repr(float)`: shortest round-trip digits, fixed notation for exponents -4 to 15.
  public static func float(_ value: Double) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    let (negative, digits, exponent) = shortestDigits(value)
    var out = negative ? "-" : ""
    // `exponent` is the position of the decimal point relative to the first digit.
    let decimalExponent = exponent - 1
    if decimalExponent >= -4 && decimalExponent < 16 {
      if exponent <= 0 {
        out += "0." + String(repeating: "0", count: -exponent) + digits
      } else if exponent >= digits.count {
        out += digits + String(repeating: "0", count: exponent - digits.count) + ".0"
      } else {
        let split = digits.index(digits.startIndex, offsetBy: exponent)
        out += digits[..<split] + "." + digits[split...]
      }
    } else {
      let first = digits.prefix(1)
      let rest = digits.dropFirst()
      out += first + (rest.isEmpty ? "" : "." + rest)
      out += "e" + (decimalExponent < 0 ? "-" : "+")
      let magnitude = String(abs(decimalExponent))
      out += (magnitude.count < 2 ? "0" : "") + magnitude
    }
    return out
  }

  /// Shortest digits of `value` (no leading or trailing zeros) and the decimal point position.
  static func shortestDigits(_ value: Double) -> (negative: Bool, digits: String, pointAt: Int) {
    // Swift's description already prints the shortest round-trip digits; only the layout differs.
    var text = value.magnitude.description
    var exponent = 0
    if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
      exponent = Int(text[text.index(after: e)...]) ?? 0
      text = String(text[..<e])
    }
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    let integer = String(parts[0])
    let fraction = parts.count > 1 ? String(parts[1]) : ""
    var digits = integer + fraction
    var pointAt = integer.count + exponent
    while digits.first == "0" && digits.count > 1 {
      digits.removeFirst()
      pointAt -= 1
    }
    while digits.last == "0" && digits.count > 1 { digits.removeLast() }
    if digits == "0" { pointAt = 1 }
    return (value.sign == .minus, digits, pointAt)
  }

  /// `str.isprintable()` for one non-ASCII scalar.
  static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator,
      .paragraphSeparator, .spaceSeparator:
      false
    default:
      true
    }
  }

  static func hexDigits(_ value: UInt32, width: Int) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
  }
}
