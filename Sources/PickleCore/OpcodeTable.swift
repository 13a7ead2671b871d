/// The one table of opcode facts, one row per opcode in `pickletools.opcodes` order.
///
/// The reader, the disassembler and the analyzer read opcode facts only from here. A test checks
/// it against `Corpus/protocols/pickletools-table.txt`, exported from CPython.
public enum OpcodeTable {
  /// Every opcode of protocols 0-5.
  public static let rows: [OpcodeInfo] = [
    .init(.int, "INT", argument: .decimalnlShort, before: "", after: "int_or_bool", proto: 0),
    .init(.binint, "BININT", argument: .int4, before: "", after: "int", proto: 1),
    .init(.binint1, "BININT1", argument: .uint1, before: "", after: "int", proto: 1),
    .init(.binint2, "BININT2", argument: .uint2, before: "", after: "int", proto: 1),
    .init(.long, "LONG", argument: .decimalnlLong, before: "", after: "int", proto: 0),
    .init(.long1, "LONG1", argument: .long1, before: "", after: "int", proto: 2),
    .init(.long4, "LONG4", argument: .long4, before: "", after: "int", proto: 2),
    .init(.string, "STRING", argument: .stringnl, before: "", after: "bytes_or_str", proto: 0),
    .init(.binstring, "BINSTRING", argument: .string4, before: "", after: "bytes_or_str", proto: 1),
    .init(
      .shortBinstring,
      "SHORT_BINSTRING",
      argument: .string1,
      before: "",
      after: "bytes_or_str",
      proto: 1
    ),
    .init(.binbytes, "BINBYTES", argument: .bytes4, before: "", after: "bytes", proto: 3),
    .init(
      .shortBinbytes,
      "SHORT_BINBYTES",
      argument: .bytes1,
      before: "",
      after: "bytes",
      proto: 3
    ),
    .init(.binbytes8, "BINBYTES8", argument: .bytes8, before: "", after: "bytes", proto: 4),
    .init(
      .bytearray8,
      "BYTEARRAY8",
      argument: .bytearray8,
      before: "",
      after: "bytearray",
      proto: 5
    ),
    .init(.nextBuffer, "NEXT_BUFFER", argument: .none, before: "", after: "buffer", proto: 5),
    .init(
      .readonlyBuffer,
      "READONLY_BUFFER",
      argument: .none,
      before: "buffer",
      after: "buffer",
      proto: 5
    ),
    .init(.none, "NONE", argument: .none, before: "", after: "None", proto: 0),
    .init(.newtrue, "NEWTRUE", argument: .none, before: "", after: "bool", proto: 2),
    .init(.newfalse, "NEWFALSE", argument: .none, before: "", after: "bool", proto: 2),
    .init(.unicode, "UNICODE", argument: .unicodestringnl, before: "", after: "str", proto: 0),
    .init(
      .shortBinunicode,
      "SHORT_BINUNICODE",
      argument: .unicodestring1,
      before: "",
      after: "str",
      proto: 4
    ),
    .init(.binunicode, "BINUNICODE", argument: .unicodestring4, before: "", after: "str", proto: 1),
    .init(
      .binunicode8,
      "BINUNICODE8",
      argument: .unicodestring8,
      before: "",
      after: "str",
      proto: 4
    ),
    .init(.float, "FLOAT", argument: .floatnl, before: "", after: "float", proto: 0),
    .init(.binfloat, "BINFLOAT", argument: .float8, before: "", after: "float", proto: 1),
    .init(.emptyList, "EMPTY_LIST", argument: .none, before: "", after: "list", proto: 1),
    .init(.append, "APPEND", argument: .none, before: "list,any", after: "list", proto: 0),
    .init(
      .appends,
      "APPENDS",
      argument: .none,
      before: "list,mark,stackslice",
      after: "list",
      proto: 1
    ),
    .init(.list, "LIST", argument: .none, before: "mark,stackslice", after: "list", proto: 0),
    .init(.emptyTuple, "EMPTY_TUPLE", argument: .none, before: "", after: "tuple", proto: 1),
    .init(.tuple, "TUPLE", argument: .none, before: "mark,stackslice", after: "tuple", proto: 0),
    .init(.tuple1, "TUPLE1", argument: .none, before: "any", after: "tuple", proto: 2),
    .init(.tuple2, "TUPLE2", argument: .none, before: "any,any", after: "tuple", proto: 2),
    .init(.tuple3, "TUPLE3", argument: .none, before: "any,any,any", after: "tuple", proto: 2),
    .init(.emptyDict, "EMPTY_DICT", argument: .none, before: "", after: "dict", proto: 1),
    .init(.dict, "DICT", argument: .none, before: "mark,stackslice", after: "dict", proto: 0),
    .init(.setitem, "SETITEM", argument: .none, before: "dict,any,any", after: "dict", proto: 0),
    .init(
      .setitems,
      "SETITEMS",
      argument: .none,
      before: "dict,mark,stackslice",
      after: "dict",
      proto: 1
    ),
    .init(.emptySet, "EMPTY_SET", argument: .none, before: "", after: "set", proto: 4),
    .init(
      .additems,
      "ADDITEMS",
      argument: .none,
      before: "set,mark,stackslice",
      after: "set",
      proto: 4
    ),
    .init(
      .frozenset,
      "FROZENSET",
      argument: .none,
      before: "mark,stackslice",
      after: "frozenset",
      proto: 4
    ),
    .init(.pop, "POP", argument: .none, before: "any", after: "", proto: 0),
    .init(.dup, "DUP", argument: .none, before: "any", after: "any,any", proto: 0),
    .init(.mark, "MARK", argument: .none, before: "", after: "mark", proto: 0),
    .init(.popMark, "POP_MARK", argument: .none, before: "mark,stackslice", after: "", proto: 1),
    .init(.get, "GET", argument: .decimalnlShort, before: "", after: "any", proto: 0),
    .init(.binget, "BINGET", argument: .uint1, before: "", after: "any", proto: 1),
    .init(.longBinget, "LONG_BINGET", argument: .uint4, before: "", after: "any", proto: 1),
    .init(.put, "PUT", argument: .decimalnlShort, before: "", after: "", proto: 0),
    .init(.binput, "BINPUT", argument: .uint1, before: "", after: "", proto: 1),
    .init(.longBinput, "LONG_BINPUT", argument: .uint4, before: "", after: "", proto: 1),
    .init(.memoize, "MEMOIZE", argument: .none, before: "any", after: "any", proto: 4),
    .init(.ext1, "EXT1", argument: .uint1, before: "", after: "any", proto: 2),
    .init(.ext2, "EXT2", argument: .uint2, before: "", after: "any", proto: 2),
    .init(.ext4, "EXT4", argument: .int4, before: "", after: "any", proto: 2),
    .init(.global, "GLOBAL", argument: .stringnlNoescapePair, before: "", after: "any", proto: 0),
    .init(.stackGlobal, "STACK_GLOBAL", argument: .none, before: "str,str", after: "any", proto: 4),
    .init(.reduce, "REDUCE", argument: .none, before: "any,any", after: "any", proto: 0),
    .init(.build, "BUILD", argument: .none, before: "any,any", after: "any", proto: 0),
    .init(
      .inst,
      "INST",
      argument: .stringnlNoescapePair,
      before: "mark,stackslice",
      after: "any",
      proto: 0
    ),
    .init(.obj, "OBJ", argument: .none, before: "mark,any,stackslice", after: "any", proto: 1),
    .init(.newobj, "NEWOBJ", argument: .none, before: "any,any", after: "any", proto: 2),
    .init(.newobjEx, "NEWOBJ_EX", argument: .none, before: "any,any,any", after: "any", proto: 4),
    .init(.proto, "PROTO", argument: .uint1, before: "", after: "", proto: 2),
    .init(.stop, "STOP", argument: .none, before: "any", after: "", proto: 0),
    .init(.frame, "FRAME", argument: .uint8, before: "", after: "", proto: 4),
    .init(.persid, "PERSID", argument: .stringnlNoescape, before: "", after: "any", proto: 0),
    .init(.binpersid, "BINPERSID", argument: .none, before: "any", after: "any", proto: 1),

  ]

