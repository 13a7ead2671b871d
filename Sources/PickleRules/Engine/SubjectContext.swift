import PickleAnalysis

/// One thing a rule is tested against, with what conditions read from it.
enum SubjectContext {
  case global(GlobalReference, depth: Int)
  case call(Call, depth: Int)
  case build(BuildEdge, depth: Int)
  case anomaly(kind: String, message: String, depth: Int)
  case container(kind: String, message: String)
  case nested(NestedAnalysis)
  case incomplete(reason: String, depth: Int)
  case unreadable(message: String)

  /// The texts a text field holds; resolved and written spellings of names both count.
  func texts(_ field: String) -> [String] {
    switch (self, field) {
    case (.global(let reference, _), "name"): spellings(reference.name)
    case (.global(let reference, _), "module"): moduleSpellings(reference.name)
    case (.global(let reference, _), "origin"): [reference.origin]
    case (.call(let call, _), "callee"): call.callee.map(spellings) ?? []
    case (.call(let call, _), "module"): call.callee.map(moduleSpellings) ?? []
    case (.call(let call, _), "via"): call.via.flatMap(spellings)
    case (.anomaly(let kind, _, _), "kind"), (.container(let kind, _), "kind"): [kind]
    case (.anomaly(_, let message, _), "message"), (.container(_, let message), "message"),
      (.unreadable(let message), "message"):
      [message]
    case (.nested(let nested), "deserializer"): spellings(nested.deserializer)
    case (.nested(let nested), "transform"): nested.transforms
    case (.incomplete(let reason, _), "reason"): [reason]
    default: []
    }
  }

  func integer(_ field: String) -> Int? {
    switch (self, field) {
    case (.global(_, let depth), "depth"), (.call(_, let depth), "depth"),
      (.build(_, let depth), "depth"), (.anomaly(_, _, let depth), "depth"),
      (.incomplete(_, let depth), "depth"):
      depth
    case (.nested(let nested), "depth"): nested.depth
    case (.nested(let nested), "size"): nested.byteCount
    case (.call(let call, _), "arity"): call.arguments.count
    default: nil
    }
  }

  func enumeration(_ field: String) -> String? {
    switch (self, field) {
    case (.call(let call, _), "kind"): call.kind.rawValue
    case (.call(let call, _), "liveness"): call.liveness.rawValue
    default: nil
    }
  }

  var depth: Int { integer("depth") ?? 0 }

  /// Relative offsets that identify the subject, to let fallback rules step aside.
  func anchors(in index: GraphIndex) -> Set<Int> {
    switch self {
    case .global(let reference, _):
      return Set([reference.offset] + index.calls(calleeAt: reference.offset).map(\.offset))
    case .call(let call, _):
      return Set([call.offset] + (call.calleeOffset.map { [$0] } ?? []))
    case .build(let build, _): return [build.offset]
    case .anomaly, .container, .nested, .incomplete, .unreadable: return []
    }
  }
}

func spellings(_ name: QualifiedName) -> [String] {
  name.written == nil ? [name.description] : [name.description, name.writtenDescription]
}

private func moduleSpellings(_ name: QualifiedName) -> [String] {
  guard let written = name.written, written.module != name.module else { return [name.module] }
  return [name.module, written.module]
}
