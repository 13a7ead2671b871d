import PickleCore
import RestrictedDecoder

/// The hidden subcommand's arguments: written by the parent, parsed by the child.
///
/// One type owns both directions so the two sides cannot drift apart.
public struct ChildArguments: Sendable, Equatable {
  /// Size of the input the parent put on stdin.
  public var inputBytes = 0
  /// `RLIMIT_CPU` soft limit (the hard limit is one more).
  public var cpuSeconds = 10
  /// Address space beyond the input buffer.
  public var addressSpaceBytes = 1 << 30
  /// The decoder's limits.
  public var decode = DecodeLimits()
  /// Whether the answer carries the JSON trees (`--summary` needs only the inventory).
  public var includeJSON = true
  /// Raw data in the input to jump over (joblib array blocks), sorted.
  public var skips: [ByteRange] = []
  /// A test probe to run after confinement instead of decoding.
  public var probe: ChildProbe?

  /// Arguments for a decode under `limits`.
  public init(
    inputBytes: Int = 0,
    limits: SandboxLimits = SandboxLimits(),
    includeJSON: Bool = true,
    skips: [ByteRange] = [],
    probe: ChildProbe? = nil
  ) {
    self.includeJSON = includeJSON
    self.skips = skips
    self.inputBytes = inputBytes
    self.cpuSeconds = limits.cpuSeconds
    self.addressSpaceBytes = limits.addressSpaceBytes
    self.decode = limits.decode
    self.probe = probe
  }

  /// The decoder limits by name, in the order they are written.
  private static let decodeLimitKeys: [(String, WritableKeyPath<DecodeLimits, Int> & Sendable)] = [
    ("values", \.maxValues), ("stack", \.maxStackDepth), ("marks", \.maxMarks),
    ("memo", \.maxMemoEntries), ("text", \.maxTextBytes), ("bytes-kept", \.maxBytesKept),
    ("json-depth", \.maxJSONDepth), ("pickles", \.maxPickles),
  ]

  /// The command-line form, after the subcommand name.
  public var encoded: [String] {
    var arguments = [
      "--input-bytes", String(inputBytes), "--cpu-seconds", String(cpuSeconds),
      "--address-space", String(addressSpaceBytes),
    ]
    for (name, path) in Self.decodeLimitKeys {
      arguments += ["--limit", "\(name)=\(decode[keyPath: path])"]
    }
    if !includeJSON { arguments.append("--no-json") }
    for skip in skips { arguments += ["--skip", "\(skip.start):\(skip.count)"] }
    if let probe { arguments += ["--probe", probe.rawValue] }
    return arguments
  }

  /// Parses ``encoded``.
  ///
  /// - Throws: ``SandboxError`` with code `setup`, naming the bad argument.
  public init(parsing arguments: [String]) throws(SandboxError) {
    var index = 0
    func value() throws(SandboxError) -> String {
      guard index + 1 < arguments.count else {
        throw SandboxError(.setup, "\(arguments[index]) needs a value")
      }
      index += 1
      return arguments[index]
    }
    func number(_ text: String) throws(SandboxError) -> Int {
      guard let result = Int(text), result >= 0 else {
        throw SandboxError(.setup, "\"\(text)\" is not a non-negative integer")
      }
      return result
    }
    while index < arguments.count {
      switch arguments[index] {
      case "--input-bytes": inputBytes = try number(try value())
      case "--cpu-seconds": cpuSeconds = try number(try value())
      case "--address-space": addressSpaceBytes = try number(try value())
      case "--limit":
        let pair = try value().split(separator: "=", maxSplits: 1).map(String.init)
        guard pair.count == 2, let path = Self.decodeLimitKeys.first(where: { $0.0 == pair[0] })?.1
        else { throw SandboxError(.setup, "unknown limit \"\(pair.first ?? "")\"") }
        decode[keyPath: path] = try number(pair[1])
      case "--no-json": includeJSON = false
      case "--skip":
        let parts = try value().split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { throw SandboxError(.setup, "--skip needs START:COUNT") }
        skips.append(ByteRange(start: try number(parts[0]), count: try number(parts[1])))
      case "--probe":
        let name = try value()
        guard let parsed = ChildProbe(rawValue: name) else {
          throw SandboxError(.setup, "unknown probe \"\(name)\"")
        }
        probe = parsed
      default:
        throw SandboxError(.setup, "unknown argument \"\(arguments[index])\"")
      }
      index += 1
    }
  }
}