  /// The row for each byte value, or `nil` where the byte is not an opcode.
  public static let byByte: [OpcodeInfo?] = {
    var slots = [OpcodeInfo?](repeating: nil, count: 256)
    for row in rows {
      precondition(slots[Int(row.opcode.rawValue)] == nil, "duplicate opcode byte")
      slots[Int(row.opcode.rawValue)] = row
    }
    return slots
  }()

  /// The protocol of each opcode byte, as a flat table for walks that read it per opcode.
  public static let protocolByByte: [UInt8] = {
    var protocols = [UInt8](repeating: 0, count: 256)
    for row in rows { protocols[Int(row.opcode.rawValue)] = UInt8(row.proto) }
    return protocols
  }()

  /// The row for an opcode.
  @inlinable
  public static func info(_ opcode: Opcode) -> OpcodeInfo {
    guard let row = byByte[Int(opcode.rawValue)] else {
      preconditionFailure("opcode \(opcode) has no table row")
    }
    return row
  }
}

/// The facts about one opcode.
public struct OpcodeInfo: Sendable, Equatable {
  /// The opcode.
  public let opcode: Opcode
  /// The pickletools spelling, such as `SHORT_BINUNICODE`.
  public let name: String
  /// How the argument that follows the opcode byte is encoded.
  public let argument: ArgumentKind
  /// The stack items consumed, pickletools names, comma-separated (`mark,stackslice`).
  public let stackBefore: String
  /// The stack items produced, pickletools names, comma-separated.
  public let stackAfter: String
  /// The protocol that introduced the opcode.
  public let proto: Int

  init(
    _ opcode: Opcode,
    _ name: String,
    argument: ArgumentKind,
    before: String,
    after: String,
    proto: Int
  ) {
    self.opcode = opcode
    self.name = name
    self.argument = argument
    self.stackBefore = before
    self.stackAfter = after
    self.proto = proto
  }
}
