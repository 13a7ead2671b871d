import PickleCore
import PickleTestSupport
import Testing

/// Seeded random mutations of real pickles: the reader and disassembler always finish.
@Suite struct MutationTests {
  @Test func tenThousandMutationsAlwaysReturn() throws {
    let seeds = try Corpus.files("protocols", suffix: ".pkl").map { try Corpus.bytes($0) }
      .filter { $0.count < 20_000 }
    try #require(!seeds.isEmpty)
    var random = SeededGenerator(seed: 0x5EED_2026)
    var errors = 0
    for round in 0..<10_000 {
      var bytes = seeds[round % seeds.count]
      mutate(&bytes, using: &random)
      let (instructions, error) = readAll(bytes)
      if error != nil { errors += 1 }
      // Progress: every instruction consumes at least its opcode byte, in order.
      var previousEnd = 0
      for instruction in instructions {
        #expect(instruction.offset == previousEnd && instruction.end > instruction.offset)
        previousEnd = instruction.end
      }
      #expect(previousEnd <= bytes.count)
      if round % 10 == 0 {
        var lineCount = 0
        let outcome = bytes.withUnsafeBytes { raw in
          Disassembler(format: .jsonl).run(raw) { _ in lineCount += 1 }
        }
        #expect(lineCount <= bytes.count + 2)
        _ = outcome
      }
    }
    #expect(errors > 1_000, "mutations should break many streams")
  }

  func mutate(_ bytes: inout [UInt8], using random: inout SeededGenerator) {
    for _ in 0..<Int.random(in: 1...4, using: &random) {
      switch Int.random(in: 0..<5, using: &random) {
      case 0 where !bytes.isEmpty:
        bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(
          in: 0...255,
          using: &random
        )
      case 1 where !bytes.isEmpty:
        bytes.removeLast(Int.random(in: 0...min(16, bytes.count), using: &random))
      case 2:
        let at = Int.random(in: 0...bytes.count, using: &random)
        bytes.insert(
          contentsOf: (0..<4).map { _ in UInt8.random(in: 0...255, using: &random) },
          at: at
        )
      case 3 where bytes.count > 8:
        // Lengths are the classic lie: overwrite eight bytes with 0xFF.
        let at = Int.random(in: 0..<(bytes.count - 8), using: &random)
        bytes.replaceSubrange(at..<(at + 8), with: repeatElement(0xFF, count: 8))
      default:
        if !bytes.isEmpty {
          let at = Int.random(in: 0..<bytes.count, using: &random)
          bytes[at] ^= 1 << UInt8.random(in: 0..<8, using: &random)
        }
      }
    }
  }
}
