import PickleCore

/// The static analysis of pickle streams: what they would call, with which arguments.
public enum PickleAnalyzer {
  /// Analyses the stream `raw[range]` (all pickles in it, back to back), jumping over `skips`.
  ///
  /// Skips are raw data regions a container puts between opcodes (joblib array blocks): when the
  /// reader's position reaches `skip.start`, it seeks to `skip.end`.
  ///
  /// - Parameters:
  ///   - raw: The input bytes.
  ///   - range: The part of `raw` holding the stream; all of it by default.
  ///   - skips: Raw regions inside `range` to jump over, in any order.
  ///   - limits: Bounds on the work; hitting one is a `limit-exceeded` anomaly.
  ///   - plainShape: The shape of the stream's first pickle, from a walk over these bytes that
  ///     builds no values (the container layer's). When that pickle is the whole stream and fits
  ///     `limits`, the analysis is built from it: the machine's analysis, except that the pickle
  ///     has no `result`.
  /// - Returns: The call graph, anomalies, nested payload analyses and statistics.
  public static func analyze(
    _ raw: UnsafeRawBufferPointer,
    range: ByteRange? = nil,
    skips: [ByteRange] = [],
    limits: AnalysisLimits = .init(),
    plainShape: PlainPickleShape? = nil
  ) -> Analysis {
    analyze(raw, range: range, skips: skips, limits: limits, depth: 0, plainShape: plainShape)
  }

  /// The machine's analysis of a plain pickle, from its shape; nil when the machine would have
  /// run out of a budget on it.
  static func analysis(of shape: PlainPickleShape, limits: AnalysisLimits) -> Analysis? {
    guard shape.opcodes <= limits.maxOpcodes, shape.deepestStack <= limits.maxStackDepth,
      shape.memoEntries <= limits.maxMemoEntries, shape.containers <= limits.maxValues,
      shape.mostGetsOfOneContainer <= limits.maxGetsPerEntry
    else { return nil }
    var statistics = Statistics()
    statistics.opcodes = shape.opcodes
    statistics.bytes = shape.end - shape.start
    statistics.maxStackDepth = shape.deepestStack
    statistics.maxMemoEntries = shape.memoEntries
    statistics.valuesAllocated = shape.containers
    let pickle = PickleSummary(
      start: shape.start,
      end: shape.end,
      declaredProtocol: shape.declaredProtocol,
      highestOpcodeProtocol: shape.highestOpcodeProtocol,
      complete: true,
      result: nil
    )
    return Analysis(pickles: [pickle], statistics: statistics)
  }

  /// Analyses bytes held in an array.
  ///
  /// - Parameters:
  ///   - bytes: The stream.
  ///   - limits: Bounds on the work.
  /// - Returns: The analysis.
  public static func analyze(_ bytes: [UInt8], limits: AnalysisLimits = .init()) -> Analysis {
    bytes.withUnsafeBytes { analyze($0, limits: limits) }
  }

  static func analyze(
    _ raw: UnsafeRawBufferPointer,
    range: ByteRange?,
    skips: [ByteRange],
    limits: AnalysisLimits,
    depth: Int,
    plainShape: PlainPickleShape? = nil
  ) -> Analysis {
    let start = max(0, min(range?.start ?? 0, raw.count))
    let end = max(start, min(range?.end ?? raw.count, raw.count))
    if let plainShape, skips.isEmpty, plainShape.start == start, plainShape.end == end,
      let analysis = analysis(of: plainShape, limits: limits)
    {
      return analysis
    }
    var machine = SymbolicMachine(
      cursor: ByteCursor(raw, start: 0, end: raw.count),
      limits: limits,
      depth: depth
    )
    let sortedSkips = skips.filter { $0.count > 0 && $0.start >= start && $0.end <= end }
      .sorted { $0.start < $1.start }
    machine.run(raw, start: start, end: end, skips: sortedSkips)
    var analysis = machine.finish()
    analysis.nested = nestedAnalyses(
      machine.payloads,
      limits: limits,
      depth: depth,
      into: &analysis
    )
    return analysis
  }

  /// Analyses queued embedded payloads, one level deeper each (bounded by `maxNestedDepth`).
  static func nestedAnalyses(
    _ payloads: [SymbolicMachine.PendingPayload],
    limits: AnalysisLimits,
    depth: Int,
    into analysis: inout Analysis
  ) -> [NestedAnalysis] {
    var results: [NestedAnalysis] = []
    for payload in payloads {
      var bytes = payload.bytes
      var transforms = payload.transforms
      let name = payload.deserializer.description
      if name.hasPrefix("joblib."), let format = Decompress.sniff(bytes) {
        guard let inflated = Decompress.run(format, bytes, cap: limits.maxNestedBytes) else {
          analysis.anomalies.append(
            Anomaly(
              .nestedPayloadUnreadable,
              at: payload.offset,
              "\(name) payload does not decompress"
            )
          )
          continue
        }
        bytes = inflated
        transforms.append("\(format)")
      }
      var nested = NestedAnalysis(
        callID: payload.callID,
        deserializer: payload.deserializer,
        transforms: transforms,
        depth: depth + 1,
        analysis: nil,
        byteCount: bytes.count
      )
      if name.hasPrefix("marshal.") {
        results.append(nested)
        continue
      }
      guard depth + 1 <= limits.maxNestedDepth else {
        let what = "nested payload depth limit \(limits.maxNestedDepth) reached"
        analysis.anomalies.append(Anomaly(.limitExceeded, at: payload.offset, what))
        analysis.coverage = .incomplete(analysis.coverage.reasons + [what])
        results.append(nested)
        continue
      }
      let inner = bytes.withUnsafeBytes { raw in
        analyze(raw, range: nil, skips: [], limits: limits, depth: depth + 1)
      }
      if inner.pickles.isEmpty || inner.pickles.allSatisfy({ !$0.complete }) {
        analysis.anomalies.append(
          Anomaly(
            .nestedPayloadUnreadable,
            at: payload.offset,
            "\(name) payload is not a readable pickle"
          )
        )
      }
      nested.analysis = inner
      results.append(nested)
    }
    return results
  }
}

extension Coverage {
  /// The reasons analysis was incomplete (empty when complete).
  public var reasons: [String] {
    if case .incomplete(let reasons) = self { return reasons }
    return []
  }
}
