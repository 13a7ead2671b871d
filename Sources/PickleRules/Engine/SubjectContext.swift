import PickleAnalysis

/// One thing a rule is tested against.
enum SubjectContext {
  case global(GlobalReference, depth: Int)
  case call(Call, depth: Int)
  case build(BuildEdge, depth: Int)
  case anomaly(kind: String, message: String, depth: Int)
  case container(kind: String, message: String)
  case nested(NestedAnalysis)
  case incomplete(reason: String, depth: Int)
  case unreadable(message: String)

  var kind: Subject {
    switch self {
    case .global: .global
    case .call: .call
    case .build: .build
    case .anomaly: .anomaly
    case .container: .container
    case .nested: .nested
    case .incomplete: .incomplete
    case .unreadable: .unreadable
    }
  }

  func integer(_ field: Field) -> Int? {
    switch (self, field) {
    case (.global(_, let depth), .depth), (.call(_, let depth), .depth),
      (.build(_, let depth), .depth), (.anomaly(_, _, let depth), .depth),
      (.incomplete(_, let depth), .depth):
      depth
    case (.nested(let nested), .depth): nested.depth
    case (.nested(let nested), .size): nested.byteCount
    case (.call(let call, _), .arity): call.arguments.count
    default: nil
    }
  }

  func enumeration(_ field: Field) -> String? {
    switch (self, field) {
    case (.call(let call, _), .kind): call.kind.rawValue
    case (.call(let call, _), .liveness): call.liveness.rawValue
    default: nil
    }
  }

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

/// A subject with what conditions read from it computed once: its name spellings and its
/// allowlist answers, which many rules ask for.
final class SubjectFacts {
  let subject: SubjectContext
  let budget: WorkBudget
  private var names: [String]?
  private var modules: [String]?
  var allowed: Bool?
  var constrained: Bool?

  init(_ subject: SubjectContext, budget: WorkBudget) {
    self.subject = subject
    self.budget = budget
  }

  /// The texts a text field holds; resolved and written spellings of names both count.
  func texts(_ field: Field) -> [String] {
    switch (subject, field) {
    case (.global, .name), (.call, .callee), (.nested, .deserializer):
      if let names { return names }
      let computed: [String] =
        switch subject {
        case .global(let reference, _): spellings(reference.name)
        case .call(let call, _): call.callee.map(spellings) ?? []
        case .nested(let nested): spellings(nested.deserializer)
        default: []
        }
      names = computed
      return computed
    case (.global, .module), (.call, .module):
      if let modules { return modules }
      let computed: [String] =
        switch subject {
        case .global(let reference, _): moduleSpellings(reference.name)
        case .call(let call, _): call.callee.map(moduleSpellings) ?? []
        default: []
        }
      modules = computed
      return computed
    case (.global(let reference, _), .origin): return [reference.origin]
    case (.call(let call, _), .via): return call.via.flatMap(spellings)
    case (.anomaly(let kind, _, _), .kind), (.container(let kind, _), .kind): return [kind]
    case (.anomaly(_, let message, _), .message), (.container(_, let message), .message),
      (.unreadable(let message), .message):
      return [message]
    case (.nested(let nested), .transform): return nested.transforms
    case (.incomplete(let reason, _), .reason): return [reason]
    default: return []
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
