import PickleTestSupport
import RestrictedDecoder
import Testing

/// Seeded random mutations of real pickles: the decoder always returns (a value or a
/// refusal) and its JSON and inventory views always finish.
@Suite struct DecoderMutationTests {
  @Test func mutatedCorpusAlwaysReturns() throws {
    let seeds = try (BenignCorpusTests.rawPickles + DecodeGoldenTests.torchPickles)
      .map { try Corpus.bytes($0) }.filter { $0.count < 16_000 }
    try #require(seeds.count > 50)
    var random = SeededGenerator(seed: 0xDEC0_DE26)
    var decoded = 0
    for round in 0..<3_000 {
      var bytes = seeds[round % seeds.count]
      for _ in 0..<Int.random(in: 1...3, using: &random) {
        mutate(&bytes, using: &random)
      }
      let result = bytes.withUnsafeBytes { RestrictedDecoder.decodeAll($0) }
      if case .success(let values) = result {
        decoded += 1
        for value in values {
          #expect(!value.jsonBytes.isEmpty)
          _ = value.inventory
        }
      }
    }
    #expect(decoded > 100, "some mutations keep the pickle valid")
    #expect(decoded < 2_900, "most mutations break it")
  }

  func mutate(_ bytes: inout [UInt8], using random: inout SeededGenerator) {
    guard !bytes.isEmpty else { return }
    let index = Int.random(in: 0..<bytes.count, using: &random)
    switch Int.random(in: 0..<4, using: &random) {
    case 0: bytes[index] = UInt8.random(in: 0...255, using: &random)
    case 1: bytes[index] ^= 1 << UInt8.random(in: 0...7, using: &random)
    case 2: bytes.remove(at: index)
    default:
      let length = min(Int.random(in: 1...16, using: &random), bytes.count - index)
      let chunk = Array(bytes[index..<index + length])
      bytes.insert(contentsOf: chunk, at: Int.random(in: 0...bytes.count, using: &random))
    }
  }
}
