import PickleAnalysis

/// Text views of literals: what text predicates see, type names, and short Python reprs.
enum LiteralText {
  /// Texts a value offers to `==`, `in` and `matches`: a `str`, a global's spellings, a
  /// module's name, or `bytes` read as Latin-1.
  static func texts(_ value: Literal) -> [String] {
    switch value {
    case .str(let text, _): [text]
    case .global(let name): spellings(name)
    case .module(let name): [name]
    case .bytes(let bytes, _), .bytearray(let bytes, _): [latin1(bytes)]
    default: []
    }
  }

  static func latin1(_ bytes: [UInt8]) -> String {
    var text = String.UnicodeScalarView()
    for byte in bytes { text.append(Unicode.Scalar(byte)) }
    return String(text)
  }

  /// The name `is TYPE` uses.
  static func typeName(_ value: Literal) -> String {
    switch value {
    case .none: "none"
    case .bool: "bool"
    case .int: "int"
    case .float: "float"
    case .str: "str"
    case .bytes: "bytes"
    case .bytearray: "bytearray"
    case .tuple: "tuple"
    case .list: "list"
    case .dict: "dict"
    case .set: "set"
    case .frozenset: "frozenset"
    case .global: "global"
    case .module: "module"
    case .callResult: "call"
    case .persistent: "persistent"
    case .built: "built"
    case .extensionCode: "extension"
    case .buffer: "buffer"
    case .opaque: "opaque"
    }
  }

  /// The literal as Python source, cut at `budget` characters.
  static func repr(_ value: Literal, budget: Int = 120) -> String {
    capped(value.pythonSource, budget: budget)
  }

  /// The call as pseudo-Python (`os.system('id')`), cut at 512 characters.
  static func call(_ call: Call) -> String { capped(call.pseudoPython, budget: 512) }

  static func capped(_ text: String, budget: Int) -> String {
    guard text.unicodeScalars.count > budget else { return text }
    return String(String.UnicodeScalarView(text.unicodeScalars.prefix(budget))) + "…"
  }
}
