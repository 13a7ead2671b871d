import PickleCore
import PickleTestSupport
import Testing

/// Hostile bytes give a precise error at the right offset, and what came before is kept.
@Suite struct MalformedInputTests {
  struct Case: CustomTestStringConvertible, Sendable {
    let name: String
    let bytes: [UInt8]
    let code: ReadError.Code
    let offset: Int
    let readBefore: Int
    var testDescription: String { name }
  }

  static let prefix: [UInt8] = [0x80, 0x04, 0x4B, 0x01]  // PROTO 4, BININT1 1

  static let cases: [Case] = [
    Case(
      name: "unknown opcode",
      bytes: prefix + [0xFF],
      code: .unknownOpcode,
      offset: 4,
      readBefore: 2
    ),
    Case(
      name: "truncated BININT",
      bytes: prefix + [0x4A, 0x01],
      code: .truncated,
      offset: 4,
      readBefore: 2
    ),
    Case(
      name: "BINBYTES8 claims 2^64-1",
      bytes: prefix + [0x8E] + Array(repeating: 0xFF, count: 8),
      code: .lengthOutOfRange,
      offset: 4,
      readBefore: 2
    ),
    Case(
      name: "BINBYTES8 claims 10 GB",
      bytes: prefix + [0x8E, 0, 0xE4, 0x0B, 0x54, 0x02, 0, 0, 0, 1, 2],
      code: .lengthOutOfRange,
      offset: 4,
      readBefore: 2
    ),
    Case(
      name: "BINUNICODE longer than input",
      bytes: prefix + [0x58, 0x10, 0, 0, 0, 0x61],
      code: .lengthOutOfRange,
      offset: 4,
      readBefore: 2
    ),
    Case(
      name: "negative BINSTRING length",
      bytes: prefix + [0x54, 0xFF, 0xFF, 0xFF, 0xFF],
      code: .negativeLength,
      offset: 4,
      readBefore: 2
    ),
    Case(
      name: "negative LONG4 length",
      bytes: prefix + [0x8B, 0x00, 0x00, 0x00, 0x80],
      code: .negativeLength,
      offset: 4,
      readBefore: 2
    ),
    Case(
      name: "invalid UTF-8",
      bytes: prefix + [0x8C, 0x02, 0xC3, 0x28],
      code: .invalidText,
      offset: 4,
      readBefore: 2
    ),
    Case(
      name: "SHORT_BINUNICODE without its length",
      bytes: prefix + [0x8C],
      code: .truncated,
      offset: 4,
      readBefore: 2
    ),
    Case(
      name: "SHORT_BINBYTES longer than the input",
      bytes: prefix + [0x43, 0x05, 0x61, 0x62],
      code: .lengthOutOfRange,
      offset: 4,
      readBefore: 2
    ),
    Case(
      name: "UTF-8 cut after nine ASCII bytes",
      bytes: prefix + [0x8C, 0x0A] + Array("abcdefghi".utf8) + [0xE2],
      code: .invalidText,
      offset: 4,
      readBefore: 2
    ),
    Case(
      name: "overlong UTF-8",
      bytes: prefix + [0x8C, 0x02, 0xC0, 0xAF],
      code: .invalidText,
      offset: 4,
      readBefore: 2
    ),
    Case(
      name: "GLOBAL without newline",
      bytes: prefix + Array("cos\nsystem".utf8),
      code: .missingNewline,
      offset: 4,
      readBefore: 2
    ),
    Case(
      name: "INT without newline",
      bytes: Array("I12".utf8),
      code: .missingNewline,
      offset: 0,
      readBefore: 0
    ),
    Case(
      name: "INT not a number",
      bytes: Array("I1x\n".utf8),
      code: .invalidNumber,
      offset: 0,
      readBefore: 0
    ),
    Case(
      name: "INT octal-looking 08",
      bytes: Array("I08\n".utf8),
      code: .invalidNumber,
      offset: 0,
      readBefore: 0
    ),
    Case(
      name: "INT beyond 4300 digits",
      bytes: [0x49] + Array(repeating: 0x39, count: 4301) + [0x0A],
      code: .invalidNumber,
      offset: 0,
      readBefore: 0
    ),
    Case(
      name: "unquoted STRING",
      bytes: Array("Sabc\n".utf8),
      code: .invalidText,
      offset: 0,
      readBefore: 0
    ),
    Case(
      name: "mismatched quotes",
      bytes: Array("S'abc\"\n".utf8),
      code: .invalidText,
      offset: 0,
      readBefore: 0
    ),
    Case(
      name: "bad \\x escape",
      bytes: Array("S'\\x4'\n".utf8),
      code: .invalidText,
      offset: 0,
      readBefore: 0
    ),
    Case(
      name: "truncated \\u escape",
      bytes: Array("V\\u12\n".utf8),
      code: .invalidText,
      offset: 0,
      readBefore: 0
    ),
    Case(
      name: "FLOAT overflow",
      bytes: Array("F1e999\n".utf8),
      code: .invalidNumber,
      offset: 0,
      readBefore: 0
    ),
    Case(
      name: "FRAME longer than input",
      bytes: [0x80, 0x04, 0x95, 0x20, 0, 0, 0, 0, 0, 0, 0x4E],
      code: .lengthOutOfRange,
      offset: 2,
      readBefore: 1
    ),
    Case(
      name: "PERSID not ASCII",
      bytes: [0x50, 0xC3, 0xA9, 0x0A],
      code: .invalidText,
      offset: 0,
      readBefore: 0
    ),
  ]

