import PickleAnalysis

/// Graphviz DOT and Mermaid renderings: globals and calls as nodes, data flow as edges.
enum GraphDiagram {
  struct Edge: Hashable {
    var from: String
    var to: String
    var label: String
  }

  /// Nodes (id, label, is a call) and edges of one stream's graph.
  static func shape(_ analysis: Analysis, prefix: String) -> (
    nodes: [(String, String, Bool)], edges: [Edge]
  ) {
    var nodes: [(String, String, Bool)] = []
    var edges: [Edge] = []
    var globals: [String: String] = [:]
    func globalNode(_ name: String) -> String {
      if let id = globals[name] { return id }
      let id = "\(prefix)g\(globals.count)"
      globals[name] = id
      nodes.append((id, name, false))
      return id
    }
    for call in analysis.graph.calls {
      let id = "\(prefix)c\(call.id)"
      nodes.append(
        (
          id,
          "#\(call.id) \(call.pseudoPython)\n\(call.kind.rawValue), \(livenessWords(call.liveness))",
          true
        )
      )
      let callee =
        call.callee.map { globalNode($0.description) } ?? globalNode(call.dynamicCallee ?? "?")
      edges.append(Edge(from: callee, to: id, label: call.kind.rawValue))
      var seen: Set<Int> = []
      var pending = call.arguments + call.keywordArguments.flatMap { [$0.key, $0.value] }
      var budget = 256
      while let literal = pending.popLast(), budget > 0 {
        budget -= 1
        switch literal {
        case .callResult(let source) where seen.insert(source).inserted:
          edges.append(Edge(from: "\(prefix)c\(source)", to: id, label: "argument"))
        case .tuple(let items), .list(let items), .set(let items), .frozenset(let items):
          pending += items
        case .dict(let entries):
          pending += entries.flatMap { [$0.key, $0.value] }
        case .persistent(let inner): pending.append(inner)
        case .built(let object, let state): pending += [object, state]
        default: break
        }
      }
    }
    for reference in analysis.graph.references where !reference.isCalled {
      _ = globalNode(reference.name.description)
    }
    return (nodes, edges)
  }

  static func dot(_ streams: [CallGraphing.Stream]) -> String {
    var lines = ["digraph picklevet {", "  rankdir=LR;", "  node [fontname=\"monospace\"];"]
    for (index, stream) in streams.enumerated() {
      let (nodes, edges) = shape(stream.analysis, prefix: "s\(index)")
      for (id, label, isCall) in nodes {
        lines.append("  \(id) [label=\(dotQuote(label)), shape=\(isCall ? "box" : "ellipse")];")
      }
      for edge in edges {
        lines.append("  \(edge.from) -> \(edge.to) [label=\(dotQuote(edge.label))];")
      }
    }
    lines.append("}")
    return lines.joined(separator: "\n") + "\n"
  }

  static func mermaid(_ streams: [CallGraphing.Stream]) -> String {
    var lines = ["flowchart LR"]
    for (index, stream) in streams.enumerated() {
      let (nodes, edges) = shape(stream.analysis, prefix: "s\(index)")
      for (id, label, isCall) in nodes {
        let text = mermaidQuote(label)
        lines.append(isCall ? "  \(id)[\"\(text)\"]" : "  \(id)([\"\(text)\"])")
      }
      for edge in edges {
        lines.append("  \(edge.from) -->|\(mermaidQuote(edge.label))| \(edge.to)")
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func dotQuote(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }

  static func mermaidQuote(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "#quot;"
      case "\n": out += "<br/>"
      case "|": out += "#124;"
      case "<": out += "#lt;"
      case ">": out += "#gt;"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
