import PickleAnalysis
import PickleTestSupport
import Testing

/// Plain data of every protocol makes no unexpected calls and no structural noise.
struct ProtocolCorpusTests {
  static let plainNames = [
    "ints.pkl", "floats.pkl", "strings.pkl", "recursive.pkl", "memo-large.pkl", "framed-large.pkl",
    "dup.pkl", "string.pkl", "binstring.pkl", "binbytes8.pkl", "binunicode8.pkl",
  ]
  static let plainData = Corpus.files("protocols", suffix: ".pkl").filter { path in
    plainNames.contains { path.hasSuffix("/" + $0) }
  }

  /// Builtins that plain bytes, sets and containers reduce through below protocol 3/4.
  static let containerBuilders: Set<String> = [
    "builtins.set", "builtins.frozenset", "builtins.bytes", "builtins.bytearray", "codecs.encode",
  ]

  @Test(arguments: plainData)
  func plainDataMakesNoCalls(path: String) throws {
    let analysis = PickleAnalyzer.analyze(try Corpus.bytes(path))
    let shown = analysis.graph.calls.map(\.pseudoPython)
    #expect(analysis.graph.calls.isEmpty, "\(shown)")
    #expect(analysis.coverage == .complete)
    #expect(analysis.pickles.allSatisfy { $0.complete })
    #expect(!analysis.anomalies.contains { $0.kind == .stackUnderflow || $0.kind == .memoMissing })
  }

  @Test(
    arguments: Corpus.files("protocols", suffix: ".pkl").filter {
      $0.hasSuffix("/bytes.pkl") || $0.hasSuffix("/containers.pkl")
    }
  )
  func containersCallOnlyBuilders(path: String) throws {
    let analysis = PickleAnalyzer.analyze(try Corpus.bytes(path))
    for call in analysis.graph.calls {
      let shown = call.pseudoPython
      #expect(Self.containerBuilders.contains(call.callee?.description ?? "?"), "\(shown)")
      #expect(call.liveness == .returned)
    }
    #expect(analysis.coverage == .complete)
  }

  @Test(arguments: Corpus.files("protocols", suffix: ".pkl"))
  func everyProtocolFileIsComplete(path: String) throws {
    let analysis = PickleAnalyzer.analyze(try Corpus.bytes(path))
    #expect(analysis.coverage == .complete)
    #expect(analysis.pickles.count == 1)
    let fatal: Set<Anomaly.Kind> = [
      .stackUnderflow, .memoMissing, .markMisuse, .truncated, .unknownOpcode,
    ]
    let odd = analysis.anomalies.filter { fatal.contains($0.kind) }
    #expect(odd.isEmpty, "\(odd)")
    let notReturned = analysis.graph.calls.filter { $0.liveness != .returned }
    #expect(notReturned.isEmpty)
  }
}
