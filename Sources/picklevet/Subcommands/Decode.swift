import ArgumentParser
import PickleVet

#if canImport(Glibc)
import Glibc
#endif

/// `picklevet decode FILE`: what a pickle holds, decoded in a confined child.
struct Decode: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Show the values a pickle holds, decoded by a restricted unpickler in a sandbox.",
    discussion: """
      Values are built only from plain types and an allowlist of emulated constructors \
      (tensors, arrays, estimators, dates …); nothing from the file is imported or run. \
      Output is one JSON document per pickle, or with --summary a table of every tensor and \
      array. Exit status: 0 decoded, 1 refused (malicious or unsupported), 2 the file cannot \
      be read or the sandbox failed (violation, crash, time, memory or output limit), 64 usage.
      """
  )

  @Argument(help: "The pickle file.")
  var file: String

  @Flag(help: "Print the tensors and arrays (name, dtype, shape, bytes) instead of the JSON.")
  var summary = false

  @Flag(
    name: .customLong("no-sandbox"),
    help: "Decode in this process, without rlimits or seccomp (debugging only)."
  )
  var noSandbox = false

  @Option(help: "Wall-clock seconds the sandboxed decode may take.")
  var timeout: Double = 30

  @Option(name: .customLong("cpu-seconds"), help: "CPU seconds the sandboxed decode may use.")
  var cpuSeconds = 10

  @Option(name: .customLong("memory-mib"), help: "Address space (MiB) beyond the input.")
  var memoryMiB = 1024

  /// One pickle stream to decode: bytes, the stream's range in them (all by default), raw
  /// ranges inside it to jump over, and a label.
  struct PickleInput {
    var label: String
    var bytes: InputBytes
    var range: ByteRange?
    var skips: [ByteRange] = []
  }

  /// What `decode` reads from `path`: one ``PickleInput`` per pickle stream the container
  /// reader finds (torch zip members, npy object arrays, joblib streams with their skips), or
  /// the whole file when it is a plain pickle or nothing is recognised.
  static func pickleInputs(path: String) throws -> [PickleInput] {
    let (input, found) = try StreamSource.streams(path: path)
    if found.report.streams.isEmpty, found.report.anomalies.isEmpty,
      found.report.format != ["unknown"]
    {
      return []  // a clean, recognised format that holds no pickle (a numeric .npy, a plain zip)
    }
    if found.isPlainPickle || found.report.streams.isEmpty {
      return [PickleInput(label: path, bytes: input)]
    }
    return found.report.streams.map { stream in
      PickleInput(
        label: StreamSource.label(stream),
        bytes: stream.bytes,
        range: stream.range,
        skips: stream.skips
      )
    }
  }

  /// `picklevet-child` next to this binary, when it was built or installed with it.
  static let childBinary: String? = {
    let link = "/proc/self/exe"
    var buffer = [CChar](repeating: 0, count: 4096)
    let count = readlink(link, &buffer, buffer.count - 1)
    guard count > 0 else { return nil }
    let path = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    guard let slash = path.lastIndex(of: "/") else { return nil }
    let child = String(path[..<slash]) + "/picklevet-child"
    return access(child, X_OK) == 0 ? child : nil
  }()

  func validate() throws {
    guard timeout > 0, cpuSeconds > 0, memoryMiB > 0 else {
      throw ValidationError("limits must be positive")
    }
  }

  func run() throws {
    let inputs: [PickleInput]
    do {
      inputs = try Self.pickleInputs(path: file)
    } catch {
      printError("picklevet: \(error)")
      throw ExitCode(2)
    }
    if inputs.isEmpty {
      printError("picklevet: \(file): no pickle stream in this file: nothing to decode")
      return
    }
    if noSandbox { warnAboutNoSandbox() }
    let sink = OutputSink()
    defer { sink.flush() }
    var inventory: [InventoryItem] = []
    for input in inputs {
      let outcome = noSandbox ? decodeInProcess(input) : decodeInSandbox(input)
      switch outcome {
      case .decoded(let report):
        for document in report.json { sink.line(document) }
        inventory += report.inventory.map { item in
          var item = item
          if inputs.count > 1 { item.path = input.label + ":" + item.path }
          return item
        }
      case .refused(let refusal):
        sink.flush()
        printError("picklevet: \(input.label): refused: \(refusal)")
        throw ExitCode(1)
      default:
        sink.flush()
        printError("picklevet: \(input.label): \(outcome.summary)")
        throw ExitCode(2)
      }
    }
    if summary { sink.write(InventoryTable.render(inventory)) }
  }

  private func decodeInSandbox(_ input: PickleInput) -> DecodeOutcome {
    var configuration = Sandbox.Configuration()
    if let child = Self.childBinary { configuration.executable = child }
    configuration.limits.wallSeconds = timeout
    configuration.limits.cpuSeconds = cpuSeconds
    configuration.limits.addressSpaceBytes = memoryMiB << 20
    configuration.includeJSON = !summary
    return Sandbox.decode(
      input.bytes,
      range: input.range,
      skips: input.skips,
      configuration: configuration
    )
  }

  private func warnAboutNoSandbox() {
    printError(
      """
      picklevet: WARNING: --no-sandbox decodes in this process: no seccomp filter, no rlimits, \
      no time or memory limit. A decoder bug triggered by this file would run with your \
      privileges. Use it only to debug the decoder.
      """
    )
  }

  private func decodeInProcess(_ input: PickleInput) -> DecodeOutcome {
    let result = input.bytes.withUnsafeBytes {
      RestrictedDecoder.decodeAll($0, range: input.range, skips: input.skips)
    }
    switch result {
    case .success(let values):
      return .decoded(DecodeReport(values, includeJSON: !summary))
    case .failure(let refusal):
      return .refused(refusal)
    }
  }
}
