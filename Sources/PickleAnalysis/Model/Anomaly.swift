/// Something structurally odd in a stream, with its offset.
public struct Anomaly: Sendable, Hashable {
  /// The kind, a stable kebab-case name rules match on.
  public var kind: Kind
  /// Offset of the opcode or byte it concerns.
  public var offset: Int
  /// What is odd, lowercase, naming the opcode and values.
  public var message: String

  /// An anomaly.
  public init(_ kind: Kind, at offset: Int, _ message: String) {
    self.kind = kind
    self.offset = offset
    self.message = message
  }

  /// Stable anomaly kinds.
  ///
  /// New kinds may be added; names never change meaning.
  public struct Kind: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The kebab-case name.
    public let name: String
    /// A kind by name.
    public init(_ name: String) { self.name = name }
    /// The name.
    public var description: String { name }
    /// Orders by name.
    public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.name < rhs.name }

    /// The stream ends before `STOP` (everything before the break is still analysed).
    public static let truncated = Kind("truncated")
    /// A byte that is no opcode.
    public static let unknownOpcode = Kind("unknown-opcode")
    /// An argument the C unpickler refuses (bad length, bad text, bad number).
    public static let malformedArgument = Kind("malformed-argument")
    /// More than one pickle in the stream.
    public static let multiplePickles = Kind("multiple-pickles")
    /// Bytes after the last `STOP` that are not a pickle.
    public static let trailingData = Kind("trailing-data")
    /// An opcode newer than the protocol the `PROTO` opcode declared.
    public static let opcodeAboveProtocol = Kind("opcode-above-protocol")
    /// `PROTO` somewhere other than the first opcode, or declaring an unknown protocol.
    public static let protoMisuse = Kind("proto-misuse")
    /// An opcode crosses the end of its `FRAME`, or a `FRAME` starts inside another.
    public static let frameMismatch = Kind("frame-mismatch")
    /// An opcode pops more than the stack holds (the C unpickler raises here).
    public static let stackUnderflow = Kind("stack-underflow")
    /// A mark-consuming opcode without a `MARK`, or a `MARK` left open at `STOP`.
    public static let markMisuse = Kind("mark-misuse")
    /// `STOP` with more than one item on the stack.
    public static let stackNotEmpty = Kind("stack-not-empty")
    /// `GET` of a memo key never `PUT`.
    public static let memoMissing = Kind("memo-missing")
    /// `PUT` overwriting a memo key that is in use.
    public static let memoOverwrite = Kind("memo-overwrite")
    /// `STACK_GLOBAL` whose operands are not both `str` (or not known statically).
    public static let nonStringGlobalOperands = Kind("non-string-global-operands")
    /// A callee that cannot be resolved statically.
    public static let unresolvedCallee = Kind("unresolved-callee")
    /// `EXT1/2/4`: a global from the extension registry, unknown statically.
    public static let extensionCode = Kind("extension-code")
    /// A persistent id of a shape no known framework writes.
    public static let unusualPersistentID = Kind("unusual-persistent-id")
    /// The C unpickler and pickletools/pickle.py read these bytes differently.
    public static let parserDifferential = Kind("parser-differential")
    /// A dotted name (`os.system` as the name of module `pathlib`) resolved through attributes.
    public static let dottedName = Kind("dotted-name")
    /// A Python 2 module name renamed by `_compat_pickle` (`commands` → `subprocess`).
    public static let compatRename = Kind("compat-rename")
    /// An embedded payload could not be decoded or analysed.
    public static let nestedPayloadUnreadable = Kind("nested-payload-unreadable")
    /// An ``AnalysisLimits`` bound was hit; analysis stopped or summarised there.
    public static let limitExceeded = Kind("limit-exceeded")
  }
}
