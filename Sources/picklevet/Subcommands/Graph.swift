import ArgumentParser
import PickleVet

struct Graph: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Show what a pickle would call, with which arguments, without loading it.",
    discussion: """
      Prints one line of pseudo-Python per call (with its offset and whether its result is \
      returned or discarded), then the globals referenced but not called, then the anomalies. \
      Exit status: 0 when the file was analysed, 2 when it cannot be read.
      """
  )

  enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, dot, mermaid
  }

  @Option(name: .long, help: "text (pseudo-Python), json, dot (Graphviz) or mermaid.")
  var format: OutputFormat = .text

  @Argument(help: "The pickle file to analyse.")
  var file: String

  func run() throws {
    let sink = OutputSink()
    do {
      let rendering = GraphRenderer.Format(rawValue: format.rawValue) ?? .text
      try CallGraphing.run(path: file, format: rendering, sink: sink)
    } catch {
      sink.flush()
      printError("picklevet: \(error)")
      throw ExitCode(2)
    }
    sink.flush()
  }
}
