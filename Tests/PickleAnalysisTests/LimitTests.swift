import PickleAnalysis
import PickleCore
import PickleTestSupport
import Testing

/// Every limit is an anomaly and incomplete coverage, never a crash; skips and ranges work.
struct LimitTests {
  /// `[os.system('x'), os.system('x'), …]` with `count` calls, protocol 2.
  static func manyCalls(_ count: Int) -> [UInt8] {
    var bytes: [UInt8] = [0x80, 0x02, 0x5D]  // PROTO 2, EMPTY_LIST
    bytes += Array("cos\nsystem\n".utf8) + [0x71, 0x00, 0x30]  // GLOBAL, BINPUT 0, POP
    bytes += [0x28]  // MARK
    for _ in 0..<count { bytes += [0x68, 0x00, 0x58, 1, 0, 0, 0, 0x78, 0x85, 0x52] }
    bytes += [0x65, 0x2E]  // APPENDS, STOP
    return bytes
  }

  @Test func callLimit() {
    var limits = AnalysisLimits()
    limits.maxCalls = 10
    let analysis = PickleAnalyzer.analyze(Self.manyCalls(50), limits: limits)
    #expect(analysis.graph.calls.count == 10)
    #expect(
      analysis.anomalies.contains { $0.kind == .limitExceeded && $0.message.contains("call limit") }
    )
    #expect(analysis.coverage != .complete)
  }

  @Test func opcodeLimit() {
    var limits = AnalysisLimits()
    limits.maxOpcodes = 30
    let analysis = PickleAnalyzer.analyze(Self.manyCalls(50), limits: limits)
    #expect(analysis.statistics.opcodes <= 31)
    #expect(analysis.anomalies.contains { $0.kind == .limitExceeded })
    #expect(analysis.graph.calls.allSatisfy { $0.liveness == .unknown })
  }

  @Test func valueAndMemoLimits() {
    var limits = AnalysisLimits()
    limits.maxValues = 20
    limits.maxMemoEntries = 0
    let analysis = PickleAnalyzer.analyze(Self.manyCalls(50), limits: limits)
    #expect(analysis.anomalies.filter { $0.kind == .limitExceeded }.count >= 2)
    #expect(analysis.coverage.reasons.count >= 2)
  }

  @Test func eachBudgetIsReportedOncePerStreamAndFanOutOncePerKey() {
    var limits = AnalysisLimits()
    limits.maxMemoEntries = 4
    limits.maxGetsPerEntry = 3
    // PROTO 4, EMPTY_LIST MEMOIZE (key 0), EMPTY_DICT MEMOIZE (key 1), then 40 more MEMOIZEs
    // past the memo budget, then 20 BINGETs of each key past its fan-out budget.
    var bytes: [UInt8] = [0x80, 0x04, 0x5D, 0x94, 0x7D, 0x94]
    bytes += Array(repeating: 0x94, count: 40)
    for _ in 0..<20 { bytes += [0x68, 0x00, 0x68, 0x01, 0x30, 0x30] }  // BINGET 0, BINGET 1, POPs
    bytes += [0x2E]
    let analysis = PickleAnalyzer.analyze(bytes, limits: limits)
    let messages = analysis.anomalies.filter { $0.kind == .limitExceeded }.map(\.message)
    #expect(messages.filter { $0 == "memo entry limit 4 reached" }.count == 1)
    #expect(
      messages.filter { $0.hasPrefix("memo fan-out limit 3") }.sorted() == [
        "memo fan-out limit 3 reached (memo key 0)", "memo fan-out limit 3 reached (memo key 1)",
      ]
    )
    #expect(messages.count == 3)
    #expect(analysis.coverage != .complete)
  }

  @Test func trackedItemsAndLiteralCaps() {
    var limits = AnalysisLimits()
    limits.maxTrackedItems = 3
    limits.maxLiteralBytes = 4
    let analysis = PickleAnalyzer.analyze(Self.manyCalls(10), limits: limits)
    #expect(analysis.graph.calls.count == 10)
    #expect(analysis.graph.calls.allSatisfy { $0.liveness == .returned })
    guard case .list(let items)? = analysis.pickles.first?.result else {
      Issue.record("result is \(String(describing: analysis.pickles.first?.result))")
      return
    }
    #expect(items.count == 4)
    #expect(items.last == .opaque("7 more items"))
    let long = PickleAnalyzer.analyze(
      [0x80, 0x02] + [0x58, 10, 0, 0, 0] + Array("abcdefghij".utf8) + [0x2E],
      limits: limits
    )
    #expect(long.pickles.first?.result == .str("abcd", complete: false))
  }

  @Test func skipsAndRange() {
    // PROTO 2, EMPTY_LIST, [raw junk], STOP, then trailing junk outside the range.
    let bytes: [UInt8] = [0x80, 0x02, 0x5D, 0xFF, 0xFF, 0xFF, 0x2E, 0xEE, 0xEE]
    let analysis = bytes.withUnsafeBytes {
      PickleAnalyzer.analyze(
        $0,
        range: ByteRange(start: 0, count: 7),
        skips: [ByteRange(start: 3, count: 3)]
      )
    }
    #expect(analysis.anomalies.isEmpty, "\(analysis.anomalies)")
    #expect(analysis.pickles.first?.result == .list([]))
    #expect(analysis.statistics.bytes == 4)
  }

  @Test func literalDepthIsCapped() {
    var limits = AnalysisLimits()
    limits.maxLiteralDepth = 3
    let nested: [UInt8] =
      [0x80, 0x02] + Array(repeating: 0x5D, count: 10) + Array(repeating: 0x61, count: 9) + [0x2E]
    let analysis = PickleAnalyzer.analyze(nested, limits: limits)
    guard case .list(let one)? = analysis.pickles.first?.result, case .list(let two)? = one.first,
      case .list(let three)? = two.first
    else {
      Issue.record("result is \(String(describing: analysis.pickles.first?.result))")
      return
    }
    #expect(three.first == .opaque("list of 1 items"))
  }

  @Test func nestedTrampolinesAreBounded() {
    let levels = 300
    var bytes: [UInt8] = [0x80, 0x02]
    for _ in 0..<levels { bytes += Array("csys\ncall_tracing\n".utf8) }
    bytes += Array("cos\nsystem\n".utf8) + [0x58, 1, 0, 0, 0, 0x78, 0x85, 0x86]
    bytes += Array(repeating: 0x86, count: levels - 1) + [0x52, 0x2E]
    let analysis = PickleAnalyzer.analyze(bytes)
    #expect(analysis.pickles.first?.complete == true)
    #expect(analysis.anomalies.contains { $0.message.contains("trampoline nesting") })
  }

  @Test func computedBytesAreBudgeted() {
    var limits = AnalysisLimits()
    limits.maxNestedBytes = 100
    // bytes.fromhex of 80 hex digits (40 bytes), three times: the third exceeds the budget.
    let hex = Array(String(repeating: "41", count: 40).utf8)
    var bytes: [UInt8] = [0x80, 0x02, 0x28]
    for _ in 0..<3 {
      bytes += Array("cbuiltins\nbytes.fromhex\n".utf8) + [0x58, UInt8(hex.count), 0, 0, 0] + hex
      bytes += [0x85, 0x52]
    }
    bytes += [0x74, 0x2E]
    let analysis = PickleAnalyzer.analyze(bytes, limits: limits)
    #expect(analysis.anomalies.contains { $0.message.contains("computed bytes limit") })
    guard case .tuple(let items)? = analysis.pickles.first?.result else {
      Issue.record("result is \(String(describing: analysis.pickles.first?.result))")
      return
    }
    #expect(
      items.prefix(2).allSatisfy { $0 == .bytes(Array(repeating: 0x41, count: 40), length: 40) }
    )
    #expect(items[2] == .callResult(2))
  }
}
