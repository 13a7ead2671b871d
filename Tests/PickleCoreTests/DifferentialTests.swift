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

  @Test func hexINTFollowsTheCUnpickler() throws {
    let instruction = try firstInstruction("I0x10\n")
    #expect(instruction.argument == .int(16))
    #expect(instruction.differential == .integerSpelling(c: "16", pickletools: "error"))
  }

  @Test func leadingZeroINTIsOctalInC() throws {
    let instruction = try firstInstruction("I010\n")
    #expect(instruction.argument == .int(8))
    #expect(instruction.differential == .integerSpelling(c: "8", pickletools: "10"))
  }

  @Test func boolSpellings() throws {
    #expect(try firstInstruction("I00\n").argument == .bool(false))
    #expect(try firstInstruction("I01\n").differential == nil)
    let plusZero = try firstInstruction("I+0\n")
    #expect(plusZero.argument == .bool(false))
    #expect(plusZero.differential == .integerSpelling(c: "False", pickletools: "0"))
    #expect(try firstInstruction("I1\n").argument == .int(1))
  }

  @Test func underscoresFallBackToPyLong() throws {
    #expect(try firstInstruction("I1_000\n").argument == .int(1000))
  }

  @Test func bigINTBecomesArbitraryPrecision() throws {
    let instruction = try firstInstruction("I123456789012345678901234567890\n")
    guard case .bigInt(let value) = instruction.argument else {
      Issue.record("expected a big int, got \(instruction.argument)")
      return
    }
    #expect(value.description == "123456789012345678901234567890")
  }

  @Test func hexLONGFollowsTheCUnpickler() throws {
    let instruction = try firstInstruction("L0x1fL\n")
    #expect(instruction.argument == .int(31))
    #expect(instruction.differential == .integerSpelling(c: "31", pickletools: "error"))
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
