/// Where a finding is: file, container members, byte span, opcode.
public struct Location: Sendable, Hashable, Comparable {
  /// The scanned file, as given by the user.
  public var artifact: String
  /// Container members from the outside in (`archive/data.pkl`), empty for a plain file.
  public var members: [String]
  /// Offset in the innermost member's (decoded) bytes.
  public var byteOffset: Int?
  /// Length of the span, when known.
  public var byteLength: Int?

  /// A location.
  public init(
    artifact: String,
    members: [String] = [],
    byteOffset: Int? = nil,
    byteLength: Int? = nil
  ) {
    self.artifact = artifact
    self.members = members
    self.byteOffset = byteOffset
    self.byteLength = byteLength
  }

  /// Orders by artifact, members, then offset (the report's finding order).
  public static func < (lhs: Location, rhs: Location) -> Bool {
    if lhs.artifact != rhs.artifact { return lhs.artifact < rhs.artifact }
    if lhs.members != rhs.members { return lhs.members.lexicographicallyPrecedes(rhs.members) }
    return (lhs.byteOffset ?? -1) < (rhs.byteOffset ?? -1)
  }
}

/// One result of a rule: what fired, where, and the call it concerns.
public struct Finding: Sendable, Hashable {
  /// The rule id (`PKL201`).
  public var rule: String
  /// The rule's kebab-case name.
  public var name: String
  /// Impact.
  public var severity: Severity
  /// Certainty.
  public var confidence: Confidence
  /// What was found, naming the callable or anomaly.
  public var message: String
  /// Where.
  public var location: Location
  /// Related places, such as the `GLOBAL` that feeds a `REDUCE`.
  public var related: [Location]
  /// The reconstructed call as pseudo-Python (`os.system('id')`), when there is one.
  public var call: String?

  /// A finding.
  public init(
    rule: String,
    name: String,
    severity: Severity,
    confidence: Confidence,
    message: String,
    location: Location,
    related: [Location] = [],
    call: String? = nil
  ) {
    self.rule = rule
    self.name = name
    self.severity = severity
    self.confidence = confidence
    self.message = message
    self.location = location
    self.related = related
    self.call = call
  }

  /// The report order: artifact, members, offset, rule id, then message and call.
  ///
  /// A total order, so reports are byte-identical whatever order the engine produced.
  public static func reportOrder(_ lhs: Finding, _ rhs: Finding) -> Bool {
    if lhs.location != rhs.location { return lhs.location < rhs.location }
    if lhs.rule != rhs.rule { return lhs.rule < rhs.rule }
    if lhs.message != rhs.message { return lhs.message < rhs.message }
    return (lhs.call ?? "") < (rhs.call ?? "")
  }
}

/// The answer for one file.
public enum Verdict: String, Sendable, Hashable, Comparable, CaseIterable {
  /// Every callable reached is allowlisted and nothing is odd.
  case safe
  /// A callable outside the allowlist, or an anomaly of medium severity.
  case suspicious
  /// A finding of severity high or critical.
  case malicious
  /// The input could not be read at all.
  case error

  private var rank: Int {
    switch self {
    case .safe: 0
    case .error: 1
    case .suspicious: 2
    case .malicious: 3
    }
  }

  /// Orders so that a worse verdict compares greater (`error` sits between safe and suspicious:
  /// a finding is never masked by an error).
  public static func < (lhs: Verdict, rhs: Verdict) -> Bool { lhs.rank < rhs.rank }
}
