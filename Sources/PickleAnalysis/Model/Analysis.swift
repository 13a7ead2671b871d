import PickleCore

/// Everything the static analysis learned about one stream of pickles.
public struct Analysis: Sendable {
  /// One entry per pickle in the stream, in order.
  public var pickles: [PickleSummary]
  /// Calls, global references and builds of all pickles in the stream.
  public var graph: CallGraph
  /// Structural anomalies, in stream order.
  public var anomalies: [Anomaly]
  /// Payloads embedded as literal bytes and handed to a deserializer, analysed in turn.
  public var nested: [NestedAnalysis]
  /// Whether every byte was analysed.
  public var coverage: Coverage
  /// Counters for envelopes and benchmarks.
  public var statistics: Statistics

  /// An analysis.
  public init(
    pickles: [PickleSummary] = [],
    graph: CallGraph = CallGraph(),
    anomalies: [Anomaly] = [],
    nested: [NestedAnalysis] = [],
    coverage: Coverage = .complete,
    statistics: Statistics = .init()
  ) {
    self.pickles = pickles
    self.graph = graph
    self.anomalies = anomalies
    self.nested = nested
    self.coverage = coverage
    self.statistics = statistics
  }
}

/// One pickle (`PROTO` … `STOP`) of a stream.
public struct PickleSummary: Sendable, Hashable {
  /// Offset of its first opcode.
  public var start: Int
  /// Offset just past its `STOP`, or where the stream broke.
  public var end: Int
  /// The protocol its `PROTO` opcode declared (0 when there is none).
  public var declaredProtocol: Int
  /// The newest protocol among its opcodes.
  public var highestOpcodeProtocol: Int
  /// True when it reached `STOP`.
  public var complete: Bool
  /// What it returns, as far as known statically.
  public var result: Literal?

  /// A summary.
  public init(
    start: Int,
    end: Int,
    declaredProtocol: Int,
    highestOpcodeProtocol: Int,
    complete: Bool,
    result: Literal?
  ) {
    self.start = start
    self.end = end
    self.declaredProtocol = declaredProtocol
    self.highestOpcodeProtocol = highestOpcodeProtocol
    self.complete = complete
    self.result = result
  }
}

/// A payload a deserializer receives as (decodable) literal bytes, and its own analysis.
public struct NestedAnalysis: Sendable {
  /// The call that deserializes it.
  public var callID: Int
  /// The deserializer (`pickle.loads`, `marshal.loads`, …).
  public var deserializer: QualifiedName
  /// Static decodings applied first, outermost first (`base64.b64decode`, `zlib.decompress`).
  public var transforms: [String]
  /// Nesting depth: 1 for a payload inside the top-level stream.
  public var depth: Int
  /// The analysis of the decoded bytes; `nil` when they are not a pickle (for example marshal data).
  public var analysis: Analysis?
  /// Size of the decoded payload.
  public var byteCount: Int

  /// A nested analysis.
  public init(
    callID: Int,
    deserializer: QualifiedName,
    transforms: [String],
    depth: Int,
    analysis: Analysis?,
    byteCount: Int
  ) {
    self.callID = callID
    self.deserializer = deserializer
    self.transforms = transforms
    self.depth = depth
    self.analysis = analysis
    self.byteCount = byteCount
  }
}

/// Whether the analysis saw everything.
public enum Coverage: Sendable, Hashable {
  /// Every opcode was analysed.
  case complete
  /// Analysis stopped early or summarised, with the reasons (`opcode limit 1000000 reached`).
  case incomplete([String])
}

/// Counters of the work done, used by hostile-input envelopes and benchmarks.
public struct Statistics: Sendable, Hashable {
  /// Opcodes analysed.
  public var opcodes = 0
  /// Bytes of the stream covered.
  public var bytes = 0
  /// Deepest the stack got.
  public var maxStackDepth = 0
  /// Most memo entries at once.
  public var maxMemoEntries = 0
  /// Abstract values allocated.
  public var valuesAllocated = 0

  /// Zero counters.
  public init() {}
}
