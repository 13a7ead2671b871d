/// Everything a container scan found: the pickle streams to analyze and what looked wrong.
public struct ContainerReport: Sendable {
  /// Formats in the order they were opened, like `["gzip", "tar", "torch-zip"]`.
  public var format: [String] = []
  /// Every pickle stream a loader could run, in file order.
  public var streams: [PickleStream] = []
  /// Container anomalies, in the order they were found.
  public var anomalies: [ContainerAnomaly] = []
  /// False when a budget or an unopenable part stopped the scan before it saw everything.
  public var complete = true
  /// What the scan consumed, for tests and reports.
  public var counters = Counters()

  /// An empty report.
  public init() {}

  /// What a scan consumed.
  public struct Counters: Sendable, Equatable {
    /// Bytes produced by all decompression.
    public var decompressedBytes = 0
    /// Archive members examined (listed and hidden).
    public var members = 0
    /// Deepest nesting of containers opened.
    public var deepestNesting = 0
    /// Regions (files, members, decompressed buffers) sniffed.
    public var regions = 0

    /// Zero counters.
    public init() {}
  }
}
