import PickleTestSupport
import PickleVet
import Testing

/// The `graph` command's renderings of a crafted payload.
struct GraphRendererTests {
  static func streams(_ relative: String) throws -> [CallGraphing.Stream] {
    try CallGraphing.analyze(path: Corpus.root + "/analysis/" + relative)
  }

  @Test func textShowsOneLinePerCallWithOffsetAndLiveness() throws {
    let text = GraphRenderer(format: .text).render(try Self.streams("calls/reduce-discarded.pkl"))
    #expect(
      text.hasPrefix(
        "os.system('touch /tmp/picklevet-canary-reduce-discarded')  # offset 0x40, result discarded\n"
      )
    )
  }

  @Test func textListsUncalledReferencesAndAnomalies() throws {
    let text = GraphRenderer(format: .text).render(
      try Self.streams("structure/nullifai-broken.pkl")
    )
    #expect(text.contains("result unknown (stream broken)"))
    #expect(text.contains("#   unknown-opcode at 0x41"))
    let getattr = GraphRenderer(format: .text).render(try Self.streams("trampolines/getattr.pkl"))
    #expect(
      getattr.contains("# referenced, not called:\n#   os  (importlib.import_module at 0x37)")
    )
  }

  @Test func textIndentsNestedPayloads() throws {
    let text = GraphRenderer(format: .text).render(try Self.streams("nested/loads-base64.pkl"))
    #expect(
      text.contains(
        "  # nested pickle.loads payload of call #1 (62 bytes after base64.b64decode)\n"
      )
    )
    #expect(text.contains("\n    os.system('touch /tmp/picklevet-canary-loads-base64')"))
  }

  @Test func jsonDotAndMermaid() throws {
    let streams = try Self.streams("trampolines/map.pkl")
    let json = GraphRenderer(format: .json).render(streams)
    #expect(json.hasPrefix("{\"streams\":[{\"stream\":\"file @ 0 (pickle)\""))
    #expect(json.contains("\"callee\":\"os.system\""))
    let dot = GraphRenderer(format: .dot).render(streams)
    #expect(dot.hasPrefix("digraph picklevet {"))
    #expect(dot.contains("s0c0 -> s0c2 [label=\"argument\"];"))
    let mermaid = GraphRenderer(format: .mermaid).render(streams)
    #expect(mermaid.hasPrefix("flowchart LR\n"))
    #expect(mermaid.contains("s0c0 -->|argument| s0c2"))
  }
}
