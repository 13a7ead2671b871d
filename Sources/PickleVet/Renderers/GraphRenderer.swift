import PickleAnalysis

/// Renders call graphs as pseudo-Python text, JSON, Graphviz DOT or Mermaid.
public struct GraphRenderer: Sendable {
  /// An output format.
  public enum Format: String, Sendable, CaseIterable {
    /// One line of pseudo-Python per call, then uncalled references, then anomalies.
    case text
    /// One JSON document.
    case json
    /// Graphviz DOT.
    case dot
    /// A Mermaid flowchart.
    case mermaid
  }

  /// The format.
  public var format: Format

  /// A renderer for `format`.
  public init(format: Format) { self.format = format }

  /// The rendering of every stream, ending in a newline.
  ///
  /// - Parameter streams: The analysed streams of one file.
  /// - Returns: The text.
  public func render(_ streams: [CallGraphing.Stream]) -> String {
    switch format {
    case .text: return GraphText.render(streams)
    case .json: return GraphJSON.render(streams)
    case .dot: return GraphDiagram.dot(streams)
    case .mermaid: return GraphDiagram.mermaid(streams)
    }
  }
}

/// Hex offsets as the text output writes them.
func hexOffset(_ offset: Int) -> String { "0x" + String(offset, radix: 16) }

/// Words for a liveness.
func livenessWords(_ liveness: Liveness) -> String {
  switch liveness {
  case .returned: "result returned"
  case .discarded: "result discarded"
  case .unknown: "result unknown (stream broken)"
  }
}

/// The pseudo-Python text format.
enum GraphText {
  static func render(_ streams: [CallGraphing.Stream]) -> String {
    var lines: [String] = []
    for stream in streams {
      if streams.count > 1 { lines.append("# stream: \(stream.label)") }
      append(stream.analysis, indent: "", to: &lines)
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Appends one analysis, then its nested payloads one level deeper (bounded by the nesting limit).
  static func append(_ analysis: Analysis, indent: String, to lines: inout [String]) {
    var pending: [(Analysis, String, String?)] = [(analysis, indent, nil)]
    while !pending.isEmpty {
      let (current, prefix, header) = pending.removeFirst()
      if let header { lines.append(prefix.dropLast(2) + header) }
      body(current, prefix, &lines)
      for nested in current.nested {
        let transforms =
          nested.transforms.isEmpty ? "" : " after " + nested.transforms.joined(separator: ", ")
        let title =
          "# nested \(nested.deserializer) payload of call #\(nested.callID) (\(nested.byteCount) bytes\(transforms))"
        if let inner = nested.analysis {
          pending.append((inner, prefix + "    ", title))
        } else {
          lines.append(prefix + "  " + title + ": not a pickle, not analysed")
        }
      }
    }
  }

  private static func body(_ analysis: Analysis, _ indent: String, _ lines: inout [String]) {
    if analysis.graph.calls.isEmpty { lines.append(indent + "# no calls") }
    for call in analysis.graph.calls {
      var note = "offset \(hexOffset(call.offset)), \(livenessWords(call.liveness))"
      if !call.via.isEmpty {
        note += ", via " + call.via.map(\.description).joined(separator: " → ")
      }
      if call.kind == .indirect { note += ", indirect" }
      lines.append(indent + call.pseudoPython + "  # " + note)
    }
    let uncalled = analysis.graph.references.filter { !$0.isCalled }
    if !uncalled.isEmpty {
      lines.append(indent + "# referenced, not called:")
      for reference in uncalled {
        lines.append(
          indent + "#   \(reference.name)  (\(reference.origin) at \(hexOffset(reference.offset)))"
        )
      }
    }
    if !analysis.anomalies.isEmpty {
      lines.append(indent + "# anomalies:")
      for anomaly in analysis.anomalies {
        lines.append(
          indent + "#   \(anomaly.kind) at \(hexOffset(anomaly.offset)): \(anomaly.message)"
        )
      }
    }
    if case .incomplete(let reasons) = analysis.coverage {
      lines.append(indent + "# incomplete: " + reasons.joined(separator: "; "))
    }
  }
}
