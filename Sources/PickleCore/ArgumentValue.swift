/// The Python value of an opcode argument, decoded from the input for display and analysis.
public enum ArgumentValue: Sendable, Equatable {
  case none
  case bool(Bool)
  case int(PyInt)
  case float(Double)
  /// A `str`, as code points (it may hold lone surrogates).
  case text([UInt32])
  case bytes([UInt8])
  case bytearray([UInt8])

  /// Decodes `instruction`'s argument as pickletools shows it (GLOBAL as `"module name"`).
  ///
  /// - Parameters:
  ///   - instruction: The instruction whose argument to decode.
  ///   - bytes: The input the instruction was read from.
  ///   - maxBytes: Payloads longer than this are cut, so huge arguments stay cheap.
  /// - Returns: The Python value.
  public static func of(
    _ instruction: Instruction,
    in bytes: UnsafeRawBufferPointer,
    maxBytes: Int = .max
  ) -> ArgumentValue {
    let cursor = unsafe ByteCursor(bytes)
    func raw(_ range: ByteRange) -> [UInt8] {
      let shown = ByteRange(start: range.start, count: min(range.count, maxBytes))
      return unsafe cursor.withBytes(shown) { unsafe Array($0) }
    }
    switch instruction.argument {
    case .none: return .none
    case .int(let value): return .int(PyInt(value))
    case .uint(let value):
      var result = PyInt(Int64(value >> 32))
      result.multiplyAdd(1 << 16, UInt32(value >> 16 & 0xFFFF))
      result.multiplyAdd(1 << 16, UInt32(value & 0xFFFF))
      return .int(result)
    case .bool(let value): return .bool(value)
    case .bigInt(let line):
      let text = raw(line)
      let parsed =
        instruction.opcode == .int
        ? PythonNumberText.parseINT(text).0 : PythonNumberText.parseLONG(text).0
      switch parsed {
      case .success(.big(let value)): return .int(value)
      case .success(.int(let value)): return .int(PyInt(value))
      case .success(.bool(let value)): return .bool(value)
      case .failure: return .none
      }
    case .long(let range): return .int(PyInt(twosComplementLittleEndian: raw(range)))
    case .float(let value): return .float(value)
    case .pair(let module, let name):
      let text = raw(module) + [0x20] + raw(name)
      return .text(PythonText.decodeUTF8(text) ?? text.map(UInt32.init))
    case .data(let range):
      let payload = raw(range)
      switch PayloadEncoding.of(instruction.opcode) {
      case .utf8?: return .text(PythonText.decodeUTF8(payload) ?? payload.map(UInt32.init))
      case .rawUnicodeEscape?:
        return .text((try? PythonText.decodeRawUnicodeEscape(payload).get()) ?? [])
      case .escapedString?:
        return .text(((try? PythonText.decodeEscapes(payload).get()) ?? payload).map(UInt32.init))
      case .rawString?, .asciiLine?: return .text(payload.map(UInt32.init))
      case .bytearray?: return .bytearray(payload)
      case .bytes?, nil: return .bytes(payload)
      }
    }
  }

  /// Python's `repr()` of the value.
  public var pythonRepr: String {
    switch self {
    case .none: "None"
    case .bool(let value): value ? "True" : "False"
    case .int(let value): value.description
    case .float(let value): PythonRepr.float(value)
    case .text(let points): PythonRepr.string(points)
    case .bytes(let bytes): PythonRepr.bytes(bytes)
    case .bytearray(let bytes): PythonRepr.bytes(bytes, bytearray: true)
    }
  }

  /// The value as JSON, in the encoding documented in `Corpus/protocols/README.md`.
  public var json: String {
    switch self {
    case .none: "null"
    case .bool(let value): value ? "true" : "false"
    case .int(let value): value.description
    case .float(let value):
      value.isNaN
        ? #"{"float":"nan"}"#
        : value.isInfinite
          ? (value < 0 ? #"{"float":"-inf"}"# : #"{"float":"inf"}"#) : PythonRepr.float(value)
    case .text(let points): JSONText.quoted(codePoints: points)
    case .bytes(let bytes): #"{"bytes":""# + JSONText.hex(bytes) + #""}"#
    case .bytearray(let bytes): #"{"bytearray":""# + JSONText.hex(bytes) + #""}"#
    }
  }
}

/// JSON text pieces written the way Python's `json.dumps(ensure_ascii=True)` writes them.
public enum JSONText {
  /// A JSON string literal with every non-ASCII code point as `\uXXXX` (UTF-16 units).
  public static func quoted(codePoints: [UInt32]) -> String {
    var out: [UInt8] = [0x22]
    out.reserveCapacity(codePoints.count + 2)
    func escape(_ point: UInt32) {
      out += Array(("\\u" + PythonRepr.hexDigits(point, width: 4)).utf8)
    }
    for point in codePoints {
      switch point {
      case 0x22: out += [0x5C, 0x22]
      case 0x5C: out += [0x5C, 0x5C]
      case 0x0A: out += [0x5C, 0x6E]
      case 0x0D: out += [0x5C, 0x72]
      case 0x09: out += [0x5C, 0x74]
      case 0x08: out += [0x5C, 0x62]
      case 0x0C: out += [0x5C, 0x66]
      case 0x20..<0x7F: out.append(UInt8(point))
      case 0x10000...:
        let value = point - 0x10000
        escape(0xD800 + (value >> 10))
        escape(0xDC00 + (value & 0x3FF))
      default: escape(point)
      }
    }
    out.append(0x22)
    return String(decoding: out, as: UTF8.self)
  }

  /// A JSON string literal of a Swift string.
  public static func quoted(_ text: String) -> String {
    if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }) {
      return "\"" + text + "\""
    }
    return quoted(codePoints: text.unicodeScalars.map(\.value))
  }

  /// Lowercase hex of `bytes`.
  public static func hex<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    for byte in bytes {
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
  }
}
