import PickleAnalysis
import PickleCore
import Testing

/// Call edges, their arguments, offsets and liveness (`Corpus/analysis/calls`).
struct CallFixtureTests {
  @Test func reduceWhoseResultIsReturned() throws {
    let bytes = try Fixture.bytes("calls/reduce-returned.pkl")
    let analysis = try Fixture.analyze("calls/reduce-returned.pkl")
    let call = try #require(analysis.graph.calls.first)
    #expect(analysis.graph.calls.count == 1)
    #expect(call.callee?.description == "os.system")
    #expect(call.kind == .reduce)
    #expect(call.arguments == [Fixture.canary("reduce-returned")])
    #expect(call.offset == bytes.count - 2)
    #expect(call.calleeOffset == 0)
    #expect(call.liveness == .returned)
    #expect(call.pseudoPython == "os.system('touch /tmp/picklevet-canary-reduce-returned')")
    #expect(analysis.pickles.first?.result == .callResult(0))
    #expect(analysis.pickles.first?.declaredProtocol == 0)
    #expect(analysis.graph.references.map(\.name.description) == ["os.system"])
    #expect(analysis.graph.references.first?.isCalled == true)
    #expect(analysis.coverage == .complete)
  }

  @Test func poppedPayloadIsDiscarded() throws {
    let analysis = try Fixture.analyze("calls/reduce-discarded.pkl")
    #expect(
      analysis.graph.calls.contains {
        $0.callee?.description == "os.system"
          && $0.arguments == [Fixture.canary("reduce-discarded")] && $0.liveness == .discarded
          && $0.calleeOffset == 2
      }
    )
    #expect(
      analysis.pickles.first?.result
        == .dict([.init(key: Fixture.str("weights"), value: .int(PyInt(1)))])
    )
  }

  @Test func resultLeftOnlyInTheMemoIsDiscarded() throws {
    let analysis = try Fixture.analyze("calls/memo-only.pkl")
    #expect(analysis.calls(to: "os.system").map(\.liveness) == [.discarded])
  }

  @Test func instCallsItsGlobal() throws {
    let analysis = try Fixture.analyze("calls/inst.pkl")
    let call = try #require(analysis.calls(to: "os.system").first)
    #expect(call.kind == .inst)
    #expect(call.arguments == [Fixture.canary("inst")])
    #expect(call.offset == call.calleeOffset)
    #expect(analysis.graph.references.first?.origin == "INST")
  }

  @Test func objCallsTheClassAfterTheMark() throws {
    let analysis = try Fixture.analyze("calls/obj.pkl")
    let call = try #require(analysis.calls(to: "subprocess.check_call").first)
    #expect(call.kind == .obj)
    #expect(
      call.arguments == [.list([Fixture.str("touch"), Fixture.str("/tmp/picklevet-canary-obj")])]
    )
    #expect(call.liveness == .returned)
  }

  @Test func newobjExKeepsKeywordArguments() throws {
    let analysis = try Fixture.analyze("calls/newobj-ex-kwargs.pkl")
    let call = try #require(analysis.calls(to: "subprocess.Popen").first)
    #expect(call.kind == .newobjEx)
    #expect(
      call.arguments == [
        .list([Fixture.str("sh"), Fixture.str("-c"), Fixture.canary("newobj-ex-kwargs")])
      ]
    )
    #expect(call.keywordArguments == [.init(key: Fixture.str("shell"), value: .bool(false))])
    #expect(call.calleeOffset == 30)  // the STACK_GLOBAL after two SHORT_BINUNICODEs
    #expect(
      call.pseudoPython
        == "subprocess.Popen.__new__(subprocess.Popen, ['sh', '-c', 'touch /tmp/picklevet-canary-newobj-ex-kwargs'], shell=False)"
    )
  }

  @Test func buildOnAGlobalIsASetstateCall() throws {
    let analysis = try Fixture.analyze("calls/build-global.pkl")
    let call = try #require(analysis.calls(to: "os.environ").first)
    #expect(call.kind == .setstate)
    #expect(call.liveness == .discarded)
    let build = try #require(analysis.graph.builds.first)
    #expect(build.target == .global(QualifiedName(module: "os", name: "environ")))
    #expect(
      build.state
        == .dict([
          .init(
            key: Fixture.str("LD_PRELOAD"),
            value: Fixture.str("/tmp/picklevet-canary-build-global.so")
          )
        ])
    )
  }

  @Test func appendOntoAGlobalList() throws {
    let analysis = try Fixture.analyze("calls/sys-path-append.pkl")
    let call = try #require(analysis.calls(to: "sys.path.append").first)
    #expect(call.arguments == [Fixture.str("/tmp/picklevet-canary-sys-path")])
    #expect(call.kind == .indirect)
    #expect(call.liveness == .discarded)
  }

  @Test func setitemOntoAGlobalMapping() throws {
    let analysis = try Fixture.analyze("calls/environ-setitem.pkl")
    let call = try #require(analysis.calls(to: "os.environ.__setitem__").first)
    #expect(call.arguments == [Fixture.str("PICKLEVET_CANARY"), Fixture.str("setitem")])
  }
}
