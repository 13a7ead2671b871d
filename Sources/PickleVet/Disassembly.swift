@_exported import PickleCore

/// The `dis` command's work: disassemble every pickle of a file.
public enum Disassembly {
  /// Disassembles the file at `path` into `sink`.
  ///
  /// - Returns: what the walk found (complete pickles, the error that ended it, trailing data).
  /// - Throws: ``InputBytes/OpenError`` when the file cannot be read.
  public static func run(path: String, format: Disassembler.Format, sink: OutputSink) throws
    -> Disassembler.Outcome
  {
    let input = try InputBytes(mapping: path)
    return input.withUnsafeBytes { bytes in
      Disassembler(format: format).run(bytes) { sink.line($0) }
    }
  }
}
