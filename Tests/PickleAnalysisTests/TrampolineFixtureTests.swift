import PickleAnalysis
import PickleCore
import Testing

/// Trampolines seen through to the call they make (`Corpus/analysis/trampolines`).
struct TrampolineFixtureTests {
  /// Fixtures whose payload resolves to `os.system(canary)`, with the trampoline that must show in `via`.
  static let resolvedToSystem: [(String, String?)] = [
    ("getattr", "builtins.getattr"),
    ("dunder-import", "builtins.getattr"),
    ("attrgetter", nil),
    ("methodcaller", "operator.methodcaller"),
    ("itemgetter-vars", "operator.itemgetter"),
    ("partial", "functools.partial"),
    ("resolve-name", "pkgutil.resolve_name"),
    ("pydoc-locate", "pydoc.locate"),
    ("map", "builtins.map"),
    ("starmap", "itertools.starmap"),
    ("operator-call", "operator.call"),
    ("call-tracing", "sys.call_tracing"),
    ("init-globals", "builtins.getattr"),
    ("getattribute", "os.__getattribute__"),
    ("join-stack-global", nil),
    ("operator-add", "builtins.getattr"),
    ("rot13", "builtins.getattr"),
    ("bytes-decode", "builtins.getattr"),
    ("str-of-bytes", nil),
  ]

  @Test(arguments: resolvedToSystem)
  func trampolineResolvesToOsSystem(name: String, via: String?) throws {
    let analysis = try Fixture.analyze("trampolines/\(name).pkl")
    let calls = analysis.calls(to: "os.system")
    let call = try #require(calls.first, "\(analysis.graph.calls.map(\.pseudoPython))")
    #expect(call.arguments == [Fixture.canary(name)])
    #expect(call.liveness == .returned)
    if let via {
      #expect(call.via.map(\.description).contains(via), "\(call.via)")
    }
    #expect(!analysis.has(.unresolvedCallee))
  }

  @Test func reconstructorRunsBaseInit() throws {
    let analysis = try Fixture.analyze("trampolines/reconstructor.pkl")
    let call = try #require(analysis.calls(to: "subprocess.Popen").first)
    #expect(call.kind == .indirect)
    #expect(call.via.map(\.description) == ["copyreg._reconstructor"])
    #expect(
      call.arguments == [
        .list([Fixture.str("touch"), Fixture.str("/tmp/picklevet-canary-reconstructor")])
      ]
    )
    #expect(
      analysis.calls(to: "copyreg._reconstructor").first?.callee?.writtenDescription
        == "copy_reg._reconstructor"
    )
  }

  @Test func copyregNewobj() throws {
    let analysis = try Fixture.analyze("trampolines/newobj-copyreg.pkl")
    let call = try #require(analysis.calls(to: "subprocess.Popen").first)
    #expect(call.kind == .newobj)
    #expect(call.via.map(\.description) == ["copyreg.__newobj__"])
  }

  @Test func attrgetterPerformsGetattr() throws {
    let analysis = try Fixture.analyze("trampolines/attrgetter.pkl")
    let getattr = try #require(analysis.calls(to: "builtins.getattr").first)
    #expect(getattr.kind == .indirect)
    #expect(getattr.via.map(\.description) == ["operator.attrgetter"])
  }

  @Test func globalsReachBuiltinsEval() throws {
    let analysis = try Fixture.analyze("trampolines/globals-builtins.pkl")
    let call = try #require(analysis.calls(to: "builtins.eval").first)
    #expect(call.arguments == [Fixture.str("print('picklevet-canary-globals-builtins')")])
    #expect(call.liveness == .returned)
  }

  @Test func subclassesStayDynamicWithTheirChain() throws {
    let analysis = try Fixture.analyze("trampolines/subclasses.pkl")
    let call = try #require(analysis.graph.calls.last)
    #expect(call.callee == nil)
    #expect(call.dynamicCallee?.contains("[137]") == true)
    #expect(call.arguments == [Fixture.canary("subclasses")])
    #expect(analysis.calls(to: "builtins.tuple.__base__.__subclasses__").count == 1)
    #expect(analysis.has(.unresolvedCallee))
  }

  @Test func evalResultIsAnUnresolvedCallee() throws {
    let analysis = try Fixture.analyze("trampolines/unresolved.pkl")
    let call = try #require(analysis.graph.calls.last)
    #expect(call.callee == nil)
    #expect(call.dynamicCallee == "result of call #0")
    #expect(call.pseudoPython == "(<result of call #0>)('touch /tmp/picklevet-canary-unresolved')")
    #expect(
      analysis.anomalies.contains { $0.kind == .unresolvedCallee && $0.offset == call.offset }
    )
  }

  @Test func computedNamesFeedStackGlobal() throws {
    let analysis = try Fixture.analyze("trampolines/join-stack-global.pkl")
    let join = try #require(analysis.calls(to: "builtins.str.join").first)
    #expect(join.liveness == .returned)
    #expect(join.arguments == [Fixture.str(""), .list([Fixture.str("sys"), Fixture.str("tem")])])
  }
}
