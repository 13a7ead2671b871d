import PickleAnalysis
import PickleCore

/// Text views of literals: what text predicates see, type names, and short Python reprs.
enum LiteralText {
  private enum Work {
    case value(Literal)
    case text(String)
  }

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

  /// A short Python-like repr, capped at `budget` characters.
  static func repr(_ value: Literal, budget: Int = 120) -> String {
    var output = ""
    // Explicit stack: literal trees are capped by the analysis, but depth is still input-driven.
    var work: [Work] = [.value(value)]
    while let item = work.popLast(), output.unicodeScalars.count <= budget {
      switch item {
      case .text(let text): output += text
      case .value(let literal):
        switch literal {
        case .none: output += "None"
        case .bool(let flag): output += flag ? "True" : "False"
        case .int(let int): output += int.description
        case .float(let double): output += PythonRepr.float(double)
        case .str(let text, let complete):
          output += PythonRepr.string(text.unicodeScalars.map(\.value)) + (complete ? "" : "…")
        case .bytes(let bytes, let length):
          output += PythonRepr.bytes(bytes.prefix(48)) + (length > 48 ? "…" : "")
        case .bytearray(let bytes, let length):
          output += PythonRepr.bytes(bytes.prefix(48), bytearray: true) + (length > 48 ? "…" : "")
        case .global(let name): output += name.description
        case .module(let name): output += "<module \(name)>"
        case .callResult(let id): output += "<result of call #\(id)>"
        case .persistent(let id):
          work.append(.text(")"))
          work.append(.value(id))
          output += "persistent_load("
        case .built(let object, _):
          work.append(.value(object))
        case .extensionCode(let code): output += "<extension code \(code)>"
        case .buffer(let readonly): output += readonly ? "<readonly buffer>" : "<buffer>"
        case .opaque(let text): output += "<\(text)>"
        case .tuple(let items):
          sequence(items, open: "(", close: items.count == 1 ? ",)" : ")", into: &work)
        case .list(let items): sequence(items, open: "[", close: "]", into: &work)
        case .set(let items): sequence(items, open: "{", close: "}", into: &work)
        case .frozenset(let items): sequence(items, open: "frozenset({", close: "})", into: &work)
        case .dict(let entries):
          work.append(.text("}"))
          for (index, entry) in entries.enumerated().reversed() {
            work.append(.value(entry.value))
            work.append(.text(": "))
            work.append(.value(entry.key))
            if index > 0 { work.append(.text(", ")) }
          }
          work.append(.text("{"))
        }
      }
    }
    if output.unicodeScalars.count > budget {
      output = String(String.UnicodeScalarView(output.unicodeScalars.prefix(budget))) + "…"
    }
    return output
  }

  private static func sequence(
    _ items: [Literal],
    open: String,
    close: String,
    into work: inout [Work]
  ) {
    work.append(.text(close))
    for (index, item) in items.enumerated().reversed() {
      work.append(.value(item))
      if index > 0 { work.append(.text(", ")) }
    }
    work.append(.text(open))
  }

  /// The call as pseudo-Python: `os.system('id')`, `Popen.__new__(Popen, …)`.
  static func call(_ call: Call) -> String {
    let callee = call.callee?.description ?? "<\(call.dynamicCallee ?? "unknown callee")>"
    var arguments = call.arguments.map { repr($0, budget: 80) }
    arguments += call.keywordArguments.map { entry in
      (entry.key.stringValue ?? repr(entry.key, budget: 20)) + "=" + repr(entry.value, budget: 80)
    }
    let joined = arguments.joined(separator: ", ")
    switch call.kind {
    case .newobj, .newobjEx:
      return "\(callee).__new__(\(callee)\(joined.isEmpty ? "" : ", " + joined))"
    case .setstate:
      return "<object of \(callee)>.__setstate__(\(joined))"
    default:
      return "\(callee)(\(joined))"
    }
  }
}
