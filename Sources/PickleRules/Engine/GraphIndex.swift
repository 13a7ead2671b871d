import PickleAnalysis

/// Lookups over a call graph that findings need: calls by id and by the offset of their callee.
final class GraphIndex {
  let graph: CallGraph
  private var built = false
  private var byCalleeOffset: [Int: [Int]] = [:]

  init(_ graph: CallGraph) { self.graph = graph }

  /// Positions in `graph.calls` of the calls whose callee was produced at `offset`.
  func calls(calleeAt offset: Int) -> [Call] {
    if !built {
      for (index, call) in graph.calls.enumerated() {
        if let calleeOffset = call.calleeOffset {
          byCalleeOffset[calleeOffset, default: []].append(index)
        }
      }
      built = true
    }
    return (byCalleeOffset[offset] ?? []).map { graph.calls[$0] }
  }

  /// The call with `id`.
  func call(_ id: Int) -> Call? {
    if id >= 0, id < graph.calls.count, graph.calls[id].id == id { return graph.calls[id] }
    return graph.calls.first { $0.id == id }
  }
}
