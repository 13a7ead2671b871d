import FoundationEssentials
import Glibc

/// A whole `scan` run: expand paths, shard, skip what the store has, scan in parallel, and
/// write the report in the chosen format as files complete (in input order).
public struct BatchScan {
  /// Output formats.
  public enum Format: String, Sendable, CaseIterable {
    case text, json, jsonl, sarif
  }

  /// Settings of one run.
  public struct Options {
    /// Files, directories, or `-`.
    public var paths: [String]
    /// Output format.
    public var format: Format = .text
    /// Include and exclude globs for directories.
    public var walker = FileWalker()
    /// Parallel workers.
    public var concurrency = ProcessInfo.processInfo.activeProcessorCount
    /// Only the files of this shard.
    public var shard: Shard?
    /// The result store, if any.
    public var databasePath: String?
    /// ANSI colours in text output.
    public var color = false
    /// Progress on standard error when it is a TTY.
    public var progress = true
    /// `--fail-on`.
    public var failOn: FailThreshold = .suspicious
    /// Test hook: exit abruptly after this many files were stored (simulates a crash).
    public var abortAfter: Int?

    /// Options for `paths`.
    public init(paths: [String]) { self.paths = paths }
  }

  /// What the run did, for the exit status and the closing line.
  public struct Outcome: Sendable {
    /// Reports of the files scanned in this run, in order, kept only for `json` and `sarif`
    /// (one document at the end); `text` and `jsonl` stream, so a run over millions of files
    /// holds only ``tally``.
    public var reports: [FileReport] = []
    /// Verdict counts and sizes of every file scanned in this run.
    public var tally = Tally()
    /// Files skipped because the store already had them.
    public var skipped = 0
    /// Problems found while walking the paths.
    public var walkProblems: [String] = []
    /// The exit status.
    public var exitStatus: Int32 = ExitStatus.clean
  }

  private let scanner: any FileScanning
  private let options: Options

  /// A run of `scanner` with `options`.
  public init(scanner: any FileScanning, options: Options) {
    self.scanner = scanner
    self.options = options
  }

  /// Runs the scan, writing the report to `sink`.
  ///
  /// - Throws: ``ResultStore/StoreError`` when the store cannot be opened or written.
  public func run(sink: OutputSink) throws -> Outcome {
    var outcome = Outcome()
    let store = try options.databasePath.map { try ResultStore(path: $0) }
    let policy = scanner.policyVersion
    var jobs: [FileWalker.Entry] = []
    var mtimes: [Int] = []
    for entry in options.walker.entries(options.paths) {
      switch entry {
      case .problem(let path, let reason):
        // Reported as an `error` file, so every output format shows it, not only stderr.
        outcome.walkProblems.append("\(path): \(reason)")
        jobs.append(entry)
        mtimes.append(0)
      case .standardInput:
        jobs.append(entry)
        mtimes.append(0)
      case .file(let path):
        if let shard = options.shard, !shard.contains(path) { continue }
        var info = stat()
        let known = stat(path, &info) == 0
        let mtime = known ? Int(info.st_mtim.tv_sec) : 0
        if let store, known,
          try store.isDone(path: path, size: Int(info.st_size), mtime: mtime, policy: policy)
        {
          outcome.skipped += 1
          continue
        }
        jobs.append(entry)
        mtimes.append(mtime)
      }
    }

    let scanner = self.scanner
    let work = jobs
    let standardInput: [UInt8]? =
      jobs.contains(.standardInput) ? readStandardInput() : nil
    let progress = ProgressBar(total: jobs.count, enabled: options.progress && isatty(2) == 1)
    let text = TextRenderer(color: options.color)
    let rules = { (id: String) in scanner.ruleDoc(id) }
    var stored = 0
    // Workers also render the JSON line (for jsonl output and the store), in parallel.
    let wantsLine = options.format == .jsonl || store != nil
    OrderedParallelMap<ScannedFile>(concurrency: options.concurrency).run(count: jobs.count) {
      index in
      let report: FileReport =
        switch work[index] {
        case .file(let path): scanner.scan(path: path)
        case .standardInput: scanner.scan(bytes: standardInput ?? [], name: "-")
        case .problem(let path, let reason): .unreadable(path, reason)
        }
      let line =
        wantsLine ? JSONReportRenderer.fileObject(report, policyVersion: policy).compact : ""
      return ScannedFile(report: report, jsonLine: line)
    } emit: { index, scanned in
      let report = scanned.report
      progress.advance(bytes: report.size ?? 0)
      switch options.format {
      case .text: sink.write(text.render(report, rules: rules))
      case .jsonl:
        sink.line(scanned.jsonLine)
        sink.flush()
      case .json, .sarif: break
      }
      if let store, jobs[index] != .standardInput {
        let json = scanned.jsonLine
        do {
          try store.record(report, reportJSON: json, mtime: mtimes[index], policy: policy)
        } catch {
          printError("picklevet: \(error)")
        }
        stored += 1
        if let limit = options.abortAfter, stored >= limit {
          sink.flush()
          _exit(137)
        }
      }
      outcome.tally.add(report)
      if options.format == .json || options.format == .sarif { outcome.reports.append(report) }
    }
    progress.finish()

    switch options.format {
    case .text:
      sink.write(text.summary(outcome.tally))
      if outcome.skipped > 0 { sink.line("skipped     \(outcome.skipped) (already in the store)") }
    case .json:
      sink.line(JSONReportRenderer.document(outcome.reports, policyVersion: policy).pretty)
    case .sarif:
      sink.line(SARIFRenderer.render(outcome.reports, rules: rules, policyVersion: policy))
    case .jsonl:
      break
    }
    sink.flush()
    outcome.exitStatus = ExitStatus.of(
      verdicts: Verdict.allCases.filter { outcome.tally.files(with: $0) > 0 },
      anyIncomplete: !outcome.walkProblems.isEmpty || outcome.tally.anyIncomplete,
      threshold: options.failOn
    )
    return outcome
  }
}

/// A worker's result: the report, and its compact JSON when the run writes or stores it.
private struct ScannedFile: Sendable {
  let report: FileReport
  let jsonLine: String
}

/// Verdict counts and bytes of a run, kept as reports stream past.
public struct Tally: Sendable {
  /// Files counted.
  public private(set) var files = 0
  /// Their bytes, where known.
  public private(set) var bytes = 0
  /// True once a file was only partly analysed.
  public private(set) var anyIncomplete = false
  private var verdicts: [Verdict: Int] = [:]

  /// Counts `report`.
  public mutating func add(_ report: FileReport) {
    files += 1
    bytes += report.size ?? 0
    verdicts[report.verdict, default: 0] += 1
    if !report.coverage.complete { anyIncomplete = true }
  }

  /// Files with `verdict`.
  public func files(with verdict: Verdict) -> Int { verdicts[verdict, default: 0] }
}
