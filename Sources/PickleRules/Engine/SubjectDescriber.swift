import PickleAnalysis

/// Words for a subject: the default message, template fields, related places, the call.
struct SubjectDescriber {
  let facts: SubjectFacts
  let index: GraphIndex
  var subject: SubjectContext { facts.subject }

  var text: String {
    switch subject {
    case .global(let reference, _):
      var text = reference.name.description
      if reference.name.written != nil { text += " (written \(reference.name.writtenDescription))" }
      if reference.origin != "GLOBAL" && reference.origin != "STACK_GLOBAL"
        && reference.origin != "INST"
      {
        text += " (via \(reference.origin))"
      }
      return text + (reference.isCalled ? "" : ", referenced without being called")
    case .call(let call, _):
      let callee = call.callee?.description ?? (call.dynamicCallee ?? "an unknown callee")
      return "\(callee) (\(call.kind.rawValue))"
    case .build(let build, _):
      return "state set on \(LiteralText.repr(build.target, budget: 60))"
    case .anomaly(_, let message, _), .container(_, let message), .unreadable(let message):
      return message
    case .nested(let nested):
      let through =
        nested.transforms.isEmpty ? "" : " after " + nested.transforms.joined(separator: ", ")
      return "\(nested.byteCount)-byte payload for \(nested.deserializer)\(through)"
    case .incomplete(let reason, _):
      return reason
    }
  }

  func field(_ name: String) -> String {
    guard let field = Field(rawValue: name) else { return text }
    let texts = facts.texts(field)
    if let first = texts.first { return first }
    if let number = subject.integer(field) { return String(number) }
    if let word = subject.enumeration(field) { return word }
    return ""
  }

  /// The GLOBAL that feeds a call, or the calls that use a global.
  var relatedOffsets: [Int] {
    switch subject {
    case .call(let call, _): return call.calleeOffset.map { [$0] } ?? []
    case .global(let reference, _):
      return index.calls(calleeAt: reference.offset).map(\.offset).filter { $0 != reference.offset }
    default: return []
    }
  }

  var callText: String? {
    switch subject {
    case .call(let call, _): return LiteralText.call(call)
    case .global(let reference, _):
      return index.calls(calleeAt: reference.offset).first { $0.callee == reference.name }
        .map(LiteralText.call)
    case .nested(let nested):
      return index.call(nested.callID).map(LiteralText.call)
    default: return nil
    }
  }
}
