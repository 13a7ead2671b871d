/// Bounds on the work and memory one decode may use; reaching one is a ``Refusal/Code/limit``.
public struct DecodeLimits: Sendable, Equatable {
  /// Values pushed on the stack (every opcode that makes or fetches a value counts one).
  public var maxValues = 4_000_000
  /// Depth of the unpickler stack.
  public var maxStackDepth = 1_000_000
  /// Nesting of `MARK`s.
  public var maxMarks = 100_000
  /// Memo entries.
  public var maxMemoEntries = 1_000_000
  /// Bytes of text copied out of the input (`str` values and names).
  public var maxTextBytes = 128 << 20
  /// Leading bytes of a `bytes` value kept for display and emulation; the rest is counted only.
  public var maxBytesKept = 4096
  /// Nesting of the JSON value tree; deeper parts are written as a `"truncated"` marker.
  public var maxJSONDepth = 500
  /// Pickles decoded one after another from one input.
  public var maxPickles = 1000

  /// The default limits.
  public init() {}
}
