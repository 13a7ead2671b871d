import ArgumentParser
import PickleVet

struct Report: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Summarise a result store: verdicts, top rules, top callables, worst files."
  )

  enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
  }

  @Option(name: .long, help: "The SQLite result store written by `scan --db`.")
  var db: String

  @Option(name: .long, help: "table or json.")
  var format: OutputFormat = .table

  @Option(name: .long, help: "Entries per list.")
  var limit = 10

  func run() throws {
    let sink = OutputSink()
    do {
      let summary = try StoreSummary(store: try ResultStore(path: db), limit: limit)
      sink.write(format == .table ? summary.table : summary.json.pretty + "\n")
      sink.flush()
    } catch {
      printError("picklevet: \(error)")
      throw ExitCode(ExitStatus.incomplete)
    }
  }
}

struct Database: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "db",
    abstract: "Manage result stores.",
    subcommands: [Merge.self]
  )

  struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Join the stores of several shards into one.",
      discussion: "Rows already in OUTPUT are kept; paths take the row of the last input."
    )

    @Argument(help: "The store to merge into (created if missing).")
    var output: String

    @Argument(help: "Stores to merge from.")
    var inputs: [String]

    func run() throws {
      do {
        let store = try ResultStore(path: output)
        for input in inputs { try store.merge(from: input) }
      } catch {
        printError("picklevet: \(error)")
        throw ExitCode(ExitStatus.incomplete)
      }
    }
  }
}
