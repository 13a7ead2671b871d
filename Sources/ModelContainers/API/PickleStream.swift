import PickleCore

/// One pickle stream a loader would run, with the buffer it lives in.
public struct PickleStream: Sendable {
  /// Where the stream is, for reports.
  public let location: StreamLocation
  /// The buffer the stream lives in: the mapped file itself, or a decompressed copy.
  public let bytes: InputBytes
  /// Where the stream starts in ``bytes`` and how far it may extend.
  public let range: ByteRange
  /// What loads the stream.
  public let kind: StreamKind
  /// Raw data inside ``range`` that the analyzer must jump over, in order.
  ///
  /// When the reader reaches a skip's `start` it continues at its `end`. Joblib array blocks
  /// start right after the `BUILD` of their `NumpyArrayWrapper` (or at the end of the frame
  /// holding it); torch-tar storage bytes start right after a `STOP`.
  public let skips: [ByteRange]
  /// The shape of the stream's first pickle, when it is plain data.
  ///
  /// The container layer's walk finds it; when that pickle is the whole stream, the analyzer
  /// need not walk the stream again. Only a walk over these very bytes may set it.
  public let plainShape: PlainPickleShape?

  /// A stream of `kind` at `range` of `bytes`.
  public init(
    location: StreamLocation,
    bytes: InputBytes,
    range: ByteRange,
    kind: StreamKind,
    skips: [ByteRange] = [],
    plainShape: PlainPickleShape? = nil
  ) {
    self.location = location
    self.bytes = bytes
    self.range = range
    self.kind = kind
    self.skips = skips
    self.plainShape = plainShape
  }
}
