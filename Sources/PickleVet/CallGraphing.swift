import ModelContainers
import PickleAnalysis

/// The `graph` command's work: analyse every pickle stream of a file and render its call graph.
public enum CallGraphing {
  /// One analysed pickle stream of a file.
  public struct Stream: Sendable {
    /// Where the stream sits in the file (`whole file` until containers are unwrapped).
    public var label: String
    /// The analysis of the stream.
    public var analysis: Analysis

    /// A stream.
    public init(label: String, analysis: Analysis) {
      self.label = label
      self.analysis = analysis
    }
  }

  /// Analyses every pickle stream of the file at `path`, in any container.
  ///
  /// - Parameters:
  ///   - path: The file, or `-` for standard input.
  ///   - limits: Bounds on the analysis.
  /// - Returns: One analysis per stream.
  /// - Throws: ``InputBytes/OpenError`` when the file cannot be read.
  public static func analyze(path: String, limits: AnalysisLimits = .init()) throws -> [Stream] {
    let (_, found) = try StreamSource.streams(path: path)
    return found.report.streams.map { stream in
      Stream(
        label: StreamSource.label(stream),
        analysis: stream.bytes.withUnsafeBytes { raw in
          PickleAnalyzer.analyze(raw, range: stream.range, skips: stream.skips, limits: limits)
        }
      )
    }
  }

  /// Analyses the file at `path` and writes its call graph to `sink`.
  ///
  /// - Parameters:
  ///   - path: The file.
  ///   - format: How to render the graph.
  ///   - sink: Where the output goes.
  /// - Returns: The analysed streams.
  /// - Throws: ``InputBytes/OpenError`` when the file cannot be read.
  @discardableResult
  public static func run(path: String, format: GraphRenderer.Format, sink: OutputSink) throws
    -> [Stream]
  {
    let streams = try analyze(path: path)
    sink.write(GraphRenderer(format: format).render(streams))
    return streams
  }
}
