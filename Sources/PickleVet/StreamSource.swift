import ModelContainers

#if canImport(Glibc)
import Glibc
#endif

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
    let members = stream.location.membersInsideFile
    let place = members.isEmpty ? "file" : members.joined(separator: " › ")
    return "\(place) @ \(stream.location.offset) (\(stream.kind))"
  }
}

extension StreamLocation {
  /// The container members from the outside in, without the file itself (its first step).
  public var membersInsideFile: [String] { Array(members.dropFirst()) }
}

/// Reads all of standard input.
public func readStandardInput() -> [UInt8] {
  var bytes: [UInt8] = []
  var chunk = [UInt8](repeating: 0, count: 1 << 16)
  while true {
    let count = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
    if count < 0 && errno == EINTR { continue }
    if count <= 0 { break }
    bytes.append(contentsOf: chunk[0..<count])
  }
  return bytes
}

/// The paths of a `--files-from` list: NUL-separated when the list holds a NUL byte (as
/// `find -print0` writes it, for names with newlines), else one per line; empty entries are
/// skipped.
public func pathList(_ bytes: [UInt8]) -> [String] {
  let separator: UInt8 = bytes.contains(0) ? 0 : UInt8(ascii: "\n")
  return bytes.split(separator: separator).map { String(decoding: $0, as: UTF8.self) }
}
