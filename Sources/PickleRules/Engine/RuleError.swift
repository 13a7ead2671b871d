/// Why a rule set could not be loaded.
public struct RuleError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A stable category for the error.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    /// Short, stable spelling such as `invalid-rules`.
    public let description: String
    private init(_ name: String) { self.description = name }

    /// A rule file has errors (see ``RuleError/diagnostics``).
    public static let invalidRules = Code("invalid-rules")
    /// A rule file or folder could not be read.
    public static let unreadable = Code("unreadable")
  }

  /// The category.
  public let code: Code
  /// What went wrong, lowercase, naming the file.
  public let message: String
  /// The parser's and checker's findings, for `invalidRules`.
  public let diagnostics: [Diagnostic]

  /// An error.
  public init(_ code: Code, _ message: String, diagnostics: [Diagnostic] = []) {
    self.code = code
    self.message = message
    self.diagnostics = diagnostics
  }

  /// The message, then every diagnostic.
  public var description: String {
    ([message] + diagnostics.map(\.description)).joined(separator: "\n")
  }

  /// Errors are equal when their codes and messages are.
  public static func == (lhs: RuleError, rhs: RuleError) -> Bool {
    lhs.code == rhs.code && lhs.message == rhs.message
  }
}
