/// Walks a pickle opcode by opcode, decoding arguments the way CPython's C unpickler does.
///
/// The reader never allocates per opcode for fixed-width arguments and never copies a large
/// argument: text and bytes come back as ``ByteRange``s into the input. It stops at the end of
/// its range, not at `STOP`, so callers see every pickle in a file.
@safe public struct OpcodeReader {
  /// The cursor; `position` is the offset of the next opcode.
  public var cursor: ByteCursor { state }
  @usableFromInline var state: ByteCursor
  @usableFromInline let dispatch: UnsafePointer<Dispatch?>
  /// End of the current `FRAME`, or `Int.max` outside frames: one comparison per opcode.
  @usableFromInline var frameEnd = Int.max

  /// The two facts the hot loop needs per byte, copied out of ``OpcodeTable`` once.
  @usableFromInline
  struct Dispatch: Sendable {
    @usableFromInline let opcode: Opcode
    @usableFromInline let kind: ArgumentKind
  }

  /// One entry per byte value, allocated once and never freed: a pointer keeps the hot loop free
  /// of an array's bounds check and reference count.
  nonisolated(unsafe) private static let dispatchTable: UnsafePointer<Dispatch?> = {
    let rows = OpcodeTable.byByte.map { row in
      row.map { Dispatch(opcode: $0.opcode, kind: $0.argument) }
    }
    precondition(rows.count == 256)
    let table = UnsafeMutablePointer<Dispatch?>.allocate(capacity: 256)
    unsafe table.initialize(from: rows, count: 256)
    return unsafe UnsafePointer(table)
  }()

  /// A reader over `bytes[start..<end]`.
  public init(_ bytes: UnsafeRawBufferPointer, start: Int = 0, end: Int? = nil) {
    unsafe state = ByteCursor(bytes, start: start, end: end)
    unsafe dispatch = Self.dispatchTable
  }

  /// Offset of the next opcode.
  public var position: Int { state.position }
  /// True when every byte of the range has been read.
  public var isAtEnd: Bool { state.remaining == 0 }

  /// Moves to `offset`, for example past raw data that a container format puts between opcodes.
  public mutating func seek(to offset: Int) {
    precondition(offset >= state.position && offset <= state.end, "seek outside the range")
    state.position = offset
    frameEnd = .max
  }

  /// The next instruction, or `nil` at the end of the range.
  ///
  /// - Throws: ``ReadError`` for bytes the C unpickler would refuse; the cursor stays at the
  ///   failing opcode.
  @inlinable @inline(__always)
  public mutating func next() throws(ReadError) -> Instruction? {
    let start = state.position
    guard let byte = state.readUInt8() else { return nil }
    // SAFETY: the table has an entry for each of the 256 byte values.
    guard let entry = unsafe dispatch[Int(byte)] else { throw unknownOpcode(byte, at: start) }
    let argument: OpcodeArgument
    // Fixed-width arguments are decoded inline: they are most opcodes of real pickles. The rest,
    // and anything touching a FRAME boundary, go through outlined calls so this path keeps no
    // differential on the stack.
    switch entry.kind {
    case .none:
      argument = .none
    case .uint1:
      guard let value = state.readUInt8() else { throw truncated(entry.opcode, at: start) }
      argument = .int(Int64(value))
    case .uint2:
      guard let value = state.readUInt16LE() else { throw truncated(entry.opcode, at: start) }
      argument = .int(Int64(value))
    case .int4:
      guard let value = state.readUInt32LE() else { throw truncated(entry.opcode, at: start) }
      argument = .int(Int64(Int32(bitPattern: value)))
    case .uint4:
      guard let value = state.readUInt32LE() else { throw truncated(entry.opcode, at: start) }
      argument = .int(Int64(value))
    case .float8:
      guard let value = state.readFloat64BE() else { throw truncated(entry.opcode, at: start) }
      argument = .float(value)
    case .bytes1, .unicodestring1:
      // Short strings and bytes are the commonest variable-length arguments; ASCII text needs no
      // UTF-8 validation. Anything else is read again by the general path.
      guard let count = state.readUInt8(), let range = state.readRange(Int(count)),
        entry.kind == .bytes1 || state.isASCII(range)
      else {
        state.position = start + 1
        return try nextVariable(entry, at: start)
      }
      argument = .data(range)
    default:
      return try nextVariable(entry, at: start)
    }
    if state.position > frameEnd {
      return crossedFrameEnd(entry.opcode, argument, at: start)
    }
    return Instruction(
      offset: start,
      opcode: entry.opcode,
      argument: argument,
      end: state.position,
      differential: nil
    )
  }

  /// The rest of ``next()`` for an opcode whose argument is not fixed-width.
  @inline(never) @usableFromInline
  mutating func nextVariable(_ entry: Dispatch, at start: Int) throws(ReadError) -> Instruction {
    var differential: Differential?
    let argument: OpcodeArgument
    do {
      argument = try readArgument(
        entry.kind,
        of: entry.opcode,
        at: start,
        differential: &differential
      )
    } catch {
      state.position = start
      throw error
    }
    if state.position > frameEnd || entry.opcode == .frame {
      trackFrame(entry.opcode, argument, at: start, differential: &differential)
    }
    return Instruction(
      offset: start,
      opcode: entry.opcode,
      argument: argument,
      end: state.position,
      differential: differential
    )
  }

