import RestrictedDecoder

/// How a sandboxed decode ended; each way a child can end is its own case.
public enum DecodeOutcome: Sendable {
  /// The child decoded every pickle of the input.
  case decoded(DecodeReport)
  /// The decoder refused the input (a global outside the allowlist, a limit …).
  case refused(Refusal)
  /// A probe's report (test-only probes of the hidden subcommand).
  case probeReport(String)
  /// The kernel killed the child for a system call outside the policy (`SIGSYS`).
  case sandboxViolation(String)
  /// The child crashed (`SIGSEGV`, `SIGILL`, `SIGBUS`, `SIGTRAP`, …): a decoder bug.
  case crashed(signal: Int32, String)
  /// The child used up its CPU seconds (`SIGXCPU`).
  case cpuTimeout
  /// The child outlived the wall-clock deadline and was killed.
  case wallTimeout
  /// An allocation failed at the address-space limit.
  case memoryLimit(String)
  /// The child wrote more than the output cap and was killed.
  case outputLimit
  /// The sandbox could not run the child or make sense of its answer.
  case failed(SandboxError)

  /// A one-line account of the outcome.
  public var summary: String {
    switch self {
    case .decoded(let report): "decoded \(report.json.count) pickle(s)"
    case .refused(let refusal): "refused: \(refusal)"
    case .probeReport(let text): "probe report: " + TerminalText.safe(text)
    case .sandboxViolation(let detail): "sandbox violation (SIGSYS)" + Self.suffix(detail)
    case .crashed(let signal, let detail):
      "decoder crashed (signal \(signal))" + Self.suffix(detail)
    case .cpuTimeout: "cpu time limit reached (SIGXCPU)"
    case .wallTimeout: "wall-clock deadline reached, child killed"
    case .memoryLimit(let detail): "memory limit reached" + Self.suffix(detail)
    case .outputLimit: "output limit reached, child killed"
    case .failed(let error): "sandbox failure: \(error)"
    }
  }

  private static func suffix(_ detail: String) -> String {
    detail.isEmpty ? "" : ": " + TerminalText.safe(detail)
  }
}

/// What a successful sandboxed decode returns: one JSON document per pickle, and the
/// inventory of every tensor and array.
public struct DecodeReport: Sendable, Equatable {
  /// The value tree of each pickle, as JSON (empty when not requested).
  public var json: [String]
  /// Every tensor and array; with several pickles, paths start with `#N`.
  public var inventory: [InventoryItem]

  /// A report of `json` documents and `inventory` items.
  public init(json: [String], inventory: [InventoryItem]) {
    self.json = json
    self.inventory = inventory
  }

  /// The report of pickles decoded in this process, with or without their JSON trees.
  public init(_ values: [DecodedValue], includeJSON: Bool = true) {
    json = includeJSON ? values.map(\.json) : []
    inventory = RestrictedDecoder.inventory(of: values)
  }
}
