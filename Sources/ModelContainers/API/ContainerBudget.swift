/// Resource limits for one container scan; each breach is a `budget-exceeded` anomaly, never a crash.
///
/// The defaults admit real checkpoints (tens of GiB of stored tensors cost nothing, because
/// stored members are slices of the mapped file) while stopping decompression bombs early.
public struct ContainerBudget: Sendable, Equatable {
  /// Total bytes all decompression in one scan may produce (gzip, zlib, bz2, xz, deflated members).
  ///
  /// Default 2 GiB.
  public var maxDecompressedBytes = 2 << 30
  /// Largest output-to-input ratio of one decompression, checked once its output passes
  /// ``ratioGraceBytes``.
  ///
  /// Default 1,000: deflate cannot exceed 1,032, so only degenerate data or bombs go beyond.
  public var maxCompressionRatio = 1_000
  /// Output a decompression may produce before ``maxCompressionRatio`` applies.
  ///
  /// Default 16 MiB, so small, highly compressible files (arrays of zeros) pass.
  public var ratioGraceBytes = 16 << 20
  /// Archive members (zip, tar, 7z entries, hidden zip entries) one scan examines.
  ///
  /// Default 65,536.
  public var maxMembers = 65_536
  /// Containers nested inside each other (a zip in a tar in a gzip is depth 3).
  ///
  /// Default 8.
  public var maxDepth = 8
  /// Largest single pickle stream or decompressed buffer.
  ///
  /// Default 2 GiB.
  public var maxStreamBytes = 2 << 30
  /// Stored zip members up to this size get their CRC-32 checked; pickle members always do,
  /// and torch tensor storages (`<archive>/data/<key>`) never do.
  ///
  /// Default 64 KiB, so tensor payloads are not read just to be checksummed.
  public var maxChecksumBytes = 64 << 10
  /// Bytes between and around zip entries searched for local headers the central directory
  /// does not list.
  ///
  /// Default 256 MiB.
  public var maxHiddenEntryScanBytes = 256 << 20
  /// Containers and memo entries up to which the walk that finds pickle boundaries also vouches
  /// for a pickle of plain data; past them the analyzer walks the stream itself.
  ///
  /// Default 1,000,000; `Scanner` sets it from its analysis budgets, so the walk gives up no later
  /// than the analyzer would.
  public var maxPlainShapeCount = 1_000_000

  /// The documented defaults.
  public init() {}

  /// Names of the limits, as reported in `budget-exceeded` anomalies.
  public enum Limit: String, Sendable, Hashable {
    /// ``ContainerBudget/maxDecompressedBytes``.
    case maxDecompressedBytes
    /// ``ContainerBudget/maxCompressionRatio``.
    case maxCompressionRatio
    /// ``ContainerBudget/maxMembers``.
    case maxMembers
    /// ``ContainerBudget/maxDepth``.
    case maxDepth
    /// ``ContainerBudget/maxStreamBytes``.
    case maxStreamBytes
    /// ``ContainerBudget/maxHiddenEntryScanBytes``.
    case maxHiddenEntryScanBytes
  }
}
