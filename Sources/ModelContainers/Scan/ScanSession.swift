import PickleCore

/// One scan: a stack of regions to sniff, the report being built, and the budget spent so far.
///
/// Regions are processed depth-first from an explicit stack, so nesting never recurses.
struct ScanSession {
  let budget: ContainerBudget
  var report = ContainerReport()
  private var pending: [Region] = []
  private var reportedLimits: Set<ContainerBudget.Limit> = []
  private var anomalyCounts: [ContainerAnomaly.Kind: Int] = [:]
  /// Anomalies of one kind reported in full; the rest are counted in one summary.
  static let maxAnomaliesPerKind = 50

  init(budget: ContainerBudget) { self.budget = budget }

  /// Scans `root` and everything inside it.
  mutating func run(_ root: Region) {
    pending.append(root)
    while let region = pending.popLast() { process(region) }
    let root = StreamLocation(members: root.path, offset: 0)
    for (kind, count) in anomalyCounts.sorted(by: { $0.key.name < $1.key.name })
    where count > Self.maxAnomaliesPerKind {
      report.anomalies.append(
        ContainerAnomaly(
          kind,
          "\(count - Self.maxAnomaliesPerKind) more \(kind.name) anomalies",
          at: root
        )
      )
    }
  }

  /// Queues regions to be processed next, in the given order.
  mutating func enqueue(_ regions: [Region]) {
    pending.append(contentsOf: regions.reversed())
  }

  private mutating func process(_ region: Region) {
    report.counters.regions += 1
    report.counters.deepestNesting = max(report.counters.deepestNesting, region.depth)
    guard region.depth <= budget.maxDepth else {
      anomaly(
        .nestingTooDeep,
        "containers nest \(region.depth) deep (limit \(budget.maxDepth))",
        region.location(region.range.start),
        budget: .maxDepth
      )
      report.complete = false
      return
    }
    guard region.range.count > 0 else { return }
    let format = FormatSniffer.sniff(region.bytes, region.range, region.strictness)
    if format != .zip, lookForAppendedZip(region, format) { return }
    if format != .pickle, format != .unknown,
      PickleSniff.isPickle(region.bytes, region.range, region.strictness)
    {
      // Magic numbers such as `BZh` or `PK` are also opcodes: pickle.load would run these bytes.
      anomaly(
        .polyglot,
        "the bytes read both as \(format.rawValue) and as a pickle",
        region.location(region.range.start)
      )
      _ = handlePickle(region)
    }
    let label: String
    switch format {
    case .pickle: label = handlePickle(region)
    case .npy: label = handleNPY(region, declaredSize: nil)
    case .zip: label = handleZip(region)
    case .tar: label = handleTar(region)
    case .sevenZip: label = handleSevenZip(region)
    case .rar:
      anomaly(.unopenedArchive, "rar archives are not opened", region.location(region.range.start))
      report.complete = false
      label = format.rawValue
    default:
      if let codec = format.codec {
        label = handleCompressed(region, codec)
      } else {
        label = format.rawValue
        if format != .unknown { probeEmbeddedPickle(region, format) }
      }
    }
    switch (format, region.role) {
    case (.unknown, .member), (.unknown, .torchMember):
      region.bytes.releasePages(around: region.range.start)
    default: break
    }
    if label != ContainerFormat.unknown.rawValue, label != region.impliedLabel { noteFormat(label) }
    if !region.name.isEmpty, let message = ExtensionCheck.mismatch(name: region.name, label: label)
    {
      anomaly(.extensionMismatch, message, region.location(region.range.start))
    }
  }

  // MARK: Reporting

  /// Adds `label` to the format chain once.
  mutating func noteFormat(_ label: String) {
    if !report.format.contains(label) { report.format.append(label) }
  }

  /// Records an anomaly.
  mutating func anomaly(
    _ kind: ContainerAnomaly.Kind,
    _ message: String,
    _ location: StreamLocation,
    budget limit: ContainerBudget.Limit? = nil
  ) {
    anomalyCounts[kind, default: 0] += 1
    guard anomalyCounts[kind, default: 0] <= Self.maxAnomaliesPerKind else { return }
    report.anomalies.append(ContainerAnomaly(kind, message, at: location, budget: limit))
  }

  /// Records that `limit` stopped part of the scan (reported once per limit).
  mutating func budgetExceeded(
    _ limit: ContainerBudget.Limit,
    _ message: String,
    _ location: StreamLocation
  ) {
    report.complete = false
    guard reportedLimits.insert(limit).inserted else { return }
    anomaly(.budgetExceeded, message, location, budget: limit)
  }

  /// Adds a stream, clipped to the per-stream budget.
  mutating func emit(
    _ region: Region,
    _ range: ByteRange,
    _ kind: StreamKind,
    skips: [ByteRange] = [],
    plainShape: PlainPickleShape? = nil
  ) {
    var range = range
    if range.count > budget.maxStreamBytes {
      budgetExceeded(
        .maxStreamBytes,
        "pickle stream of \(range.count) bytes cut to \(budget.maxStreamBytes)",
        region.location(range.start)
      )
      range.count = budget.maxStreamBytes
    }
    report.streams.append(
      PickleStream(
        location: region.location(range.start),
        bytes: region.bytes,
        range: range,
        kind: kind,
        skips: skips.filter { $0.start >= range.start && $0.start < range.end },
        plainShape: plainShape
      )
    )
  }

  /// Counts one archive member; false when the member budget is spent.
  mutating func admitMember(_ location: StreamLocation) -> Bool {
    guard report.counters.members < budget.maxMembers else {
      budgetExceeded(
        .maxMembers,
        "more than \(budget.maxMembers) archive members; the rest are not examined",
        location
      )
      return false
    }
    report.counters.members += 1
    return true
  }

  /// Bytes a decompression may still produce, and the limit that sets that number.
  var decompressionAllowance: (bytes: Int, limit: ContainerBudget.Limit) {
    let total = budget.maxDecompressedBytes - report.counters.decompressedBytes
    return total < budget.maxStreamBytes
      ? (max(0, total), .maxDecompressedBytes) : (budget.maxStreamBytes, .maxStreamBytes)
  }

  /// Output limits for one decompression capped at `cap` bytes.
  func outputLimits(cap: Int, limit: ContainerBudget.Limit) -> OutputLimits {
    OutputLimits(
      maxOutput: cap,
      outputLimit: limit,
      maxRatio: budget.maxCompressionRatio,
      ratioGrace: budget.ratioGraceBytes
    )
  }
}
