import PickleCore
import PickleTestSupport
import Testing

/// Where CPython's C unpickler and pickletools disagree, we follow the C unpickler and say so.
@Suite struct DifferentialTests {
  func firstInstruction(_ text: String) throws -> Instruction {
    let (instructions, error) = readAll(Array(text.utf8))
    #expect(error == nil)
    return try #require(instructions.first)
  }

  func readings(_ text: String) throws -> (c: String, pickletools: String)? {
    let instruction = try firstInstruction(text)
    return Array(text.utf8).withUnsafeBytes { instruction.integerReadings(in: $0) }
  }

  @Test func hexINTFollowsTheCUnpickler() throws {
    let instruction = try firstInstruction("I0x10\n")
    #expect(instruction.argument == .int(16))
    #expect(instruction.differential == .integerSpelling)
    #expect(try readings("I0x10\n")! == ("16", "error"))
  }

  @Test func leadingZeroINTIsOctalInC() throws {
    let instruction = try firstInstruction("I010\n")
    #expect(instruction.argument == .int(8))
    #expect(instruction.differential == .integerSpelling)
    #expect(try readings("I010\n")! == ("8", "10"))
  }

  @Test func boolSpellings() throws {
    #expect(try firstInstruction("I00\n").argument == .bool(false))
    #expect(try firstInstruction("I01\n").differential == nil)
    let plusZero = try firstInstruction("I+0\n")
    #expect(plusZero.argument == .bool(false))
    #expect(plusZero.differential == .integerSpelling)
    #expect(try readings("I+0\n")! == ("False", "0"))
    #expect(try firstInstruction("I1\n").argument == .int(1))
  }

  @Test func underscoresFallBackToPyLong() throws {
    #expect(try firstInstruction("I1_000\n").argument == .int(1000))
  }

  @Test func bigINTBecomesArbitraryPrecision() throws {
    let text = "I123456789012345678901234567890\n"
    let instruction = try firstInstruction(text)
    #expect(instruction.argument == .bigInt(ByteRange(start: 1, count: 30)))
    let value = Array(text.utf8).withUnsafeBytes { ArgumentValue.of(instruction, in: $0) }
    #expect(
      value
        == .int(
          PyInt(twosComplementLittleEndian: [
            0xD2, 0x0A, 0x3F, 0x4E, 0xEE, 0xE0, 0x73, 0xC3, 0xF6, 0x0F, 0xE9, 0x8E, 0x01,
          ])
        )
    )
  }

  @Test func hexLONGFollowsTheCUnpickler() throws {
    let instruction = try firstInstruction("L0x1fL\n")
    #expect(instruction.argument == .int(31))
    #expect(instruction.differential == .integerSpelling)
    #expect(try readings("L0x1fL\n")! == ("31", "error"))
  }

  @Test func nonASCIIBinstringIsFlagged() throws {
    let (instructions, _) = readAll([0x55, 0x01, 0xE9])
    #expect(instructions.first?.differential == .nonASCIIString)
  }

  @Test func opcodeCrossingFrameEndIsFlagged() throws {
    // FRAME of 2 bytes, then a 5-byte BININT straddling its end.
    let bytes: [UInt8] = [0x80, 0x04, 0x95, 2, 0, 0, 0, 0, 0, 0, 0, 0x4A, 1, 0, 0, 0, 0x2E]
    let (instructions, error) = readAll(bytes)
    #expect(error == nil)
    try #require(instructions.count == 4)
    #expect(instructions[2].differential == .frameOverrun(frameEnd: 13))
  }

  @Test func globalWithBackslashIsFlagged() throws {
    let instruction = try firstInstruction("cos\\x\nsystem\n")
    #expect(instruction.differential == .escapedGlobalName)
  }
}