  /// The rest of ``next()`` for a fixed-width opcode that ends past the current frame's end.
  @inline(never) @usableFromInline
  mutating func crossedFrameEnd(
    _ opcode: Opcode,
    _ argument: OpcodeArgument,
    at start: Int
  ) -> Instruction {
    var differential: Differential?
    trackFrame(opcode, argument, at: start, differential: &differential)
    return Instruction(
      offset: start,
      opcode: opcode,
      argument: argument,
      end: state.position,
      differential: differential
    )
  }

  @inline(never) @usableFromInline
  mutating func unknownOpcode(_ byte: UInt8, at start: Int) -> ReadError {
    state.position = start
    return ReadError(.unknownOpcode, "unknown opcode 0x\(hex(byte))", at: start)
  }

  @inline(never) @usableFromInline
  mutating func truncated(_ opcode: Opcode, at start: Int) -> ReadError {
    state.position = start
    return ReadError(
      .truncated,
      "\(opcodeName(opcode)) argument runs past the end of the input",
      at: start
    )
  }

  @inline(never) @usableFromInline
  mutating func trackFrame(
    _ opcode: Opcode,
    _ argument: OpcodeArgument,
    at start: Int,
    differential: inout Differential?
  ) {
    if start >= frameEnd {
      frameEnd = .max
    } else if state.position > frameEnd, differential == nil {
      differential = .frameOverrun(frameEnd: frameEnd)
    }
    if opcode == .frame, case .uint(let length) = argument {
      if frameEnd != .max, frameEnd > start, differential == nil {
        differential = .frameInsideFrame(previousEnd: frameEnd)
      }
      frameEnd = state.position + Int(length)
    }
  }

  @inline(never) @usableFromInline
  mutating func readArgument(
    _ kind: ArgumentKind,
    of opcode: Opcode,
    at start: Int,
    differential: inout Differential?
  ) throws(ReadError) -> OpcodeArgument {
    // Looked up only on error paths: the table row holds Strings, costly per opcode.
    var name: String { OpcodeTable.info(opcode).name }
    func truncated() -> ReadError {
      ReadError(
        .truncated,
        "\(opcodeName(opcode)) argument runs past the end of the input",
        at: start
      )
    }
    switch kind {
    case .none:
      return .none
    case .uint1:
      guard let value = state.readUInt8() else { throw truncated() }
      return .int(Int64(value))
    case .uint2:
      guard let value = state.readUInt16LE() else { throw truncated() }
      return .int(Int64(value))
    case .int4:
      guard let value = state.readUInt32LE() else { throw truncated() }
      return .int(Int64(Int32(bitPattern: value)))
    case .uint4:
      guard let value = state.readUInt32LE() else { throw truncated() }
      return .int(Int64(value))
    case .uint8:
      guard let value = state.readUInt64LE() else { throw truncated() }
      guard let length = Int(exactly: value), length <= state.remaining else {
        throw ReadError(
          .lengthOutOfRange,
          "\(opcodeName(opcode)) claims \(value) bytes but \(state.remaining) remain",
          at: start
        )
      }
      return .uint(value)
    case .float8:
      guard let value = state.readFloat64BE() else { throw truncated() }
      return .float(value)
    case .decimalnlShort, .decimalnlLong, .floatnl:
      let line = try readLineBytes(opcode, at: start)
      return try parseTextNumber(opcode, line, at: start, differential: &differential)
    case .stringnl:
      let line = try readLine(opcode, at: start)
      return try readQuotedString(line, opcode, at: start, differential: &differential)
    case .stringnlNoescape:
      let line = try readLine(opcode, at: start)
      guard state.isASCII(line) else {
        throw ReadError(.invalidText, "\(opcodeName(opcode)) argument is not ASCII", at: start)
      }
      return .data(line)
    case .stringnlNoescapePair:
      let module = try readLine(opcode, at: start)
      let qualname = try readLine(opcode, at: start)
      for line in [module, qualname] {
        guard unsafe state.withBytes(line, { bytes in unsafe PythonText.isValidUTF8(bytes) })
        else {
          throw ReadError(.invalidText, "\(opcodeName(opcode)) name is not valid UTF-8", at: start)
        }
        if unsafe state.withBytes(line, { bytes in unsafe bytes.contains(UInt8(ascii: "\\")) }) {
          differential = .escapedGlobalName
        }
      }
      return .pair(module, qualname)
    case .string1, .bytes1, .unicodestring1, .long1:
      guard let length = state.readUInt8() else { throw truncated() }
      return try readPayload(
        kind,
        length: UInt64(length),
        opcode,
        at: start,
        differential: &differential
      )
    case .string4, .long4:
      guard let raw = state.readUInt32LE() else { throw truncated() }
      let length = Int32(bitPattern: raw)
      guard length >= 0 else {
        throw ReadError(
          .negativeLength,
          "\(opcodeName(opcode)) has negative byte count \(length)",
          at: start
        )
      }
      return try readPayload(
        kind,
        length: UInt64(length),
        opcode,
        at: start,
        differential: &differential
      )
    case .bytes4, .unicodestring4:
      guard let length = state.readUInt32LE() else { throw truncated() }
      return try readPayload(
        kind,
        length: UInt64(length),
        opcode,
        at: start,
        differential: &differential
      )
    case .bytes8, .bytearray8, .unicodestring8:
      guard let length = state.readUInt64LE() else { throw truncated() }
      return try readPayload(kind, length: length, opcode, at: start, differential: &differential)
    case .unicodestringnl:
      let line = try readLine(opcode, at: start)
      let decoded = unsafe state.withBytes(line) { bytes in
        unsafe PythonText.decodeRawUnicodeEscape(bytes)
      }
      guard case .success = decoded else {
        throw ReadError(.invalidText, "\(opcodeName(opcode)) has a malformed \\u escape", at: start)
      }
      return .data(line)
    }
  }

