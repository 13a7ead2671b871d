import ModelContainers

/// The pickle streams of a file, whatever its container: what `dis`, `graph` and `decode` walk.
public enum StreamSource {
  /// A file's streams, and whether the file is a plain pickle (one stream spanning all of it).
  public struct Streams: Sendable {
    /// The container report: formats, streams, anomalies.
    public var report: ContainerReport
    /// True for a raw pickle file, which is shown as one stream without a header.
    public var isPlainPickle: Bool
  }

  /// Reads `path` (or standard input for `-`) and finds its pickle streams.
  ///
  /// - Throws: ``InputBytes/OpenError`` when the file cannot be read.
  public static func streams(path: String) throws -> (input: InputBytes, streams: Streams) {
    let input = path == "-" ? InputBytes(readStandardInput()) : try InputBytes(mapping: path)
    let report = ContainerScanner.scan(input, name: path)
    let plain =
      report.format == ["pickle"] && report.streams.count == 1
      && report.streams[0].location.members.count <= 1 && report.streams[0].skips.isEmpty
    return (input, Streams(report: report, isPlainPickle: plain))
  }

  /// `archive/data.pkl @ 0`: where a stream is inside its file (the file itself left out).
  public static func label(_ stream: PickleStream) -> String {
    let members = stream.location.members.dropFirst()
    let place = members.isEmpty ? "file" : members.joined(separator: " › ")
    return "\(place) @ \(stream.location.offset) (\(stream.kind))"
  }
}
