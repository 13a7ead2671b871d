import PickleCore
import RestrictedDecoder

#if os(Linux)
import CSeccomp
import Glibc
#endif

/// Runs the ``RestrictedDecoder`` in a child process that cannot touch files, the network or
/// other processes, and reports how it ended.
///
/// The child is this program run again (`/proc/self/exe` by default) with the hidden
/// ``childSubcommand``; it gets the pickle on a memfd as stdin, an environment of exactly
/// ``childEnvironment``, no other descriptors, an empty signal mask and its own process group.
/// It sets rlimits and the ``SandboxPolicy/restrictedDecoder`` seccomp filter before reading
/// its input. Linux only; elsewhere every call reports ``SandboxError/Code/unavailable``.
public enum Sandbox {
  /// The hidden subcommand that runs ``ConfinedChild``.
  public static let childSubcommand = "__sandbox-child"
  /// The child's whole environment: the Swift backtracer off, since under the filter it would
  /// turn every crash into `SIGSYS`.
  public static let childEnvironment = "SWIFT_BACKTRACE=enable=no"

  /// True where the sandbox exists (Linux).
  public static var isSupported: Bool {
    #if os(Linux)
    true
    #else
    false
    #endif
  }

  /// Which program to spawn and under what limits.
  public struct Configuration: Sendable {
    /// The executable that implements ``childSubcommand``; tests point it at the built CLI.
    public var executable = "/proc/self/exe"
    /// The limits.
    public var limits = SandboxLimits()
    /// Whether to return the JSON trees; without them only the inventory comes back.
    public var includeJSON = true

    /// The default configuration: re-run this program.
    public init() {}
  }

  /// The outcome of one child, with what it cost.
  public struct Run: Sendable {
    /// How it ended.
    public var outcome: DecodeOutcome
    /// Its stderr (capped), for diagnostics.
    public var diagnostics: String
    /// Peak resident memory in KiB.
    public var maxRSSKiB: Int
    /// Wall-clock seconds from spawn to reap.
    public var wallSeconds: Double
  }

  /// Decodes `input` (or its `range`) in a confined child.
  ///
  /// - Parameters:
  ///   - input: The bytes holding the pickles (one or more back to back).
  ///   - range: The stream inside `input` (a `ModelContainers` stream's `range`); all of it
  ///     by default. Only these bytes reach the child; offsets in refusals stay absolute.
  ///   - skips: Raw data inside the stream to jump over (the stream's `skips`), absolute.
  ///   - configuration: The executable and limits.
  /// - Returns: How the decode ended.
  public static func decode(
    _ input: InputBytes,
    range: ByteRange? = nil,
    skips: [ByteRange] = [],
    configuration: Configuration = Configuration()
  ) -> DecodeOutcome {
    run(input, range: range, skips: skips, configuration: configuration).outcome
  }

  /// Decodes `input` (or its `range`) in a confined child, returning the outcome with its
  /// costs.
  ///
  /// - Parameters:
  ///   - input: The bytes holding the pickles.
  ///   - range: The stream inside `input`; all of it by default.
  ///   - skips: Raw data inside the stream to jump over, absolute.
  ///   - configuration: The executable and limits.
  /// - Returns: The outcome, stderr and resource use.
  public static func run(
    _ input: InputBytes,
    range: ByteRange? = nil,
    skips: [ByteRange] = [],
    configuration: Configuration = Configuration()
  ) -> Run {
    func failure(_ message: String) -> Run {
      Run(
        outcome: .failed(SandboxError(.setup, message)),
        diagnostics: "",
        maxRSSKiB: 0,
        wallSeconds: 0
      )
    }
    let range = range ?? ByteRange(start: 0, count: input.count)
    guard range.start >= 0, range.count >= 0, range.end <= input.count else {
      return failure("range \(range.start)..<\(range.end) is outside the input")
    }
    guard range.count <= configuration.limits.maxInputBytes else {
      return failure("input is \(range.count) bytes (limit \(configuration.limits.maxInputBytes))")
    }
    // The child sees only the stream; skips and refusal offsets are shifted to match.
    let arguments = ChildArguments(
      inputBytes: range.count,
      limits: configuration.limits,
      includeJSON: configuration.includeJSON,
      skips: skips.map { ByteRange(start: $0.start - range.start, count: $0.count) }
    )
    var run = input.withUnsafeBytes { bytes in
      spawn(
        arguments,
        input: UnsafeRawBufferPointer(rebasing: bytes[range.start..<range.end]),
        configuration
      )
    }
    if case .refused(let refusal) = run.outcome {
      run.outcome = .refused(
        Refusal(
          refusal.code,
          refusal.message,
          at: refusal.offset + range.start,
          global: refusal.global
        )
      )
    }
    return run
  }

