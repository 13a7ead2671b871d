import ArgumentParser
import FoundationEssentials
import Glibc
import PickleVet

struct Scan: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Scan files and directories for pickles that would run code when loaded.",
    discussion: """
      Exit status: 1 when any file's verdict is at or above --fail-on (even if errors also \
      happened: a finding is never masked); else 2 when a file could not be read or was only \
      partly analysed; else 0. 64 for usage errors.
      """
  )

  @Argument(help: "Files, directories (walked recursively), or - for standard input.")
  var paths: [String] = []

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Also scan the paths listed in FILE (- reads the list from standard input).",
      discussion: """
        One path per line, or NUL-separated when the list holds a NUL byte (find -print0). \
        For batch jobs: thousands of paths on the command line parse slowly.
        """,
      valueName: "FILE"
    )
  )
  var filesFrom: String?

  @Option(name: .long, help: "Output format: text, json, jsonl or sarif.")
  var format: BatchScan.Format = .text

  @Option(
    name: .long,
    help: "Lowest verdict that makes the exit status 1: suspicious, malicious or never."
  )
  var failOn: FailThreshold = .suspicious

  @Option(
    name: .long,
    parsing: .singleValue,
    help: "Only scan files matching this glob (repeatable)."
  )
  var include: [String] = []

  @Option(
    name: .long,
    parsing: .singleValue,
    help: "Skip files and directories matching this glob (repeatable)."
  )
  var exclude: [String] = []

  @Option(name: [.customShort("j"), .long], help: "Files scanned in parallel (default: cores).")
  var jobs: Int?

  @Option(
    name: .long,
    help: "SQLite result store: skip files already scanned, resume after interruption."
  )
  var db: String?

  static let budgetScales = 1...100

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Multiply the analysis budget by N (\(budgetScales.lowerBound)-\(budgetScales.upperBound)) "
        + "for big honest pickles.",
      discussion: "Opcodes, memo entries, values and calls per stream; memory grows with it. "
        + "A stream past its budget is never reported safe."
    )
  )
  var budgetScale = 1

  @Option(name: .long, help: "Scan only shard K of N (K/N), a stable split by path hash.")
  var shard: String?

  @Option(name: .long, parsing: .singleValue, help: "Extra rule file (repeatable).")
  var rules: [String] = []

  @Flag(name: .long, help: "Use only the --rules files, not the shipped policy.")
  var replaceRules = false

  @Option(
    name: .long,
    parsing: .singleValue,
    help: "Only report rules with these ids or prefixes (PKL2, PKL301)."
  )
  var select: [String] = []

  @Option(
    name: .long,
    parsing: .singleValue,
    help: "Do not report rules with these ids or prefixes."
  )
  var ignore: [String] = []

  @Flag(name: .long, help: "Never colour text output.")
  var noColor = false

  @Flag(name: .long, help: "No progress display on standard error.")
  var noProgress = false

  @Option(name: .long, help: .hidden)
  var abortAfter: Int?

  func validate() throws {
    if paths.isEmpty && filesFrom == nil {
      throw ValidationError("give at least one file, directory, or -")
    }
    if filesFrom == "-" && paths.contains("-") {
      throw ValidationError("standard input cannot hold both the --files-from list and a pickle")
    }
    if let shard, Shard(shard) == nil {
      throw ValidationError("--shard takes K/N with 1 <= K <= N")
    }
    if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    if !Self.budgetScales.contains(budgetScale) {
      throw ValidationError(
        "--budget-scale takes \(Self.budgetScales.lowerBound) to \(Self.budgetScales.upperBound)"
      )
    }
  }

  func run() throws {
    let scanner: PickleVet.Scanner
    do {
      scanner = try PickleVet.Scanner(
        configuration: PickleVet.Scanner.Configuration(
          ruleFiles: rules,
          replaceRules: replaceRules,
          select: select,
          ignore: ignore,
          hashContent: db != nil,
          analysisLimits: AnalysisLimits().scaled(by: budgetScale)
        )
      )
    } catch {
      printError("picklevet: \(error)")
      throw ExitCode(ExitStatus.usage)
    }
    var listed: [String] = []
    if let filesFrom {
      let list: [UInt8]? =
        filesFrom == "-"
        ? readStandardInput()
        : (try? InputBytes(mapping: filesFrom))?.withUnsafeBytes { Array($0) }
      guard let list else {
        printError("picklevet: cannot read the --files-from list \(filesFrom)")
        throw ExitCode(ExitStatus.usage)
      }
      listed = pathList(list)
    }
    var options = BatchScan.Options(paths: paths + listed)
    options.format = format
    options.walker = FileWalker(include: include, exclude: exclude)
    if let jobs { options.concurrency = jobs }
    options.shard = shard.flatMap(Shard.init)
    options.databasePath = db
    options.color =
      format == .text && !noColor && isatty(1) == 1
      && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
    options.progress = !noProgress
    options.failOn = failOn
    options.abortAfter = abortAfter
    let outcome: BatchScan.Outcome
    do {
      outcome = try BatchScan(scanner: scanner, options: options).run(sink: OutputSink())
    } catch {
      printError("picklevet: \(error)")
      throw ExitCode(ExitStatus.incomplete)
    }
    if outcome.exitStatus != 0 { throw ExitCode(outcome.exitStatus) }
  }
}

extension BatchScan.Format: ExpressibleByArgument {}
extension FailThreshold: ExpressibleByArgument {}
