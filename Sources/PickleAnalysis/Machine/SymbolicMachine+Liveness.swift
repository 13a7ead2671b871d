extension SymbolicMachine {
  /// Marks each call of the pickle `returned` or `discarded` by reachability from its result.
  ///
  /// An iterative walk over every child chunk (items, overflow, state, call inputs), visiting only
  /// nodes made by this pickle.
  mutating func settleLiveness(result: Value?, firstCall: Int, firstNode: Int, complete: Bool) {
    guard firstCall < calls.count else { return }
    guard complete, !broken, let result else {
      for id in firstCall..<calls.count { calls[id].liveness = .unknown }
      return
    }
    var visited = [Bool](repeating: false, count: nodes.count - firstNode)
    var work: [Int32] = []
    func visit(_ value: Value) {
      guard let node = value.nodeIndex, Int(node) >= firstNode else { return }
      let slot = Int(node) - firstNode
      guard !visited[slot] else { return }
      visited[slot] = true
      work.append(node)
    }
    visit(result)
    while let node = work.popLast() {
      var chunk = nodes[Int(node)].firstChunk
      while chunk >= 0 {
        let c = chunks[Int(chunk)]
        for index in Int(c.start)..<Int(c.start + c.count) { visit(pool[index]) }
        chunk = c.next
      }
    }
    for id in firstCall..<calls.count {
      let node = Int(callNodes[id])
      let live = node >= firstNode && visited[node - firstNode]
      calls[id].liveness = live ? .returned : .discarded
    }
  }
}