  /// Runs a test probe in a confined child (see ``ChildProbe``).
  ///
  /// - Parameters:
  ///   - probe: The forbidden action to attempt after confinement.
  ///   - configuration: The executable and limits.
  /// - Returns: The outcome, stderr and resource use.
  public static func probe(_ probe: ChildProbe, configuration: Configuration = Configuration())
    -> Run
  {
    let arguments = ChildArguments(inputBytes: 0, limits: configuration.limits, probe: probe)
    return spawn(arguments, input: UnsafeRawBufferPointer(start: nil, count: 0), configuration)
  }

  private static func spawn(
    _ arguments: ChildArguments,
    input: UnsafeRawBufferPointer,
    _ configuration: Configuration
  ) -> Run {
    #if os(Linux)
    do {
      let child = try ChildProcess.run(
        executable: configuration.executable,
        arguments: [childSubcommand] + arguments.encoded,
        input: input,
        limits: configuration.limits
      )
      return Run(
        outcome: classify(child, limits: configuration.limits),
        diagnostics: String(decoding: child.stderr, as: UTF8.self),
        maxRSSKiB: child.maxRSSKiB,
        wallSeconds: child.wallSeconds
      )
    } catch {
      return Run(outcome: .failed(error), diagnostics: "", maxRSSKiB: 0, wallSeconds: 0)
    }
    #else
    let error = SandboxError(.unavailable, "sandbox unavailable: seccomp needs Linux")
    return Run(outcome: .failed(error), diagnostics: "", maxRSSKiB: 0, wallSeconds: 0)
    #endif
  }

  #if os(Linux)
  /// Tells every way the child can end apart.
  static func classify(_ child: ChildProcess.Run, limits: SandboxLimits) -> DecodeOutcome {
    let stderr = String(decoding: child.stderr, as: UTF8.self)
    let detail = lastLine(stderr)
    switch child.killed {
    case .wallClock?: return .wallTimeout
    case .outputLimit?: return .outputLimit
    case nil: break
    }
    if sbx_wifsignaled(child.status) != 0 {
      let signal = sbx_wtermsig(child.status)
      switch signal {
      case SIGSYS: return .sandboxViolation(detail)
      case SIGXCPU: return .cpuTimeout
      // We did not send it: the RLIMIT_CPU hard limit, or the kernel's OOM killer.
      case SIGKILL where child.cpuSeconds >= Double(limits.cpuSeconds): return .cpuTimeout
      case SIGABRT where isAllocationFailure(stderr): return .memoryLimit(detail)
      default: return .crashed(signal: signal, detail)
      }
    }
    let status = sbx_wexitstatus(child.status)
    guard status == 0 else {
      return .failed(SandboxError(.setup, "child exited with status \(status): \(detail)"))
    }
    switch ResultFrame.parse(child.stdout) {
    case .failure(let error):
      return .failed(error)
    case .success(let frame):
      return outcome(of: frame)
    }
  }

  static func outcome(of frame: ResultFrame) -> DecodeOutcome {
    func malformed(_ what: String) -> DecodeOutcome {
      .failed(SandboxError(.setup, "child frame: \(what)"))
    }
    switch frame.status {
    case "decoded":
      guard let json = frame.section("json"), let inventoryBytes = frame.section("inventory"),
        let inventory = FieldText.decodeInventory(inventoryBytes)
      else { return malformed("decoded frame without json and inventory") }
      if json.isEmpty { return .decoded(DecodeReport(json: [], inventory: inventory)) }
      let documents = String(decoding: json, as: UTF8.self).split(
        separator: "\n",
        omittingEmptySubsequences: false
      )
      return .decoded(DecodeReport(json: documents.map(String.init), inventory: inventory))
    case "refused":
      guard let bytes = frame.section("refusal"), let refusal = FieldText.decodeRefusal(bytes)
      else {
        return malformed("refused frame without a refusal")
      }
      return .refused(refusal)
    case "report":
      guard let bytes = frame.section("report") else {
        return malformed("report frame without text")
      }
      return .probeReport(String(decoding: bytes, as: UTF8.self))
    default:
      return malformed("unknown status \"\(frame.status)\"")
    }
  }

  static func isAllocationFailure(_ stderr: String) -> Bool {
    stderr.contains("failed to allocate") || stderr.contains("Could not allocate")
      || stderr.contains("out of memory")
  }

  static func lastLine(_ text: String) -> String {
    let lines = text.split(separator: "\n").filter { !$0.hasPrefix("Current stack trace") }
    return lines.first { $0.contains("Fatal error") || $0.contains("picklevet") }.map(String.init)
      ?? lines.last.map { String($0.prefix(200)) } ?? ""
  }
  #endif
}
