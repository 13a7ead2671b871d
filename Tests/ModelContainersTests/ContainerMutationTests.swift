import ModelContainers
import PickleCore
import PickleTestSupport
import Testing

/// Seeded mutations of real and crafted containers: the scanner always returns a report whose
/// streams lie inside their buffers and whose counters respect the budget.
@Suite struct ContainerMutationTests {
  static let seeds: [(name: String, bytes: [UInt8])] = {
    let folders = ["containers/malformed", "containers/real", "benign/torch", "benign/joblib"]
    let extra = [
      "benign/numpy/arrays-savez-compressed.npz", "benign/numpy/object-member-savez.npz",
      "benign/numpy/object-plain-values.npy", "benign/pandas/frame-basic.pkl.zip",
      "benign/stdlib/three-dumps-one-file.pkl",
    ]
    return (folders.flatMap { Corpus.files($0) } + extra).compactMap { path in
      guard let bytes = try? Corpus.bytes(path), bytes.count < 20_000 else { return nil }
      return (String(path.split(separator: "/").last ?? ""), bytes)
    }
  }()

  static let budget: ContainerBudget = {
    var budget = ContainerBudget()
    budget.maxDecompressedBytes = 2 << 20
    budget.maxStreamBytes = 1 << 20
    budget.maxMembers = 2_000
    return budget
  }()

  @Test func threeThousandMutationsAlwaysYieldAReport() throws {
    try #require(Self.seeds.count > 50)
    var random = SeededGenerator(seed: 0xC047_A1E5)
    var streams = 0
    var anomalies = 0
    for round in 0..<3_000 {
      let seed = Self.seeds[round % Self.seeds.count]
      var bytes = seed.bytes
      mutate(&bytes, using: &random)
      let report = ContainerScanner.scan(InputBytes(bytes), name: seed.name, budget: Self.budget)
      streams += report.streams.count
      anomalies += report.anomalies.count
      #expect(report.counters.decompressedBytes <= Self.budget.maxDecompressedBytes)
      #expect(report.counters.members <= Self.budget.maxMembers)
      for stream in report.streams {
        #expect(stream.range.start >= 0 && stream.range.end <= stream.bytes.count)
        #expect(stream.range.count <= Self.budget.maxStreamBytes)
        var previous = stream.range.start
        for skip in stream.skips {
          #expect(skip.start >= previous && skip.end <= stream.bytes.count)
          previous = skip.end
        }
        #expect(stream.location.offset >= 0, "\(seed.name): \(stream.location)")
      }
    }
    #expect(streams > 1_000)
    #expect(anomalies > 1_000)
  }

  func mutate(_ bytes: inout [UInt8], using random: inout SeededGenerator) {
    for _ in 0..<Int.random(in: 1...3, using: &random) {
      guard !bytes.isEmpty else { return }
      let at = Int.random(in: 0..<bytes.count, using: &random)
      switch Int.random(in: 0..<6, using: &random) {
      case 0:
        bytes[at] = UInt8.random(in: 0...255, using: &random)
      case 1:
        bytes[at] ^= 1 << UInt8.random(in: 0..<8, using: &random)
      case 2:
        bytes.removeLast(Int.random(in: 0...min(bytes.count, 512), using: &random))
      case 3:
        // Sizes, counts and offsets are the classic lie.
        let width = min(4, bytes.count - at)
        bytes.replaceSubrange(at..<(at + width), with: repeatElement(0xFF, count: width))
      case 4:
        bytes.insert(
          contentsOf: (0..<8).map { _ in UInt8.random(in: 0...255, using: &random) },
          at: at
        )
      default:
        let width = min(4, bytes.count - at)
        bytes.replaceSubrange(at..<(at + width), with: repeatElement(0x00, count: width))
      }
    }
  }
}
