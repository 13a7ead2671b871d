/// One decoded opcode: where it is, what it is, and its argument.
@frozen
public struct Instruction: Sendable, Equatable {
  // The argument comes first and the bytes last: with the opcode byte before it, the argument
  // sat at an odd place in copies, and each copy per opcode stalled on store forwarding.
  /// The decoded argument, referring to the input by span where it is text or bytes.
  public var argument: OpcodeArgument
  /// Absolute offset of the opcode byte.
  public var offset: Int
  /// Absolute offset just past the argument.
  public var end: Int
  /// The opcode.
  public var opcode: Opcode
  /// Set when CPython's C unpickler and its pure-Python tools read this opcode differently.
  ///
  /// Those tools are `pickletools` and `pickle.py`. The argument always follows the C unpickler, which is what victims run.
  public var differential: Differential?

  /// An instruction read at `offset`.
  @inlinable
  public init(
    offset: Int,
    opcode: Opcode,
    argument: OpcodeArgument,
    end: Int,
    differential: Differential?
  ) {
    self.offset = offset
    self.opcode = opcode
    self.argument = argument
    self.end = end
    self.differential = differential
  }

  /// The opcode's row in ``OpcodeTable``.
  @inlinable public var info: OpcodeInfo { OpcodeTable.info(opcode) }
}

/// An opcode's argument, decoded with the C unpickler's semantics.
public enum OpcodeArgument: Sendable, Equatable {
  /// The opcode takes no argument.
  case none
  /// A fixed-width integer, a memo index, a protocol number, an extension code, or a text
  /// `INT`/`LONG`/`GET`/`PUT` that fits in 64 bits.
  case int(Int64)
  /// `FRAME`'s unsigned 64-bit length.
  case uint(UInt64)
  /// `INT` spelled `00` or `01` (and the other spellings the C unpickler reads as a bool).
  case bool(Bool)
  /// A text `INT`/`LONG` beyond 64 bits: its line (without the newline); the value comes from
  /// ``ArgumentValue/of(_:in:maxBytes:)``. Kept as a span so instructions stay plain data.
  case bigInt(ByteRange)
  /// `LONG1`/`LONG4`: little-endian two's-complement bytes of the input.
  case long(ByteRange)
  /// `FLOAT` or `BINFLOAT`.
  case float(Double)
  /// Text or bytes payload; how to decode it depends on the opcode (see ``PayloadEncoding``).
  case data(ByteRange)
  /// `GLOBAL`/`INST`: the module and name lines.
  case pair(ByteRange, ByteRange)
}

/// How a `.data` payload turns into a Python value, chosen by the opcode.
public enum PayloadEncoding: Sendable, Equatable {
  /// `str` from UTF-8 with `surrogatepass` (BINUNICODE family).
  case utf8
  /// `str` from `raw-unicode-escape` (UNICODE).
  case rawUnicodeEscape
  /// Python 2 `str`: the quoted, backslash-escaped text between the quotes (STRING).
  case escapedString
  /// Python 2 `str` stored raw (SHORT_BINSTRING, BINSTRING).
  case rawString
  /// `bytes`.
  case bytes
  /// `bytearray`.
  case bytearray
  /// An ASCII line (PERSID).
  case asciiLine

  /// The encoding of `opcode`'s payload, or `nil` if its argument is not a `.data` payload.
  public static func of(_ opcode: Opcode) -> PayloadEncoding? {
    switch opcode {
    case .binunicode, .shortBinunicode, .binunicode8: .utf8
    case .unicode: .rawUnicodeEscape
    case .string: .escapedString
    case .binstring, .shortBinstring: .rawString
    case .binbytes, .shortBinbytes, .binbytes8: .bytes
    case .bytearray8: .bytearray
    case .persid: .asciiLine
    default: nil
    }
  }
}

/// A place where CPython's C unpickler and its pure-Python tools read the same bytes differently.
public enum Differential: Sendable, Equatable {
  /// A text integer whose value differs, or that only one side accepts (base prefixes, octal
  /// leading zeros, underscores, bool spellings such as `+0`); see
  /// ``Instruction/integerReadings(in:)``.
  case integerSpelling
  /// A float spelling only one side accepts (leading space, underscores, overflow to infinity).
  case floatSpelling
  /// A Python 2 string that is not ASCII: the C unpickler's default `encoding='ASCII'` refuses it,
  /// while `pickletools` shows it as latin-1.
  case nonASCIIString
  /// A `GLOBAL`/`INST` line holding a backslash: pickletools escape-decodes it, the C unpickler
  /// reads it as UTF-8.
  case escapedGlobalName
  /// `STRING` quoted by one character only: pickletools reads `''`, the C unpickler refuses it.
  case singleQuoteString
  /// An opcode that crosses the end of the current `FRAME`; `pickle.py` refuses it, the C
  /// unpickler does not check.
  case frameOverrun(frameEnd: Int)
  /// A `FRAME` that starts before the previous one is used up; `pickle.py` refuses it.
  case frameInsideFrame(previousEnd: Int)
}

extension Instruction {
  /// For a text `INT`/`LONG`: how the C unpickler and pickletools each read it (`error` where
  /// one refuses), or `nil` for other opcodes.
  public func integerReadings(in raw: UnsafeRawBufferPointer) -> (c: String, pickletools: String)? {
    guard opcode == .int || opcode == .long, end - offset >= 2 else { return nil }
    let cursor = unsafe ByteCursor(raw)
    let line = unsafe cursor.withBytes(ByteRange(start: offset + 1, count: end - offset - 2)) {
      unsafe Array($0)
    }
    let (c, tools) =
      opcode == .int ? PythonNumberText.readingsINT(line) : PythonNumberText.readingsLONG(line)
    return ((try? c.get())?.description ?? "error", tools?.description ?? "error")
  }
}
