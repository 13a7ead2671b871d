/// Walks a pickle opcode by opcode, decoding arguments the way CPython's C unpickler does.
///
/// The reader never allocates per opcode for fixed-width arguments and never copies a large
/// argument: text and bytes come back as ``ByteRange``s into the input. It stops at the end of
/// its range, not at `STOP`, so callers see every pickle in a file.
public struct OpcodeReader {
  /// The cursor; `position` is the offset of the next opcode.
  public private(set) var cursor: ByteCursor
  private let kinds: [ArgumentKind?]
  private var frameEnd: Int?

  /// A reader over `bytes[start..<end]`.
  public init(_ bytes: UnsafeRawBufferPointer, start: Int = 0, end: Int? = nil) {
    unsafe cursor = ByteCursor(bytes, start: start, end: end)
    kinds = OpcodeTable.byByte.map { $0?.argument }
  }

  /// Offset of the next opcode.
  public var position: Int { cursor.position }
  /// True when every byte of the range has been read.
  public var isAtEnd: Bool { cursor.remaining == 0 }

  /// Moves to `offset`, for example past raw data that a container format puts between opcodes.
  public mutating func seek(to offset: Int) {
    precondition(offset >= cursor.position && offset <= cursor.end, "seek outside the range")
    cursor.position = offset
    frameEnd = nil
  }

  /// The next instruction, or `nil` at the end of the range.
  ///
  /// - Throws: ``ReadError`` for bytes the C unpickler would refuse; the cursor stays at the
  ///   failing opcode.
  public mutating func next() throws(ReadError) -> Instruction? {
    let start = cursor.position
    guard let byte = cursor.readUInt8() else { return nil }
    guard let kind = kinds[Int(byte)], let opcode = Opcode(rawValue: byte) else {
      cursor.position = start
      throw ReadError(.unknownOpcode, "unknown opcode 0x\(hex(byte))", at: start)
    }
    var differential: Differential?
    let argument: OpcodeArgument
    do {
      argument = try readArgument(kind, of: opcode, at: start, differential: &differential)
    } catch {
      cursor.position = start
      throw error
    }
    if let end = frameEnd {
      if start >= end {
        frameEnd = nil
      } else if cursor.position > end, differential == nil {
        differential = .frameOverrun(frameEnd: end)
      }
    }
    if opcode == .frame, case .uint(let length) = argument {
      if let end = frameEnd, end > start, differential == nil {
        differential = .frameInsideFrame(previousEnd: end)
      }
      frameEnd = cursor.position + Int(length)
    }
    return Instruction(
      offset: start,
      opcode: opcode,
      argument: argument,
      end: cursor.position,
      differential: differential
    )
  }

  private mutating func readArgument(
    _ kind: ArgumentKind,
    of opcode: Opcode,
    at start: Int,
    differential: inout Differential?
  ) throws(ReadError) -> OpcodeArgument {
    var name: String { OpcodeTable.info(opcode).name }  // only error paths need it
    func truncated() -> ReadError {
      ReadError(.truncated, "\(name) argument runs past the end of the input", at: start)
    }
    switch kind {
    case .none:
      return .none
    case .uint1:
      guard let value = cursor.readUInt8() else { throw truncated() }
      return .int(Int64(value))
    case .uint2:
      guard let value = cursor.readUInt16LE() else { throw truncated() }
      return .int(Int64(value))
    case .int4:
      guard let value = cursor.readUInt32LE() else { throw truncated() }
      return .int(Int64(Int32(bitPattern: value)))
    case .uint4:
      guard let value = cursor.readUInt32LE() else { throw truncated() }
      return .int(Int64(value))
    case .uint8:
      guard let value = cursor.readUInt64LE() else { throw truncated() }
      guard let length = Int(exactly: value), length <= cursor.remaining else {
        throw ReadError(
          .lengthOutOfRange,
          "\(name) claims \(value) bytes but \(cursor.remaining) remain",
          at: start
        )
      }
      return .uint(value)
    case .float8:
      guard let value = cursor.readFloat64BE() else { throw truncated() }
      return .float(value)
    case .decimalnlShort, .decimalnlLong, .floatnl:
      let line = try readLineBytes(name, at: start)
      return try parseTextNumber(opcode, line, name, at: start, differential: &differential)
    case .stringnl:
      let line = try readLine(name, at: start)
      return try readQuotedString(line, name, at: start, differential: &differential)
    case .stringnlNoescape:
      let line = try readLine(name, at: start)
      let ascii = unsafe cursor.withBytes(line) { bytes in unsafe bytes.allSatisfy { $0 < 0x80 } }
      guard ascii else {
        throw ReadError(.invalidText, "\(name) argument is not ASCII", at: start)
      }
      return .data(line)
    case .stringnlNoescapePair:
      let module = try readLine(name, at: start)
      let qualname = try readLine(name, at: start)
      for line in [module, qualname] {
        guard unsafe cursor.withBytes(line, { bytes in unsafe PythonText.isValidUTF8(bytes) })
        else {
          throw ReadError(.invalidText, "\(name) name is not valid UTF-8", at: start)
        }
        if unsafe cursor.withBytes(line, { bytes in unsafe bytes.contains(UInt8(ascii: "\\")) }) {
          differential = .escapedGlobalName
        }
      }
      return .pair(module, qualname)
    case .string1, .bytes1, .unicodestring1, .long1:
      guard let length = cursor.readUInt8() else { throw truncated() }
      return try readPayload(
        kind,
        length: UInt64(length),
        name,
        at: start,
        differential: &differential
      )
    case .string4, .long4:
      guard let raw = cursor.readUInt32LE() else { throw truncated() }
      let length = Int32(bitPattern: raw)
      guard length >= 0 else {
        throw ReadError(.negativeLength, "\(name) has negative byte count \(length)", at: start)
      }
      return try readPayload(
        kind,
        length: UInt64(length),
        name,
        at: start,
        differential: &differential
      )
    case .bytes4, .unicodestring4:
      guard let length = cursor.readUInt32LE() else { throw truncated() }
      return try readPayload(
        kind,
        length: UInt64(length),
        name,
        at: start,
        differential: &differential
      )
    case .bytes8, .bytearray8, .unicodestring8:
      guard let length = cursor.readUInt64LE() else { throw truncated() }
      return try readPayload(kind, length: length, name, at: start, differential: &differential)
    case .unicodestringnl:
      let line = try readLine(name, at: start)
      let decoded = unsafe cursor.withBytes(line) { bytes in
        unsafe PythonText.decodeRawUnicodeEscape(bytes)
      }
      guard case .success = decoded else {
        throw ReadError(.invalidText, "\(name) has a malformed \\u escape", at: start)
      }
      return .data(line)
    }
  }

