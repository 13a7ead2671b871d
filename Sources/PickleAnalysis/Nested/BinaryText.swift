import PickleCore

/// Decoders of binary-as-text encodings, as `base64`/`binascii` apply them to literal payloads.
enum BinaryText {
  enum Alphabet { case standard, urlSafe }

  /// `base64.b64decode(data)` with `validate=False`: characters outside the alphabet are dropped.
  static func base64(_ input: [UInt8], alphabet: Alphabet) -> [UInt8]? {
    var out: [UInt8] = []
    out.reserveCapacity(input.count * 3 / 4)
    var accumulator: UInt32 = 0
    var bits = 0
    var sawPad = false
    for byte in input {
      let value: UInt32
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = UInt32(byte - UInt8(ascii: "A"))
      case UInt8(ascii: "a")...UInt8(ascii: "z"): value = UInt32(byte - UInt8(ascii: "a") + 26)
      case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt32(byte - UInt8(ascii: "0") + 52)
      case UInt8(ascii: "+") where alphabet == .standard,
        UInt8(ascii: "-") where alphabet == .urlSafe:
        value = 62
      case UInt8(ascii: "/") where alphabet == .standard,
        UInt8(ascii: "_") where alphabet == .urlSafe:
        value = 63
      case UInt8(ascii: "="):
        sawPad = true
        continue
      default:
        continue
      }
      if sawPad { break }
      accumulator = accumulator << 6 | value
      bits += 6
      if bits >= 8 {
        bits -= 8
        out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
      }
    }
    return bits >= 6 ? nil : out
  }

  /// Hex digits (`bytes.fromhex` also skips spaces); `nil` for an odd count or a non-digit.
  static func hex(_ input: [UInt8], skipSpaces: Bool) -> [UInt8]? {
    var out: [UInt8] = []
    var high: UInt8?
    for byte in input {
      if skipSpaces, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { continue }
      guard let digit = hexDigit(byte) else { return nil }
      if let h = high {
        out.append(h << 4 | UInt8(digit))
        high = nil
      } else {
        high = UInt8(digit)
      }
    }
    return high == nil ? out : nil
  }

  static func hexDigit(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
  }

  /// `base64.b32decode`.
  static func base32(_ input: [UInt8]) -> [UInt8]? {
    var out: [UInt8] = []
    var accumulator: UInt64 = 0
    var bits = 0
    for byte in input {
      let value: UInt64
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = UInt64(byte - UInt8(ascii: "A"))
      case UInt8(ascii: "2")...UInt8(ascii: "7"): value = UInt64(byte - UInt8(ascii: "2") + 26)
      case UInt8(ascii: "="): continue
      default: return nil
      }
      accumulator = accumulator << 5 | value
      bits += 5
      if bits >= 8 {
        bits -= 8
        out.append(UInt8(truncatingIfNeeded: accumulator >> UInt64(bits)))
      }
    }
    return out
  }

  /// `base64.b85decode` (RFC 1924 alphabet).
  static func base85(_ input: [UInt8]) -> [UInt8]? {
    let alphabet = Array(
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~".utf8
    )
    var table = [Int](repeating: -1, count: 256)
    for (index, byte) in alphabet.enumerated() { table[Int(byte)] = index }
    return decode85(input, digit: { table[Int($0)] }, zShortcut: false)
  }

  /// `base64.a85decode` (Ascii85, `<~ ~>` framing optional, `z` for four zero bytes).
  static func ascii85(_ input: [UInt8]) -> [UInt8]? {
    var body = input
    if body.starts(with: Array("<~".utf8)) { body.removeFirst(2) }
    if body.count >= 2, body.suffix(2) == Array("~>".utf8)[...] { body.removeLast(2) }
    body.removeAll { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
    return decode85(body, digit: { $0 >= 33 && $0 <= 117 ? Int($0) - 33 : -1 }, zShortcut: true)
  }

  private static func decode85(_ input: [UInt8], digit: (UInt8) -> Int, zShortcut: Bool) -> [UInt8]?
  {
    var out: [UInt8] = []
    var group: [Int] = []
    for byte in input {
      if zShortcut, byte == UInt8(ascii: "z"), group.isEmpty {
        out += [0, 0, 0, 0]
        continue
      }
      let value = digit(byte)
      guard value >= 0 else { return nil }
      group.append(value)
      if group.count == 5 {
        guard let word = word85(group) else { return nil }
        out += [
          UInt8(word >> 24), UInt8(word >> 16 & 0xFF), UInt8(word >> 8 & 0xFF), UInt8(word & 0xFF),
        ]
        group.removeAll()
      }
    }
    if !group.isEmpty {
      let missing = 5 - group.count
      guard missing < 4 else { return nil }
      group += repeatElement(84, count: missing)
      guard let word = word85(group) else { return nil }
      let bytes = [
        UInt8(word >> 24), UInt8(word >> 16 & 0xFF), UInt8(word >> 8 & 0xFF), UInt8(word & 0xFF),
      ]
      out += bytes.prefix(4 - missing)
    }
    return out
  }

  private static func word85(_ group: [Int]) -> UInt32? {
    var value: UInt64 = 0
    for digit in group { value = value * 85 + UInt64(digit) }
    return UInt32(exactly: value)
  }
}

/// UTF-8 decoding with CPython's strictness, as a Swift string.
enum PythonTextBridge {
  static func utf8(_ bytes: [UInt8]) -> String? {
    PythonText.decodeUTF8(bytes).map(PythonText.string)
  }
}
