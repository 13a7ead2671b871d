/// Why the reader could not decode the opcode at ``offset``.
///
/// Everything before it stays valid.
public struct ReadError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A stable category for the error.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    /// Short, stable spelling such as `truncated`.
    public let description: String
    private init(_ name: String) { self.description = name }

    /// The input ends inside an opcode's argument, or before `STOP`.
    public static let truncated = Code("truncated")
    /// The byte is not an opcode of any protocol.
    public static let unknownOpcode = Code("unknown-opcode")
    /// A length field exceeds the bytes that remain.
    public static let lengthOutOfRange = Code("length-out-of-range")
    /// A signed length field is negative.
    public static let negativeLength = Code("negative-length")
    /// A newline-terminated argument has no newline.
    public static let missingNewline = Code("missing-newline")
    /// Text the C unpickler cannot decode (bad UTF-8, bad escape, unquoted STRING).
    public static let invalidText = Code("invalid-text")
    /// A number the C unpickler cannot parse.
    public static let invalidNumber = Code("invalid-number")
  }

  /// The category.
  public let code: Code
  /// What went wrong, lowercase, naming the opcode.
  public let message: String
  /// Absolute offset of the opcode that could not be read.
  public let offset: Int

  /// An error of `code` at `offset`.
  public init(_ code: Code, _ message: String, at offset: Int) {
    self.code = code
    self.message = message
    self.offset = offset
  }

  /// The message and the offset.
  public var description: String { "\(message) at byte \(offset)" }

  /// Errors are equal when code and offset are; the message is prose.
  public static func == (lhs: ReadError, rhs: ReadError) -> Bool {
    lhs.code == rhs.code && lhs.offset == rhs.offset
  }
}
