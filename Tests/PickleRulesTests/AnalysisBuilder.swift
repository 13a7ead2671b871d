import PickleAnalysis
import PickleRules

/// Hand-built analyses for engine tests, before (and besides) the real symbolic machine.
struct AnalysisBuilder {
  var graph = CallGraph()
  var anomalies: [Anomaly] = []
  var nested: [NestedAnalysis] = []
  var coverage: Coverage = .complete
  private var offset = 2

  /// Adds `GLOBAL module name` and returns the name and its offset.
  mutating func global(_ dotted: String, origin: String = "GLOBAL") -> (QualifiedName, Int) {
    let name = Self.name(dotted)
    offset += 10
    graph.references.append(
      GlobalReference(name: name, offset: offset, origin: origin, isCalled: false)
    )
    return (name, offset)
  }

  /// Adds a global and a call of it; returns the call id.
  @discardableResult
  mutating func call(
    _ dotted: String,
    _ arguments: [Literal] = [],
    kind: CallKind = .reduce,
    liveness: Liveness = .returned,
    via: [QualifiedName] = []
  ) -> Int {
    let (name, calleeOffset) = global(dotted)
    if let index = graph.references.lastIndex(where: { $0.offset == calleeOffset }) {
      graph.references[index].isCalled = true
    }
    offset += 10
    let id = graph.calls.count
    graph.calls.append(
      Call(
        id: id,
        kind: kind,
        callee: name,
        arguments: arguments,
        offset: offset,
        calleeOffset: calleeOffset,
        via: via,
        liveness: liveness
      )
    )
    return id
  }

  mutating func anomaly(_ kind: Anomaly.Kind, _ message: String = "odd") {
    offset += 1
    anomalies.append(Anomaly(kind, at: offset, message))
  }

  mutating func build(target: Literal, state: Literal) {
    offset += 1
    graph.builds.append(BuildEdge(offset: offset, target: target, state: state))
  }

  var analysis: Analysis {
    Analysis(graph: graph, anomalies: anomalies, nested: nested, coverage: coverage)
  }

  static func name(_ dotted: String) -> QualifiedName {
    // Split at the last dot that precedes an uppercase or underscore-led attribute is not
    // needed for tests: module is everything before the last dot.
    guard let dot = dotted.lastIndex(of: ".") else {
      return QualifiedName(module: "", name: dotted)
    }
    return QualifiedName(
      module: String(dotted[..<dot]),
      name: String(dotted[dotted.index(after: dot)...])
    )
  }

  static func str(_ text: String) -> Literal { .str(text, complete: true) }
}

/// Evaluates one hand-built stream.
func evaluate(
  _ builder: AnalysisBuilder,
  rules: RuleSet,
  selection: RuleSelection = .init(),
  artifact: String = "test.pkl"
) -> Evaluation {
  RuleEngine(rules: rules, selection: selection).evaluate(
    artifact: artifact,
    streams: [
      StreamInput(analysis: builder.analysis, location: Location(artifact: artifact, byteOffset: 0))
    ],
    fileAnomalies: [],
    readError: nil
  )
}
