import PickleAnalysis
import PickleCore
import Testing

/// Structural anomalies, each at its offset (`Corpus/analysis/structure`).
struct StructureFixtureTests {
  static let anomalies: [(String, String, Int)] = [
    ("above-protocol", "opcode-above-protocol", 2),
    ("proto-misuse", "proto-misuse", 0),
    ("frame-overrun", "frame-mismatch", 11),
    ("stack-underflow", "stack-underflow", 2),
    ("mark-misuse", "mark-misuse", 5),
    ("memo-missing", "memo-missing", 2),
    ("non-string-global", "non-string-global-operands", 23),
    ("ext-code", "extension-code", 2),
    ("persid-unusual", "unusual-persistent-id", 14),
    ("int-differential", "parser-differential", 0),
    ("trailing-data", "trailing-data", 4),
    ("multiple-pickles", "multiple-pickles", 14),
    ("nullifai-broken", "unknown-opcode", 65),
    ("truncated", "truncated", 58),
  ]

  @Test(arguments: anomalies)
  func anomalyIsRecordedAtItsOffset(name: String, kind: String, offset: Int) throws {
    let analysis = try Fixture.analyze("structure/\(name).pkl")
    #expect(
      analysis.anomalies.contains { $0.kind.name == kind && $0.offset == offset },
      "\(analysis.anomalies)"
    )
  }

  @Test(arguments: ["nullifai-broken", "truncated"])
  func brokenStreamKeepsThePayload(name: String) throws {
    let analysis = try Fixture.analyze("structure/\(name).pkl")
    let call = try #require(analysis.calls(to: "os.system").first)
    #expect(call.arguments == [Fixture.canary(name)])
    #expect(call.liveness == .unknown)
    #expect(analysis.coverage != .complete)
    #expect(analysis.pickles.first?.complete == false)
  }

  @Test func secondPickleIsAnalysed() throws {
    let analysis = try Fixture.analyze("structure/multiple-pickles.pkl")
    #expect(analysis.pickles.count == 2)
    #expect(analysis.calls(to: "os.system").first?.liveness == .returned)
    #expect(analysis.pickles[1].start == 14)
  }

  @Test func popOfAMarkPopsTheMark() throws {
    let analysis = try Fixture.analyze("structure/mark-fence.pkl")
    #expect(analysis.calls(to: "os.system").first?.liveness == .discarded)
    #expect(!analysis.has(.stackUnderflow))
    #expect(!analysis.has(.markMisuse))
  }

  @Test func overwrittenMemoKeyUsesTheLastValue() throws {
    let analysis = try Fixture.analyze("structure/memo-overwrite.pkl")
    #expect(
      analysis.calls(to: "subprocess.getoutput").first?.arguments == [
        Fixture.canary("memo-overwrite")
      ]
    )
    #expect(analysis.has(.memoOverwrite))
  }

  @Test func callOfAnExtensionCodeIsUnresolved() throws {
    let analysis = try Fixture.analyze("structure/ext-code.pkl")
    let call = try #require(analysis.graph.calls.first)
    #expect(call.callee == nil)
    #expect(call.dynamicCallee == "EXT code 42")
  }

  @Test func torchStorageIdIsUsual() throws {
    let analysis = try Fixture.analyze("structure/persid-torch.pkl")
    #expect(!analysis.has(.unusualPersistentID))
    let call = try #require(analysis.calls(to: "torch._utils._rebuild_tensor_v2").first)
    guard case .persistent(.tuple(let fields)) = call.arguments.first else {
      Issue.record("storage argument is \(call.arguments)")
      return
    }
    #expect(fields.first == Fixture.str("storage"))
    #expect(fields[1] == .global(QualifiedName(module: "torch", name: "FloatStorage")))
  }

  @Test func itemsLeftUnderTheResultAreDiscarded() throws {
    let analysis = try Fixture.analyze("structure/stack-not-empty.pkl")
    #expect(analysis.has(.stackNotEmpty))
    #expect(analysis.calls(to: "os.system").first?.liveness == .discarded)
  }

  @Test func billionLaughsStaysCheapAndIsSummarised() throws {
    var limits = AnalysisLimits()
    limits.maxGetsPerEntry = 5
    let analysis = try Fixture.analyze("structure/billion-laughs.pkl", limits: limits)
    #expect(analysis.has(.limitExceeded))
    #expect(analysis.coverage != .complete)
    #expect(analysis.pickles.first?.complete == true)
    let unlimited = try Fixture.analyze("structure/billion-laughs.pkl")
    #expect(unlimited.coverage == .complete)
  }

  @Test func stackDepthLimit() throws {
    var limits = AnalysisLimits()
    limits.maxStackDepth = 50
    let analysis = try Fixture.analyze("structure/deep-nesting.pkl", limits: limits)
    #expect(
      analysis.anomalies.contains {
        $0.kind == .limitExceeded && $0.message.contains("stack depth")
      }
    )
    #expect(analysis.coverage != .complete)
    #expect(try Fixture.analyze("structure/deep-nesting.pkl").coverage == .complete)
  }
}
