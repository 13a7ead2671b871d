import ModelContainers
import PickleAnalysis
import PickleCore

/// The library's front door: scans one file (any supported container) and returns its report.
///
/// A `Scanner` is immutable and safe to share between threads; a server or an upload hook can
/// keep one and call ``scan(path:)`` or ``scan(bytes:name:)`` for each file.
public struct Scanner: FileScanning {
  /// What to scan with.
  public struct Configuration: Sendable {
    /// Extra rule files.
    public var ruleFiles: [String]
    /// Use only `ruleFiles`, not the shipped policy.
    public var replaceRules: Bool
    /// Rule ids or prefixes to report (empty: all).
    public var select: [String]
    /// Rule ids or prefixes not to report.
    public var ignore: [String]
    /// Compute the SHA-256 of every file (the result store needs it).
    public var hashContent: Bool
    /// Bounds of the static analysis.
    public var analysisLimits: AnalysisLimits
    /// Bounds of container unpacking.
    public var containerBudget: ContainerBudget

    /// ``containerBudget`` as a scan runs it: the plain-data walk vouches for no more containers
    /// and memo entries than ``analysisLimits`` let the analyzer take from it.
    public var scanBudget: ContainerBudget {
      var budget = containerBudget
      budget.maxPlainShapeCount = min(analysisLimits.maxValues, analysisLimits.maxMemoEntries)
      return budget
    }

    /// A configuration; the defaults scan with the shipped policy.
    public init(
      ruleFiles: [String] = [],
      replaceRules: Bool = false,
      select: [String] = [],
      ignore: [String] = [],
      hashContent: Bool = false,
      analysisLimits: AnalysisLimits = .init(),
      containerBudget: ContainerBudget = .init()
    ) {
      self.ruleFiles = ruleFiles
      self.replaceRules = replaceRules
      self.select = select
      self.ignore = ignore
      self.hashContent = hashContent
      self.analysisLimits = analysisLimits
      self.containerBudget = containerBudget
    }
  }

  /// The configuration.
  public let configuration: Configuration
  private let ruleSet: RuleSet
  private let engine: RuleEngine
  private let docs: [String: RuleDoc]

  /// A scanner with the shipped policy plus `configuration`'s rule files.
  ///
  /// - Throws: ``RuleError`` when a rule file cannot be read or has errors.
  public init(configuration: Configuration = .init()) throws(RuleError) {
    self.configuration = configuration
    var rules = try RuleSet.shipped()
    for (index, path) in configuration.ruleFiles.enumerated() {
      let parsed = try RuleSet.load(path: path)
      rules = rules.merging(parsed, replace: configuration.replaceRules && index == 0)
    }
    ruleSet = rules
    engine = RuleEngine(
      rules: rules,
      selection: RuleSelection(select: configuration.select, ignore: configuration.ignore)
    )
    docs = Dictionary(
      rules.rules.map {
        (
          $0.id,
          RuleDoc(
            id: $0.id,
            name: $0.name,
            summary: $0.summary,
            why: $0.why,
            helpURI: $0.helpURI,
            severity: $0.severity
          )
        )
      },
      uniquingKeysWith: { first, _ in first }
    )
  }

  /// The policy version.
  public var policyVersion: String { ruleSet.policyVersion }

  /// The documentation of rule `id`.
  public func ruleDoc(_ id: String) -> RuleDoc? { docs[id] }

  /// Scans the file at `path`.
  public func scan(path: String) -> FileReport {
    do {
      return scan(input: try InputBytes(mapping: path), name: path)
    } catch {
      return .unreadable(path, "\(error)")
    }
  }

  /// Scans `bytes`, reported under `name`.
  public func scan(bytes: [UInt8], name: String) -> FileReport {
    scan(input: InputBytes(bytes), name: name)
  }

  /// Scans mapped or owned input, reported under `name`.
  public func scan(input: InputBytes, name: String) -> FileReport {
    let container = ContainerScanner.scan(input, name: name, budget: configuration.scanBudget)
    var streams: [StreamInput] = []
    var summaries: [StreamReport] = []
    for stream in container.streams {
      let analysis = stream.bytes.withUnsafeBytes { raw in
        PickleAnalyzer.analyze(
          raw,
          range: stream.range,
          skips: stream.skips,
          limits: configuration.analysisLimits,
          plainShape: stream.plainShape
        )
      }
      let members = stream.location.membersInsideFile
      let location = Location(artifact: name, members: members, byteOffset: stream.location.offset)
      streams.append(StreamInput(analysis: analysis, location: location, containerAnomalies: []))
      summaries.append(
        StreamReport(
          members: members,
          offset: stream.location.offset,
          kind: "\(stream.kind)",
          pickles: analysis.pickles.count,
          proto: analysis.pickles.first?.declaredProtocol ?? 0,
          opcodes: analysis.statistics.opcodes,
          calls: analysis.graph.calls.count
        )
      )
    }
    let anomalies = container.anomalies.map {
      ContainerAnomalyInput(
        kind: $0.kind.name,
        message: $0.message,
        location: Location(
          artifact: name,
          members: $0.location.membersInsideFile,
          byteOffset: $0.location.offset
        )
      )
    }
    let evaluation = engine.evaluate(
      artifact: name,
      streams: streams,
      fileAnomalies: anomalies,
      readError: nil
    )
    var reasons: [String] = []
    if case .incomplete(let why) = evaluation.coverage { reasons = why }
    if !container.complete { reasons.append("container not fully unpacked") }
    // Hashed last: the hash pass reads the whole file ahead, and the scan's own sparse reads
    // would otherwise map the large page-cache folios that leaves behind.
    let digest = configuration.hashContent ? Self.contentHash(input) : nil
    return FileReport(
      path: name,
      size: input.count,
      sha256: digest,
      formats: container.format,
      verdict: evaluation.verdict,
      riskScore: evaluation.riskScore,
      coverage: ReportCoverage(complete: reasons.isEmpty, reasons: reasons),
      findings: evaluation.findings.sorted(by: Finding.reportOrder),
      streams: summaries
    )
  }

  /// SHA-256 of the whole input, in pieces so a model file far larger than memory hashes in
  /// bounded memory.
  static func contentHash(_ input: InputBytes) -> String {
    var hasher = SHA256()
    input.forEachPiece { hasher.update($0) }
    return hasher.finalizeHex()
  }
}
