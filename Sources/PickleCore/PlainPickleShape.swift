/// What a walk that builds no values learned about one pickle of plain data: no opcode in it can
/// name, call or reference anything, and nothing in it is malformed.
///
/// The container layer's boundary walk records it, so the analyzer need not walk the same bytes
/// again to build values nobody asked for. Which opcodes it admits, and which conditions make a
/// walk give one up, mirror the analyzer's symbolic machine on the data opcodes.
public struct PlainPickleShape: Sendable, Hashable {
  /// Offset of the first opcode.
  public var start: Int
  /// Offset just past `STOP`.
  public var end: Int
  /// Opcodes, `STOP` included.
  public var opcodes = 0
  /// The deepest the stack got.
  public var deepestStack = 0
  /// Memo entries at the end.
  public var memoEntries = 0
  /// Containers made (lists, dicts, sets, frozensets and non-empty tuples).
  public var containers = 0
  /// The most `GET`s of one memoised container.
  public var mostGetsOfOneContainer = 0
  /// The protocol `PROTO` declared (0 without one).
  public var declaredProtocol = 0
  /// The newest protocol among the opcodes.
  public var highestOpcodeProtocol = 0

  /// A shape starting at `start`, with nothing counted yet.
  public init(start: Int, end: Int) {
    self.start = start
    self.end = end
  }
}
