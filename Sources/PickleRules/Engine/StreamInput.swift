import PickleAnalysis

/// One analysed pickle stream and where it sits.
public struct StreamInput: Sendable {
  /// What the symbolic machine found.
  public var analysis: Analysis
  /// The file, container members, and the stream's base offset in the innermost member
  /// (`byteOffset`); finding offsets are this plus the analysis's offsets.
  public var location: Location
  /// Anomalies the container reader reported about this stream's member.
  public var containerAnomalies: [ContainerAnomalyInput]

  /// A stream.
  public init(
    analysis: Analysis,
    location: Location,
    containerAnomalies: [ContainerAnomalyInput] = []
  ) {
    self.analysis = analysis
    self.location = location
    self.containerAnomalies = containerAnomalies
  }
}

/// An anomaly reported by a container reader, as plain data (rules match `kind`).
public struct ContainerAnomalyInput: Sendable, Hashable {
  /// The kebab-case kind (`zip-path-traversal`).
  public var kind: String
  /// What is odd, lowercase.
  public var message: String
  /// Where: file, members, byte offset.
  public var location: Location

  /// An anomaly.
  public init(kind: String, message: String, location: Location) {
    self.kind = kind
    self.message = message
    self.location = location
  }
}
