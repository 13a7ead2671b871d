/// Something odd about a container: a trick a scanner could miss, a broken part, or a budget stop.
public struct ContainerAnomaly: Sendable, Hashable, CustomStringConvertible {
  /// The category, with a stable kebab-case name.
  public let kind: Kind
  /// What was seen, lowercase, naming the member and the offset.
  public let message: String
  /// Where it was seen.
  public let location: StreamLocation
  /// The limit that was hit, for `budget-exceeded`.
  public let budget: ContainerBudget.Limit?

  /// An anomaly of `kind` at `location`.
  public init(
    _ kind: Kind,
    _ message: String,
    at location: StreamLocation,
    budget: ContainerBudget.Limit? = nil
  ) {
    self.kind = kind
    self.message = message
    self.location = location
    self.budget = budget
  }

  /// The kind, the message and the location.
  public var description: String { "\(kind): \(message) (\(location))" }

  /// How much an anomaly matters on its own.
  public enum Level: String, Sendable, Hashable {
    /// Normal for real files (torch writes zip64, npy object arrays carry a pickle by design).
    case informational
    /// A trick, a broken part, or something the scan could not see into.
    case suspicious
  }
}
