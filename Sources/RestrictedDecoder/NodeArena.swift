/// Frees self-referencing values, which reference counting alone never would.
///
/// Every node the machine makes is registered here. When a pickle decodes, only the nodes that
/// lie on a cycle stay registered, and releasing the arena (with the last copy of the
/// ``DecodedValue`` that holds it) empties them, which breaks every cycle. When a pickle is
/// refused, nothing it built escapes, so every node is emptied. Nodes on no cycle are never
/// touched: they stay valid for as long as anything holds them.
final class NodeArena {
  private var nodes: [Node] = []

  func register(_ node: Node) {
    node.arenaIndex = nodes.count
    nodes.append(node)
  }

  /// Drops every node that is on no cycle (Tarjan's strongly connected components, with an
  /// explicit stack: nesting depth comes from the input).
  func keepOnlyCycles() {
    let count = nodes.count
    var edgeStart = [Int](repeating: 0, count: count + 1)
    var edges: [Int] = []
    for (position, node) in nodes.enumerated() {
      edgeStart[position] = edges.count
      node.forEachChild { child in
        if child.arenaIndex < count, nodes[child.arenaIndex] === child {
          edges.append(child.arenaIndex)
        }
      }
    }
    edgeStart[count] = edges.count

    var order = [Int](repeating: -1, count: count)
    var lowLink = [Int](repeating: 0, count: count)
    var onComponentStack = [Bool](repeating: false, count: count)
    var onCycle = [Bool](repeating: false, count: count)
    var componentStack: [Int] = []
    var visits: [(node: Int, nextEdge: Int)] = []
    var nextOrder = 0

    func enter(_ node: Int) {
      order[node] = nextOrder
      lowLink[node] = nextOrder
      nextOrder += 1
      componentStack.append(node)
      onComponentStack[node] = true
      visits.append((node, edgeStart[node]))
    }

    for start in 0..<count where order[start] < 0 {
      enter(start)
      while let (node, edge) = visits.last {
        if edge < edgeStart[node + 1] {
          visits[visits.count - 1].nextEdge = edge + 1
          let child = edges[edge]
          if child == node { onCycle[node] = true }
          if order[child] < 0 {
            enter(child)
          } else if onComponentStack[child] {
            lowLink[node] = min(lowLink[node], order[child])
          }
          continue
        }
        visits.removeLast()
        if let parent = visits.last?.node { lowLink[parent] = min(lowLink[parent], lowLink[node]) }
        guard lowLink[node] == order[node] else { continue }
        var members: [Int] = []
        while let member = componentStack.popLast() {
          onComponentStack[member] = false
          members.append(member)
          if member == node { break }
        }
        if members.count > 1 { for member in members { onCycle[member] = true } }
      }
    }
    nodes = nodes.indices.filter { onCycle[$0] }.map { nodes[$0] }
  }

  deinit {
    for node in nodes { node.removeChildren() }
  }
}
