@_exported import PickleCore

#if canImport(Glibc)
import Glibc
#endif

/// The `dis` command's work: disassemble every pickle of a file.
public enum Disassembly {
  /// Disassembles the file at `path` into `sink`.
  ///
  /// - Returns: what the walk found (complete pickles, the error that ended it, trailing data).
  /// - Throws: ``InputBytes/OpenError`` when the file cannot be read.
  public static func run(path: String, format: Disassembler.Format, sink: OutputSink) throws
    -> Disassembler.Outcome
  {
    let input = path == "-" ? InputBytes(readStandardInput()) : try InputBytes(mapping: path)
    return input.withUnsafeBytes { bytes in
      Disassembler(format: format).run(bytes) { sink.line($0) }
    }
  }
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
