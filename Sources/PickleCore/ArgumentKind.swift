/// How an opcode's argument is encoded in the stream, as pickletools' `ArgumentDescriptor`s.
public enum ArgumentKind: Sendable, Equatable, CaseIterable {
  case none
  case uint1, uint2, int4, uint4, uint8
  case decimalnlShort, decimalnlLong, floatnl, float8
  case stringnl, stringnlNoescape, stringnlNoescapePair
  case string1, string4
  case bytes1, bytes4, bytes8, bytearray8
  case unicodestringnl, unicodestring1, unicodestring4, unicodestring8
  case long1, long4

  /// The pickletools descriptor name (`decimalnl_short`), or `nil` for no argument.
  public var pickletoolsName: String? {
    switch self {
    case .none: nil
    case .uint1: "uint1"
    case .uint2: "uint2"
    case .int4: "int4"
    case .uint4: "uint4"
    case .uint8: "uint8"
    case .decimalnlShort: "decimalnl_short"
    case .decimalnlLong: "decimalnl_long"
    case .floatnl: "floatnl"
    case .float8: "float8"
    case .stringnl: "stringnl"
    case .stringnlNoescape: "stringnl_noescape"
    case .stringnlNoescapePair: "stringnl_noescape_pair"
    case .string1: "string1"
    case .string4: "string4"
    case .bytes1: "bytes1"
    case .bytes4: "bytes4"
    case .bytes8: "bytes8"
    case .bytearray8: "bytearray8"
    case .unicodestringnl: "unicodestringnl"
    case .unicodestring1: "unicodestring1"
    case .unicodestring4: "unicodestring4"
    case .unicodestring8: "unicodestring8"
    case .long1: "long1"
    case .long4: "long4"
    }
  }
}
