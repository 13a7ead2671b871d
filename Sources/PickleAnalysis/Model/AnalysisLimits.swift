/// Bounds on the analysis; hitting one is an `limit-exceeded` anomaly, never a crash.
public struct AnalysisLimits: Sendable, Hashable {
  /// Opcodes analysed per stream.
  public var maxOpcodes = 50_000_000
  /// Stack depth (deeply nested containers).
  public var maxStackDepth = 100_000
  /// Memo entries.
  public var maxMemoEntries = 1_000_000
  /// Abstract values (containers, globals, calls) kept per stream.
  public var maxValues = 2_000_000
  /// `GET`s of one memo entry that keep identity (billion-laughs guard); later ones summarise.
  public var maxGetsPerEntry = 10_000
  /// Calls recorded in the call graph.
  public var maxCalls = 100_000
  /// Items of a container kept with identity; the rest are counted.
  public var maxTrackedItems = 64
  /// Characters of a string and bytes of a bytes literal kept.
  public var maxLiteralBytes = 4096
  /// Depth of literal trees in the call graph.
  public var maxLiteralDepth = 8
  /// Nodes of one literal tree (a memo entry shared many times stays cheap to show).
  public var maxLiteralNodes = 512
  /// Anomalies recorded per stream; later ones are counted in one `limit-exceeded` anomaly.
  public var maxAnomalies = 1000
  /// Nesting of embedded payloads (a pickle inside a pickle inside …).
  public var maxNestedDepth = 4
  /// Decoded size of one embedded payload.
  public var maxNestedBytes = 64 << 20

  /// The defaults.
  public init() {}

  /// These limits with the count budgets (opcodes, memo entries, values, calls) multiplied by
  /// `factor`, for large pickles known to be honest; bounds per item and per nesting stay.
  public func scaled(by factor: Int) -> AnalysisLimits {
    precondition(factor >= 1, "a budget only grows")
    func times(_ value: Int) -> Int {
      let (product, overflow) = value.multipliedReportingOverflow(by: factor)
      return overflow ? .max : product
    }
    var scaled = self
    scaled.maxOpcodes = times(maxOpcodes)
    scaled.maxMemoEntries = times(maxMemoEntries)
    scaled.maxValues = times(maxValues)
    scaled.maxCalls = times(maxCalls)
    return scaled
  }
}
