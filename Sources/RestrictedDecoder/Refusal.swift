import PickleCore

/// Why the restricted decoder would not build a value, and where.
///
/// A refusal is the decoder's normal answer to anything outside its allowlist or its limits:
/// the pickle may be malicious, malformed, or simply use a type the decoder does not emulate.
public struct Refusal: Error, Equatable, Sendable, CustomStringConvertible {
  /// A stable category.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    /// Short, stable spelling such as `forbidden-global`.
    public let description: String
    private init(_ name: String) { self.description = name }

    /// A `GLOBAL`, `STACK_GLOBAL` or `INST` names something outside the allowlist.
    public static let forbiddenGlobal = Code("forbidden-global")
    /// An allowlisted global is used in a way its entry does not permit.
    public static let forbiddenUse = Code("forbidden-use")
    /// An emulated constructor got arguments or state it does not accept.
    public static let badArguments = Code("bad-arguments")
    /// `BUILD`, `SETITEM(S)`, `APPEND(S)` or `ADDITEMS` aims at a value that does not take it.
    public static let badTarget = Code("bad-target")
    /// A persistent id that is not a torch storage reference.
    public static let persistentID = Code("persistent-id")
    /// An opcode the decoder does not accept here (an extension code, a buffer without data).
    public static let unsupported = Code("unsupported")
    /// Bytes the pickle reader cannot read, or a stack or memo misuse.
    public static let malformed = Code("malformed")
    /// A decoding limit was reached.
    public static let limit = Code("limit")

    /// Every code, for parsing a code back from its spelling.
    public static let all: [Code] = [
      .forbiddenGlobal, .forbiddenUse, .badArguments, .badTarget, .persistentID, .unsupported,
      .malformed, .limit,
    ]
  }

  /// The category.
  public let code: Code
  /// What was refused, lowercase, naming the thing.
  public let message: String
  /// Absolute offset of the opcode at fault.
  public let offset: Int
  /// The `module.name` at fault, when a global is.
  public let global: String?

  /// A refusal of `code` at `offset`; a message or name from a huge input is cut short.
  public init(_ code: Code, _ message: String, at offset: Int, global: String? = nil) {
    self.code = code
    self.message = Self.cut(message, 1000)
    self.offset = offset
    self.global = global.map { Self.cut($0, 500) }
  }

  private static func cut(_ text: String, _ limit: Int) -> String {
    text.unicodeScalars.count <= limit ? text : String(text.unicodeScalars.prefix(limit)) + "…"
  }

  /// The message and the offset, with control characters escaped for printing.
  public var description: String { TerminalText.safe("\(message) at byte \(offset)") }
}