  @Test(arguments: cases)
  func reportsErrorAtOffset(_ testCase: Case) {
    let (instructions, error) = readAll(testCase.bytes)
    #expect(error?.code == testCase.code)
    #expect(error?.offset == testCase.offset)
    #expect(instructions.count == testCase.readBefore)
  }

  @Test func errorMessageNamesOpcodeAndSize() throws {
    let (_, error) = readAll(Self.prefix + [0x8E] + Array(repeating: 0xFF, count: 8))
    let failure = try #require(error)
    #expect(
      failure.description == "BINBYTES8 claims 18446744073709551615 bytes but 0 remain at byte 4"
    )
  }

  @Test func truncatedStreamKeepsEverythingBeforeTheBreak() {
    let bytes: [UInt8] =
      [0x80, 0x02, 0x63] + Array("os\nsystem\n".utf8) + [
        0x58, 0x02, 0, 0, 0, 0x69, 0x64, 0x85, 0x52,
      ]
    let (lines, outcome) = disassemble(bytes)
    #expect(outcome.error?.code == .truncated)
    #expect(outcome.error?.offset == bytes.count)
    #expect(lines.contains { $0.contains("GLOBAL     'os system'") })
    #expect(lines.contains { $0.contains("REDUCE") })
  }

  @Test func multiplePicklesAndTrailingData() {
    let first: [UInt8] = [0x80, 0x02, 0x4B, 0x07, 0x2E]
    let second: [UInt8] = [0x4E, 0x2E]
    let (lines, outcome) = disassemble(first + second + Array("junk".utf8))
    #expect(outcome.completePickles == 2)
    #expect(outcome.trailingData == ByteRange(start: 7, count: 4))
    #expect(lines.filter { $0.hasPrefix("highest protocol") }.count == 2)
    #expect(lines.last == "trailing data at 7: 4 bytes after the last STOP")
  }

  @Test func bigArgumentsAreSlicesNotCopies() throws {
    let payload = [UInt8](repeating: 0x41, count: 100_000)
    var bytes: [UInt8] = [0x80, 0x04, 0x8E]
    withUnsafeBytes(of: UInt64(payload.count).littleEndian) { bytes.append(contentsOf: $0) }
    bytes += payload + [0x2E]
    let (instructions, error) = readAll(bytes)
    #expect(error == nil)
    #expect(instructions[1].argument == .data(ByteRange(start: 11, count: 100_000)))
  }
}
