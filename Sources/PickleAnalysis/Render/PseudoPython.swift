import PickleCore

extension Call {
  /// The call as one line of Python: `os.system('touch /tmp/x')`.
  ///
  /// `NEWOBJ` shows as `cls.__new__(cls, …)`, `BUILD` on a global as `obj.__setstate__(state)`,
  /// an unresolved callee as `(<what it is>)(…)`, and the result of another call as `<call #n>`.
  public var pseudoPython: String {
    let target = callee?.description ?? "(<\(dynamicCallee ?? "unknown")>)"
    var parts = arguments.map(\.pythonSource)
    for entry in keywordArguments {
      if case .str(let key, true) = entry.key, Literal.isIdentifier(key) {
        parts.append("\(key)=\(entry.value.pythonSource)")
      } else {
        parts.append("**{\(entry.key.pythonSource): \(entry.value.pythonSource)}")
      }
    }
    switch kind {
    case .newobj, .newobjEx:
      return "\(target).__new__(\(([target] + parts).joined(separator: ", ")))"
    case .setstate:
      return "\(target).__setstate__(\(parts.joined(separator: ", ")))"
    default:
      return "\(target)(\(parts.joined(separator: ", ")))"
    }
  }
}

extension Literal {
  /// The literal as Python source, nested containers shown to a fixed depth.
  public var pythonSource: String { source(depth: 0) }

  private static let maxRenderDepth = 32

  private func source(depth: Int) -> String {
    guard depth < Self.maxRenderDepth else { return "…" }
    func all(_ items: [Literal]) -> String {
      items.map { $0.source(depth: depth + 1) }.joined(separator: ", ")
    }
    switch self {
    case .none: return "None"
    case .bool(let value): return value ? "True" : "False"
    case .int(let value): return value.description
    case .float(let value): return PythonRepr.float(value)
    case .str(let text, let complete):
      let repr = PythonRepr.string(text.unicodeScalars.map(\.value))
      return complete ? repr : repr + " + …"
    case .bytes(let prefix, let length):
      let repr = PythonRepr.bytes(prefix)
      return length > prefix.count ? repr + " + …(\(length) bytes)" : repr
    case .bytearray(let prefix, let length):
      let repr = PythonRepr.bytes(prefix, bytearray: true)
      return length > prefix.count ? repr + " + …(\(length) bytes)" : repr
    case .tuple(let items):
      return items.count == 1 ? "(\(all(items)),)" : "(\(all(items)))"
    case .list(let items): return "[\(all(items))]"
    case .set(let items): return items.isEmpty ? "set()" : "{\(all(items))}"
    case .frozenset(let items): return "frozenset({\(all(items))})"
    case .dict(let entries):
      let body = entries.map {
        $0.key.source(depth: depth + 1) + ": " + $0.value.source(depth: depth + 1)
      }
      return "{\(body.joined(separator: ", "))}"
    case .global(let name): return name.description
    case .module(let name): return "__import__('\(name)')"
    case .callResult(let id): return "<call #\(id)>"
    case .persistent(let pid): return "persistent_load(\(pid.source(depth: depth + 1)))"
    case .built(let object, let state):
      return "build(\(object.source(depth: depth + 1)), \(state.source(depth: depth + 1)))"
    case .extensionCode(let code): return "<EXT \(code)>"
    case .buffer(let readonly): return readonly ? "<read-only buffer>" : "<buffer>"
    case .opaque(let description): return "<\(description)>"
    }
  }

  static func isIdentifier(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, first == "_" || first.properties.isAlphabetic
    else {
      return false
    }
    return text.unicodeScalars.allSatisfy {
      $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0)
    }
  }
}
