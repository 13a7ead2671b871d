import PickleAnalysis

/// The JSON format of the call graph: one document, keys in a fixed order.
enum GraphJSON {
  static func render(_ streams: [CallGraphing.Stream]) -> String {
    let items = streams.map {
      "{\"stream\":\(q($0.label)),\"analysis\":\(analysis($0.analysis, depth: 0))}"
    }
    return "{\"streams\":[" + items.joined(separator: ",") + "]}\n"
  }

  static func q(_ text: String) -> String { JSONText.quoted(text) }

  static func analysis(_ analysis: Analysis, depth: Int) -> String {
    let calls = analysis.graph.calls.map(call).joined(separator: ",")
    let references = analysis.graph.references.map {
      "{\"name\":\(q($0.name.description)),\"written\":\(q($0.name.writtenDescription)),"
        + "\"offset\":\($0.offset),\"origin\":\(q($0.origin)),\"called\":\($0.isCalled)}"
    }.joined(separator: ",")
    let builds = analysis.graph.builds.map {
      "{\"offset\":\($0.offset),\"target\":\(literal($0.target)),\"state\":\(literal($0.state))}"
    }.joined(separator: ",")
    let anomalies = analysis.anomalies.map {
      "{\"kind\":\(q($0.kind.name)),\"offset\":\($0.offset),\"message\":\(q($0.message))}"
    }.joined(separator: ",")
    let nested = analysis.nested.map { item in
      let inner =
        depth < 16 ? item.analysis.map { self.analysis($0, depth: depth + 1) } ?? "null" : "null"
      return "{\"call\":\(item.callID),\"deserializer\":\(q(item.deserializer.description)),"
        + "\"transforms\":[\(item.transforms.map(q).joined(separator: ","))],\"depth\":\(item.depth),"
        + "\"bytes\":\(item.byteCount),\"analysis\":\(inner)}"
    }.joined(separator: ",")
    let coverage: String
    switch analysis.coverage {
    case .complete: coverage = "{\"complete\":true,\"reasons\":[]}"
    case .incomplete(let reasons):
      coverage = "{\"complete\":false,\"reasons\":[\(reasons.map(q).joined(separator: ","))]}"
    }
    let pickles = analysis.pickles.map {
      "{\"start\":\($0.start),\"end\":\($0.end),\"protocol\":\($0.declaredProtocol),"
        + "\"highestOpcodeProtocol\":\($0.highestOpcodeProtocol),\"complete\":\($0.complete)}"
    }.joined(separator: ",")
    let stats = analysis.statistics
    return "{\"pickles\":[\(pickles)],\"calls\":[\(calls)],\"references\":[\(references)],"
      + "\"builds\":[\(builds)],\"anomalies\":[\(anomalies)],\"nested\":[\(nested)],"
      + "\"coverage\":\(coverage),\"statistics\":{\"opcodes\":\(stats.opcodes),\"bytes\":\(stats.bytes),"
      + "\"maxStackDepth\":\(stats.maxStackDepth),\"maxMemoEntries\":\(stats.maxMemoEntries),"
      + "\"values\":\(stats.valuesAllocated)}}"
  }

  static func call(_ call: Call) -> String {
    let callee = call.callee.map { q($0.description) } ?? "null"
    let written = call.callee.map { q($0.writtenDescription) } ?? "null"
    let dynamic = call.dynamicCallee.map(q) ?? "null"
    let arguments = call.arguments.map(literal).joined(separator: ",")
    let keywords = call.keywordArguments.map { "[\(literal($0.key)),\(literal($0.value))]" }.joined(
      separator: ","
    )
    let via = call.via.map { q($0.description) }.joined(separator: ",")
    let calleeOffset = call.calleeOffset.map(String.init) ?? "null"
    return "{\"id\":\(call.id),\"kind\":\(q(call.kind.rawValue)),\"callee\":\(callee),"
      + "\"written\":\(written),\"dynamicCallee\":\(dynamic),\"arguments\":[\(arguments)],"
      + "\"keywords\":[\(keywords)],\"offset\":\(call.offset),\"calleeOffset\":\(calleeOffset),"
      + "\"via\":[\(via)],\"liveness\":\(q(call.liveness.rawValue)),\"python\":\(q(call.pseudoPython))}"
  }

  /// A literal as JSON: `{"type": …, "value": …}`, nested to a fixed depth.
  static func literal(_ value: Literal) -> String { literal(value, depth: 0) }

  private static func literal(_ value: Literal, depth: Int) -> String {
    guard depth < 32 else { return "{\"type\":\"opaque\",\"value\":\"…\"}" }
    func typed(_ type: String, _ inner: String) -> String {
      "{\"type\":\"\(type)\",\"value\":\(inner)}"
    }
    func list(_ items: [Literal]) -> String {
      "[" + items.map { literal($0, depth: depth + 1) }.joined(separator: ",") + "]"
    }
    switch value {
    case .none: return typed("none", "null")
    case .bool(let flag): return typed("bool", flag ? "true" : "false")
    case .int(let number): return typed("int", q(number.description))
    case .float(let number): return typed("float", q(PythonRepr.float(number)))
    case .str(let text, let complete):
      return "{\"type\":\"str\",\"value\":\(q(text)),\"complete\":\(complete)}"
    case .bytes(let prefix, let length):
      return "{\"type\":\"bytes\",\"hex\":\"\(JSONText.hex(prefix))\",\"length\":\(length)}"
    case .bytearray(let prefix, let length):
      return "{\"type\":\"bytearray\",\"hex\":\"\(JSONText.hex(prefix))\",\"length\":\(length)}"
    case .tuple(let items): return typed("tuple", list(items))
    case .list(let items): return typed("list", list(items))
    case .set(let items): return typed("set", list(items))
    case .frozenset(let items): return typed("frozenset", list(items))
    case .dict(let entries):
      let pairs = entries.map {
        "[\(literal($0.key, depth: depth + 1)),\(literal($0.value, depth: depth + 1))]"
      }
      return typed("dict", "[" + pairs.joined(separator: ",") + "]")
    case .global(let name): return typed("global", q(name.description))
    case .module(let name): return typed("module", q(name))
    case .callResult(let id): return typed("call", String(id))
    case .persistent(let pid): return typed("persistent", literal(pid, depth: depth + 1))
    case .built(let object, let state):
      return "{\"type\":\"built\",\"object\":\(literal(object, depth: depth + 1)),"
        + "\"state\":\(literal(state, depth: depth + 1))}"
    case .extensionCode(let code): return typed("ext", String(code))
    case .buffer(let readonly): return typed("buffer", readonly ? "\"readonly\"" : "\"writable\"")
    case .opaque(let text): return typed("opaque", q(text))
    }
  }
}
