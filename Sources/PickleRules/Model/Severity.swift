/// How bad a finding is if true (impact).
///
/// Ordered from `info` to `critical`.
public enum Severity: Int, Sendable, Hashable, Comparable, CaseIterable, CustomStringConvertible {
  case info = 0
  case low
  case medium
  case high
  case critical

  /// The lowercase name used in rule files and reports.
  public var description: String {
    switch self {
    case .info: "info"
    case .low: "low"
    case .medium: "medium"
    case .high: "high"
    case .critical: "critical"
    }
  }

  /// The severity named `name` (`high`), if any.
  public init?(name: String) {
    guard let match = Self.allCases.first(where: { $0.description == name }) else { return nil }
    self = match
  }

  /// Orders by impact.
  public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// How sure a rule is that a match means what it says.
///
/// Ordered from `low` to `high`.
public enum Confidence: Int, Sendable, Hashable, Comparable, CaseIterable, CustomStringConvertible {
  case low = 0
  case medium
  case high

  /// The lowercase name used in rule files and reports.
  public var description: String {
    switch self {
    case .low: "low"
    case .medium: "medium"
    case .high: "high"
    }
  }

  /// The confidence named `name`, if any.
  public init?(name: String) {
    guard let match = Self.allCases.first(where: { $0.description == name }) else { return nil }
    self = match
  }

  /// Orders by certainty.
  public static func < (lhs: Confidence, rhs: Confidence) -> Bool { lhs.rawValue < rhs.rawValue }
}
