import ArgumentParser
import PickleVet

struct Dis: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Disassemble every pickle in a file, as pickletools.dis does.",
    discussion: """
      Exit status: 0 when every pickle was read to its STOP, 1 when a stream is broken or \
      followed by stray bytes, 2 when the file cannot be read.
      """
  )

  enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, jsonl
  }

  @Option(name: .long, help: "text (pickletools layout) or jsonl (one JSON object per opcode).")
  var format: OutputFormat = .text

  @Argument(help: "The file to disassemble, or - for standard input.")
  var file: String

  func run() throws {
    let sink = OutputSink()
    let outcome: Disassembler.Outcome
    do {
      outcome = try Disassembly.run(
        path: file,
        format: format == .text ? .text : .jsonl,
        sink: sink
      )
    } catch {
      sink.flush()
      printError("picklevet: \(error)")
      throw ExitCode(2)
    }
    sink.flush()
    if outcome.error != nil || outcome.trailingData != nil { throw ExitCode(1) }
  }
}