  private mutating func readPayload(
    _ kind: ArgumentKind,
    length: UInt64,
    _ name: String,
    at start: Int,
    differential: inout Differential?
  ) throws(ReadError) -> OpcodeArgument {
    guard let count = Int(exactly: length), let range = cursor.readRange(count) else {
      throw ReadError(
        .lengthOutOfRange,
        "\(name) claims \(length) bytes but \(cursor.remaining) remain",
        at: start
      )
    }
    switch kind {
    case .long1, .long4:
      return .long(range)
    case .unicodestring1, .unicodestring4, .unicodestring8:
      guard unsafe cursor.withBytes(range, { bytes in unsafe PythonText.isValidUTF8(bytes) }) else {
        throw ReadError(.invalidText, "\(name) is not valid UTF-8", at: start)
      }
    case .string1, .string4:
      if unsafe cursor.withBytes(range, { bytes in unsafe bytes.contains { $0 >= 0x80 } }) {
        differential = .nonASCIIString
      }
    default:
      break
    }
    return .data(range)
  }

  private mutating func readLine(_ name: String, at start: Int) throws(ReadError) -> ByteRange {
    guard let line = cursor.readLine() else {
      throw ReadError(.missingNewline, "\(name) argument has no terminating newline", at: start)
    }
    return line
  }

  /// Numbers are parsed from a copy; CPython itself refuses lines longer than this.
  private static let maxNumberLine = 64 * 1024

  private mutating func readLineBytes(_ name: String, at start: Int) throws(ReadError) -> [UInt8] {
    let line = try readLine(name, at: start)
    guard line.count <= Self.maxNumberLine else {
      throw ReadError(.invalidNumber, "\(name) number is \(line.count) bytes long", at: start)
    }
    return unsafe cursor.withBytes(line) { bytes in unsafe Array(bytes) }
  }

  private func parseTextNumber(
    _ opcode: Opcode,
    _ line: [UInt8],
    _ name: String,
    at start: Int,
    differential: inout Differential?
  ) throws(ReadError) -> OpcodeArgument {
    func invalid(_ detail: String) -> ReadError {
      ReadError(.invalidNumber, "\(name) \(detail): \(quoted(line))", at: start)
    }
    switch opcode {
    case .int, .long:
      let (result, note) =
        opcode == .int ? PythonNumberText.parseINT(line) : PythonNumberText.parseLONG(line)
      differential = note
      switch result {
      case .success(let value): return value
      case .failure(.tooLong): throw invalid("has more digits than CPython converts")
      case .failure(.invalid): throw invalid("is not an integer")
      }
    case .get, .put:
      guard let key = PythonNumberText.parseMemoKey(line) else {
        throw invalid("is not a memo key")
      }
      if opcode == .put, key < 0 { throw invalid("is negative") }
      return .int(key)
    default:
      let (value, note) = PythonNumberText.parseFLOAT(line)
      differential = note
      guard let value else { throw invalid("is not a float") }
      return .float(value)
    }
  }

  private func readQuotedString(
    _ line: ByteRange,
    _ name: String,
    at start: Int,
    differential: inout Differential?
  ) throws(ReadError) -> OpcodeArgument {
    let first = line.count > 0 ? cursor.byte(at: line.start) : 0
    let last = line.count > 0 ? cursor.byte(at: line.end - 1) : 0
    let isQuote = first == UInt8(ascii: "'") || first == UInt8(ascii: "\"")
    guard line.count >= 2, isQuote, first == last else {
      if line.count == 1, isQuote { differential = .singleQuoteString }
      throw ReadError(.invalidText, "\(name) argument must be quoted", at: start)
    }
    let inner = ByteRange(start: line.start + 1, count: line.count - 2)
    let decoded = unsafe cursor.withBytes(inner) { bytes in unsafe PythonText.decodeEscapes(bytes) }
    switch decoded {
    case .failure:
      throw ReadError(.invalidText, "\(name) has an invalid escape", at: start)
    case .success(let bytes):
      if bytes.contains(where: { $0 >= 0x80 }) { differential = .nonASCIIString }
    }
    return .data(inner)
  }
}

func hex(_ byte: UInt8) -> String {
  let digits = Array("0123456789abcdef")
  return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
}

func quoted(_ line: [UInt8]) -> String {
  let shown = line.prefix(40).map { $0 >= 0x20 && $0 < 0x7F ? Character(Unicode.Scalar($0)) : "?" }
  return "\"" + String(shown) + (line.count > 40 ? "…" : "") + "\""
}
