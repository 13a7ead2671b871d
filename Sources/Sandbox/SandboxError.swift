/// Why the sandbox could not be set up or could not run the child.
public struct SandboxError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A stable category.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    /// Short, stable spelling such as `unavailable`.
    public let description: String
    private init(_ name: String) { self.description = name }

    /// The platform has no seccomp sandbox.
    public static let unavailable = Code("unavailable")
    /// A system call of the setup failed (the message names it and its errno).
    public static let setup = Code("setup")
    /// The seccomp policy could not be compiled or loaded.
    public static let policy = Code("policy")
  }

  /// The category.
  public let code: Code
  /// What failed, lowercase, naming the call.
  public let message: String

  /// An error of `code`.
  public init(_ code: Code, _ message: String) {
    self.code = code
    self.message = message
  }

  /// The message.
  public var description: String { message }

  /// Errors are equal when their codes are.
  public static func == (lhs: SandboxError, rhs: SandboxError) -> Bool { lhs.code == rhs.code }
}
