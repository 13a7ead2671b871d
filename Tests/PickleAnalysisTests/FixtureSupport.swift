import PickleAnalysis
import PickleCore
import PickleTestSupport

/// Helpers shared by the fixture tests.
enum Fixture {
  /// The analysis of `Corpus/analysis/<relative>`.
  static func analyze(_ relative: String, limits: AnalysisLimits = .init()) throws -> Analysis {
    PickleAnalyzer.analyze(try Corpus.bytes("analysis/" + relative), limits: limits)
  }

  /// The bytes of `Corpus/analysis/<relative>`.
  static func bytes(_ relative: String) throws -> [UInt8] {
    try Corpus.bytes("analysis/" + relative)
  }

  /// The canary command of fixture `name`.
  static func canary(_ name: String) -> Literal {
    .str("touch /tmp/picklevet-canary-" + name, complete: true)
  }

  /// A string literal.
  static func str(_ text: String) -> Literal { .str(text, complete: true) }
}

extension Analysis {
  /// Calls whose resolved callee is `name`.
  func calls(to name: String) -> [Call] {
    graph.calls.filter { $0.callee?.description == name }
  }

  /// True when an anomaly of `kind` was recorded.
  func has(_ kind: Anomaly.Kind) -> Bool { anomalies.contains { $0.kind == kind } }
}
