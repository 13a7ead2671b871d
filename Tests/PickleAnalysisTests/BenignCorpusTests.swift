import PickleAnalysis
import PickleTestSupport
import Testing

/// Real-library pickles (`Corpus/benign`, raw pickle streams only) analyse cleanly.
struct BenignCorpusTests {
  /// Raw pickle streams per `Corpus/benign/containers.tsv`; compressed, zip, npy, joblib and legacy
  /// torch files are containers, unwrapped elsewhere.
  static let rawPickles: [String] = {
    guard let table = try? Corpus.text("benign/containers.tsv") else { return [] }
    return table.split(separator: "\n").dropFirst().compactMap { line in
      let fields = line.split(separator: "\t").map(String.init)
      guard fields.count == 2, fields[1] == "pickle" || fields[1].hasPrefix("pickle-multi") else {
        return nil
      }
      return fields[0]
    }
  }()

  /// Callables a benign library pickle must never reach.
  static let dangerous = [
    "os.", "subprocess.", "builtins.eval", "builtins.exec", "builtins.__import__", "pickle.",
    "marshal.", "importlib.", "socket.",
  ]

  @Test func corpusIsListed() {
    #expect(Self.rawPickles.count > 100)
  }

  @Test(arguments: rawPickles)
  func benignPickleAnalysesCleanly(path: String) throws {
    let analysis = PickleAnalyzer.analyze(try Corpus.bytes(path))
    #expect(analysis.coverage == .complete)
    let unexpected: Set<Anomaly.Kind> = [
      .stackUnderflow, .unresolvedCallee, .memoMissing, .markMisuse, .truncated, .trailingData,
      .unknownOpcode, .unusualPersistentID, .nonStringGlobalOperands, .memoOverwrite,
    ]
    let odd = analysis.anomalies.filter { unexpected.contains($0.kind) }
    #expect(odd.isEmpty, "\(odd)")
    for call in analysis.graph.calls {
      let shown = call.pseudoPython
      #expect(call.liveness == .returned, "\(shown)")
      let name = call.callee?.description ?? ""
      #expect(!Self.dangerous.contains { name.hasPrefix($0) }, "\(shown)")
    }
    #expect(analysis.pickles.allSatisfy { $0.complete })
  }

  @Test func multiplePicklesAreInformational() throws {
    let analysis = PickleAnalyzer.analyze(
      try Corpus.bytes("benign/stdlib/three-dumps-one-file.pkl")
    )
    #expect(analysis.pickles.count == 3)
    #expect(analysis.anomalies.map(\.kind) == [.multiplePickles])
  }
}