  private mutating func readPayload(
    _ kind: ArgumentKind,
    length: UInt64,
    _ opcode: Opcode,
    at start: Int,
    differential: inout Differential?
  ) throws(ReadError) -> OpcodeArgument {
    guard let count = Int(exactly: length), let range = state.readRange(count) else {
      throw ReadError(
        .lengthOutOfRange,
        "\(opcodeName(opcode)) claims \(length) bytes but \(state.remaining) remain",
        at: start
      )
    }
    switch kind {
    case .long1, .long4:
      return .long(range)
    case .unicodestring1, .unicodestring4, .unicodestring8:
      guard unsafe state.withBytes(range, { bytes in unsafe PythonText.isValidUTF8(bytes) }) else {
        throw ReadError(.invalidText, "\(opcodeName(opcode)) is not valid UTF-8", at: start)
      }
    case .string1, .string4:
      if !state.isASCII(range) { differential = .nonASCIIString }
    default:
      break
    }
    return .data(range)
  }

  private mutating func readLine(_ opcode: Opcode, at start: Int) throws(ReadError) -> ByteRange {
    guard let line = state.readLine() else {
      throw ReadError(
        .missingNewline,
        "\(opcodeName(opcode)) argument has no terminating newline",
        at: start
      )
    }
    return line
  }

  /// Numbers are parsed from a copy; CPython itself refuses lines longer than this.
  private static let maxNumberLine = 64 * 1024

  private mutating func readLineBytes(_ opcode: Opcode, at start: Int) throws(ReadError) -> [UInt8]
  {
    let line = try readLine(opcode, at: start)
    guard line.count <= Self.maxNumberLine else {
      throw ReadError(
        .invalidNumber,
        "\(opcodeName(opcode)) number is \(line.count) bytes long",
        at: start
      )
    }
    return unsafe state.withBytes(line) { bytes in unsafe Array(bytes) }
  }

  private func parseTextNumber(
    _ opcode: Opcode,
    _ line: [UInt8],
    at start: Int,
    differential: inout Differential?
  ) throws(ReadError) -> OpcodeArgument {
    func invalid(_ detail: String) -> ReadError {
      ReadError(.invalidNumber, "\(opcodeName(opcode)) \(detail): \(quoted(line))", at: start)
    }
    switch opcode {
    case .int, .long:
      let (result, differs) =
        opcode == .int ? PythonNumberText.parseINT(line) : PythonNumberText.parseLONG(line)
      if differs { differential = .integerSpelling }
      switch result {
      case .success(.int(let value)): return .int(value)
      case .success(.bool(let value)): return .bool(value)
      case .success(.big):
        return .bigInt(ByteRange(start: start + 1, count: line.count))
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
    _ opcode: Opcode,
    at start: Int,
    differential: inout Differential?
  ) throws(ReadError) -> OpcodeArgument {
    let first = line.count > 0 ? state.byte(at: line.start) : 0
    let last = line.count > 0 ? state.byte(at: line.end - 1) : 0
    let isQuote = first == UInt8(ascii: "'") || first == UInt8(ascii: "\"")
    guard line.count >= 2, isQuote, first == last else {
      if line.count == 1, isQuote { differential = .singleQuoteString }
      throw ReadError(.invalidText, "\(opcodeName(opcode)) argument must be quoted", at: start)
    }
    let inner = ByteRange(start: line.start + 1, count: line.count - 2)
    let decoded = unsafe state.withBytes(inner) { bytes in unsafe PythonText.decodeEscapes(bytes) }
    switch decoded {
    case .failure:
      throw ReadError(.invalidText, "\(opcodeName(opcode)) has an invalid escape", at: start)
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

/// The pickletools name of `opcode`, for error messages only.
func opcodeName(_ opcode: Opcode) -> String { OpcodeTable.info(opcode).name }
