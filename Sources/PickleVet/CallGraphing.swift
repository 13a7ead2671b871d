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

  /// A region of the input that holds one pickle stream.
  public struct StreamLocation: Sendable {
    /// A label for reports.
    public var label: String
    /// The bytes of the stream.
    public var range: ByteRange
    /// Raw regions inside the stream to jump over.
    public var skips: [ByteRange]

    /// A location.
    public init(label: String, range: ByteRange, skips: [ByteRange] = []) {
      self.label = label
      self.range = range
      self.skips = skips
    }
  }

  /// Finds the pickle streams of a file's bytes.
  ///
  /// For now the whole file is one raw pickle stream; when containers are wired, this is the one
  /// function to replace.
  ///
  /// - Parameter bytes: The file's bytes.
  /// - Returns: The streams to analyse.
  public static func locateStreams(in bytes: UnsafeRawBufferPointer) -> [StreamLocation] {
    [StreamLocation(label: "whole file", range: ByteRange(start: 0, count: bytes.count))]
  }

  /// Analyses every pickle stream of the file at `path`.
  ///
  /// - Parameters:
  ///   - path: The file.
  ///   - limits: Bounds on the analysis.
  /// - Returns: One analysis per stream.
  /// - Throws: ``InputBytes/OpenError`` when the file cannot be read.
  public static func analyze(path: String, limits: AnalysisLimits = .init()) throws -> [Stream] {
    let input = try InputBytes(mapping: path)
    return input.withUnsafeBytes { raw in
      locateStreams(in: raw).map { location in
        Stream(
          label: location.label,
          analysis: PickleAnalyzer.analyze(
            raw,
            range: location.range,
            skips: location.skips,
            limits: limits
          )
        )
      }
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
