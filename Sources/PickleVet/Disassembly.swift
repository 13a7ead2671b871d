import ModelContainers
import PickleCore

/// The `dis` command's work: disassemble every pickle of a file.
public enum Disassembly {
  /// Disassembles the file at `path` into `sink`.
  ///
  /// - Returns: what the walk found (complete pickles, the error that ended it, trailing data).
  /// - Throws: ``InputBytes/OpenError`` when the file cannot be read.
  public static func run(path: String, format: Disassembler.Format, sink: OutputSink) throws
    -> Disassembler.Outcome
  {
    let (input, found) = try StreamSource.streams(path: path)
    let disassembler = Disassembler(format: format)
    if found.isPlainPickle || found.report.streams.isEmpty {
      // A raw pickle (or nothing recognisable) is shown whole, as pickletools would.
      return input.withUnsafeBytes { bytes in disassembler.run(bytes) { sink.line($0) } }
    }
    var combined = Disassembler.Outcome()
    for stream in found.report.streams {
      switch format {
      case .text: sink.line("# stream: " + StreamSource.label(stream))
      case .jsonl: sink.line(#"{"stream":\#(JSONText.quoted(StreamSource.label(stream)))}"#)
      }
      let outcome = stream.bytes.withUnsafeBytes { bytes in
        disassembler.run(bytes, range: stream.range, skips: stream.skips) { sink.line($0) }
      }
      combined.completePickles += outcome.completePickles
      combined.error = combined.error ?? outcome.error
      combined.trailingData = combined.trailingData ?? outcome.trailingData
      if format == .text { sink.line("") }
    }
    return combined
  }
}
