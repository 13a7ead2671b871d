import PickleAnalysis
import PickleTestSupport
import Testing

/// Seeded random mutations of corpus files always produce a result (no crash, no hang).
struct MutationTests {
  static let seeds: [String] =
    (Corpus.files("analysis", suffix: ".pkl")
    + Corpus.files("protocols", suffix: ".pkl")).filter { !$0.contains("framed-large") }

  @Test func tenThousandMutantsAnalyse() throws {
    var generator = SeededGenerator(seed: 0x5EED_A11A)
    let inputs = try Self.seeds.map { try Corpus.bytes($0) }
    var limits = AnalysisLimits()
    limits.maxOpcodes = 20_000
    var analysed = 0
    var calls = 0
    for round in 0..<10_000 {
      var bytes = inputs[round % inputs.count]
      let edits = Int.random(in: 1...4, using: &generator)
      for _ in 0..<edits where !bytes.isEmpty {
        let position = Int.random(in: 0..<bytes.count, using: &generator)
        switch Int.random(in: 0..<5, using: &generator) {
        case 0: bytes[position] = UInt8.random(in: 0...255, using: &generator)
        case 1: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: position)
        case 2: bytes.remove(at: position)
        case 3: bytes.removeSubrange(position...)
        default:
          let start = Int.random(in: 0..<bytes.count, using: &generator)
          let length = min(8, bytes.count - start)
          bytes.insert(contentsOf: bytes[start..<(start + length)], at: position)
        }
      }
      let analysis = PickleAnalyzer.analyze(bytes, limits: limits)
      #expect(analysis.statistics.opcodes <= limits.maxOpcodes + 1)
      calls += analysis.graph.calls.count
      analysed += 1
    }
    #expect(analysed == 10_000)
    #expect(calls > 0)
  }

  @Test func randomBytesAnalyse() {
    var generator = SeededGenerator(seed: 42)
    for size in [0, 1, 2, 7, 64, 500] {
      for _ in 0..<50 {
        let bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let analysis = PickleAnalyzer.analyze(bytes)
        #expect(size == 0 ? analysis.pickles.isEmpty : true)
        _ = analysis.graph.calls.map(\.pseudoPython)
      }
    }
  }
}
