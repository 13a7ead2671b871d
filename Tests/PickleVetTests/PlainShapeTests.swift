import ModelContainers
import PickleAnalysis
import PickleCore
import PickleTestSupport
import PickleVet
import Testing

/// The container layer's plain-data walk stands in for the analyzer's machine on plain pickles:
/// wherever it vouches for a stream, the analysis built from its shape must be the machine's.
struct PlainShapeTests {
  /// Analyses every stream of `bytes` both ways; returns how many were built from a shape.
  ///
  /// Where a shape is given, the two analyses must agree on everything but the pickle's result.
  @discardableResult
  static func compareStreams(
    _ input: InputBytes,
    limits: AnalysisLimits = .init(),
    sourceLocation: SourceLocation = #_sourceLocation
  ) -> Int {
    let budget = Scanner.Configuration(analysisLimits: limits).scanBudget
    let report = ContainerScanner.scan(input, name: "input", budget: budget)
    var shapes = 0
    for stream in report.streams {
      guard let shape = stream.plainShape else { continue }
      let (fast, full) = stream.bytes.withUnsafeBytes { raw in
        (
          PickleAnalyzer.analyze(
            raw,
            range: stream.range,
            skips: stream.skips,
            limits: limits,
            plainShape: shape
          ),
          PickleAnalyzer.analyze(raw, range: stream.range, skips: stream.skips, limits: limits)
        )
      }
      // Built from the shape, the pickle has no result; past a budget the machine ran instead.
      if fast.pickles.count == 1, fast.pickles[0].result == nil { shapes += 1 }
      func withoutResults(_ pickles: [PickleSummary]) -> [PickleSummary] {
        pickles.map { pickle in
          var pickle = pickle
          pickle.result = nil
          return pickle
        }
      }
      #expect(
        withoutResults(fast.pickles) == withoutResults(full.pickles),
        sourceLocation: sourceLocation
      )
      #expect(fast.statistics == full.statistics, sourceLocation: sourceLocation)
      #expect(
        fast.anomalies.map { "\($0.kind) \($0.offset) \($0.message)" }
          == full.anomalies.map { "\($0.kind) \($0.offset) \($0.message)" },
        sourceLocation: sourceLocation
      )
      #expect(fast.coverage == full.coverage, sourceLocation: sourceLocation)
      #expect(fast.graph.calls.count == full.graph.calls.count, sourceLocation: sourceLocation)
      #expect(
        fast.graph.references.count == full.graph.references.count,
        sourceLocation: sourceLocation
      )
      #expect(fast.graph.builds.count == full.graph.builds.count, sourceLocation: sourceLocation)
      #expect(fast.nested.count == full.nested.count, sourceLocation: sourceLocation)
    }
    return shapes
  }

  @Test func shapesAgreeWithTheMachineOverTheCorpus() throws {
    var shapes = 0
    var files = 0
    for relative in Corpus.files("") where !relative.hasSuffix(".md") {
      let input = InputBytes(try Corpus.bytes(relative))
      shapes += Self.compareStreams(input)
      files += 1
    }
    #expect(files > 500)
    // The protocol fixtures alone hold dozens of plain pickles.
    #expect(shapes > 40)
  }

  /// Plain pickles of every protocol, cut, patched and spliced: every shape the walk still
  /// vouches for must match the machine, including the stack, mark and memo edge cases that make
  /// the machine report.
  @Test func shapesAgreeWithTheMachineOnMutatedPlainPickles() throws {
    let seeds = try Corpus.files("protocols", suffix: ".pkl").map { try Corpus.bytes($0) }
      .filter { bytes in
        let input = InputBytes(bytes)
        return ContainerScanner.scan(input, name: "seed").streams.contains { $0.plainShape != nil }
      }
    try #require(seeds.count >= 10)
    // Opcodes whose stack, mark and memo rules the walk mirrors, spliced in at random.
    let structural: [[UInt8]] = [
      [0x28], [0x30], [0x31], [0x32], [0x2E], [0x61], [0x65], [0x73], [0x75], [0x90],
      [0x94], [0x85], [0x86], [0x87], [0x74], [0x6C], [0x64], [0x91], [0x71, 0x00],
      [0x68, 0x00], [0x68, 0x7F], [0x71, 0x01], [0x5D], [0x7D], [0x29], [0x8F], [0x4E],
      [0x80, 0x06], [0x80, 0x02], [0x95, 0x02, 0, 0, 0, 0, 0, 0, 0],
    ]
    var generator = SeededGenerator(seed: 0x5AA9_E5)
    var shapes = 0
    for round in 0..<10_000 {
      var bytes = seeds[round % seeds.count]
      for _ in 0..<Int.random(in: 1...2, using: &generator) where !bytes.isEmpty {
        let position = Int.random(in: 0..<bytes.count, using: &generator)
        switch Int.random(in: 0..<4, using: &generator) {
        case 0: bytes.insert(contentsOf: structural.randomElement(using: &generator)!, at: position)
        case 1: bytes.remove(at: position)
        case 2: bytes[position] = UInt8.random(in: 0...255, using: &generator)
        default: bytes.removeSubrange(position...)
        }
      }
      shapes += Self.compareStreams(InputBytes(bytes))
    }
    // Many mutants stay plain; the comparison must have had real work.
    #expect(shapes > 800)
  }

  @Test func aShapePastABudgetLeavesTheStreamToTheMachine() throws {
    // [[], [], [], [], []] with every list memoised: 6 containers, 6 memo entries.
    var bytes: [UInt8] = [0x80, 0x04, 0x5D, 0x94, 0x28]
    for _ in 0..<5 { bytes += [0x5D, 0x94] }
    bytes += [0x65, 0x2E]
    let input = InputBytes(bytes)
    let shape = try #require(ContainerScanner.scan(input, name: "lists").streams.first?.plainShape)
    #expect(shape.containers == 6 && shape.memoEntries == 6 && shape.deepestStack == 6)
    var limits = AnalysisLimits()
    limits.maxMemoEntries = 5
    let analysis = input.withUnsafeBytes { raw in
      PickleAnalyzer.analyze(raw, limits: limits, plainShape: shape)
    }
    #expect(analysis.anomalies.map(\.kind) == [.limitExceeded])
    #expect(analysis.coverage != .complete)
    // The walk itself gives up at the same budget, so a scan never even offers the shape.
    #expect(Self.compareStreams(input, limits: limits) == 0)
  }

  @Test func aShapeForOtherBytesIsIgnored() throws {
    let bytes: [UInt8] = [0x80, 0x04, 0x4B, 0x01, 0x2E, 0x4B, 0x02, 0x2E]
    let input = InputBytes(bytes)
    let stream = try #require(ContainerScanner.scan(input, name: "two").streams.first)
    let shape = try #require(stream.plainShape)
    #expect(shape.end == 5)
    // The stream holds two pickles; the first one's shape does not describe it.
    let analysis = input.withUnsafeBytes { raw in
      PickleAnalyzer.analyze(raw, range: stream.range, plainShape: shape)
    }
    #expect(analysis.pickles.count == 2)
    #expect(analysis.anomalies.map(\.kind) == [.multiplePickles])
  }
}
