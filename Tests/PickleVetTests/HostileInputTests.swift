import PickleAnalysis
import PickleTestSupport
import PickleVet
import Testing

/// Hostile pickles built byte by byte at their full size, scanned end to end: each one gives a
/// finding, and the analysis's own counters stay inside the envelope its limits promise
/// (never wall-clock time).
@Suite struct HostileInputTests {
  static let limits = AnalysisLimits()
  static let million = 1_000_000

  /// Scans `bytes` with the shipped policy and analyses them once more for the counters.
  static func vet(_ bytes: [UInt8]) throws -> (report: FileReport, analysis: Analysis) {
    let report = try Scanner().scan(bytes: bytes, name: "hostile.pkl")
    return (report, PickleAnalyzer.analyze(bytes, limits: limits))
  }

  /// The counters every hostile stream must stay within, whatever it claims.
  static func expectEnvelope(_ analysis: Analysis, inputBytes: Int) {
    let statistics = analysis.statistics
    #expect(statistics.opcodes <= limits.maxOpcodes + 1)
    #expect(statistics.maxStackDepth <= limits.maxStackDepth + 1)
    #expect(statistics.maxMemoEntries <= limits.maxMemoEntries)
    #expect(statistics.valuesAllocated <= limits.maxValues + 1)
    #expect(statistics.bytes <= inputBytes)
    #expect(analysis.graph.calls.count <= limits.maxCalls)
  }

  static func expectFinding(_ report: FileReport) {
    #expect(report.verdict >= .suspicious, "\(report.findings.map(\.rule))")
    #expect(!report.findings.isEmpty)
  }

  /// `[[[…]]]` a million lists deep: `EMPTY_LIST` a million times, then `APPEND` to close.
  @Test func millionDeepLists() throws {
    let bytes: [UInt8] =
      [0x80, 0x02] + Array(repeating: 0x5D, count: Self.million)
      + Array(repeating: 0x61, count: Self.million - 1) + [0x2E]
    let (report, analysis) = try Self.vet(bytes)
    Self.expectFinding(report)
    Self.expectEnvelope(analysis, inputBytes: bytes.count)
    #expect(analysis.anomalies.contains { $0.kind == .limitExceeded })
  }

  /// A million `MARK`s and no `STOP`: the mark stack grows with nothing on the value stack.
  @Test func millionMarks() throws {
    let bytes: [UInt8] = [0x80, 0x02] + Array(repeating: 0x28, count: Self.million)
    let (report, analysis) = try Self.vet(bytes)
    Self.expectFinding(report)
    Self.expectEnvelope(analysis, inputBytes: bytes.count)
    #expect(analysis.anomalies.contains { $0.kind == .truncated })
  }

  /// `((((…),),),)` a million tuples deep through `TUPLE1`: the stack stays one deep while the
  /// value nests; then an `os.system` call, so the payload must still be seen behind it.
  @Test func millionDeepTuplesThenPayload() throws {
    var bytes: [UInt8] = [0x80, 0x02, 0x4E] + Array(repeating: 0x85, count: Self.million)
    bytes += [0x30]  // POP the tower
    bytes += Array("cos\nsystem\n".utf8)
    bytes += [0x58] + le32(28) + Array("touch /tmp/picklevet-canary-".utf8) + [0x85, 0x52, 0x2E]
    let (report, analysis) = try Self.vet(bytes)
    #expect(report.verdict == .malicious, "\(report.findings.map(\.rule))")
    Self.expectEnvelope(analysis, inputBytes: bytes.count)
    #expect(analysis.graph.calls.contains { $0.callee?.description == "os.system" })
  }

  /// Two and a half million `NONE`, `POP` pairs (five million opcodes) before the payload.
  @Test func millionsOfTinyOpcodesThenPayload() throws {
    var bytes: [UInt8] = [0x80, 0x02]
    bytes.reserveCapacity(5 * Self.million + 64)
    for _ in 0..<(5 * Self.million / 2) { bytes += [0x4E, 0x30] }
    bytes += Array("cos\nsystem\n".utf8) + [0x58] + le32(1) + [0x78, 0x85, 0x52, 0x2E]
    let (report, analysis) = try Self.vet(bytes)
    #expect(report.verdict == .malicious)
    Self.expectEnvelope(analysis, inputBytes: bytes.count)
    #expect(analysis.statistics.opcodes >= 5 * Self.million)
    #expect(analysis.statistics.maxStackDepth <= 2)
  }

  /// The same flood past a lowered opcode limit: the stream is cut there, never read to the end.
  @Test func opcodeFloodStopsAtTheLimit() {
    var limits = AnalysisLimits()
    limits.maxOpcodes = 100_000
    var bytes: [UInt8] = [0x80, 0x02]
    for _ in 0..<Self.million { bytes += [0x4E, 0x30] }
    bytes += [0x4E, 0x2E]
    let analysis = PickleAnalyzer.analyze(bytes, limits: limits)
    #expect(analysis.statistics.opcodes <= limits.maxOpcodes + 1)
    #expect(analysis.anomalies.contains { $0.kind == .limitExceeded })
    #expect(analysis.coverage != .complete)
  }

  /// Each memo entry is a list holding the previous one ten times, 40 levels (10^40 leaves),
  /// then one entry fetched 30,000 times (GET and DUP fan-out): memo-fan-out, with the values
  /// kept proportional to the bytes, not to the leaves.
  @Test func memoBillionLaughs() throws {
    var bytes: [UInt8] = [0x80, 0x04, 0x5D, 0x94]  // EMPTY_LIST, MEMOIZE (entry 0)
    for level in 0..<40 {
      bytes += [0x30, 0x5D, 0x28]  // POP, EMPTY_LIST, MARK
      for _ in 0..<10 { bytes += [0x6A] + le32(UInt32(level)) }  // LONG_BINGET level
      bytes += [0x65, 0x94]  // APPENDS, MEMOIZE (entry level + 1)
    }
    bytes += [0x28]  // MARK
    for _ in 0..<15_000 { bytes += [0x68, 40, 0x32] }  // BINGET 40, DUP
    bytes += [0x65, 0x2E]  // APPENDS, STOP
    let (report, analysis) = try Self.vet(bytes)
    Self.expectFinding(report)
    Self.expectEnvelope(analysis, inputBytes: bytes.count)
    #expect(report.findings.contains { $0.rule == "PKL102" }, "\(report.findings.map(\.rule))")
    #expect(analysis.statistics.valuesAllocated < 1000)
  }

  /// Length fields that claim far more than the file holds, up to 2^64-1, in a 100-byte file.
  @Test(arguments: [
    (UInt8(0x8E), UInt64(10) << 30),  // BINBYTES8, 10 GiB
    (UInt8(0x8E), UInt64.max),  // BINBYTES8, 2^64-1
    (UInt8(0x8D), UInt64.max),  // BINUNICODE8, 2^64-1
    (UInt8(0x96), UInt64(1) << 63),  // BYTEARRAY8, 2^63
  ])
  func lyingLength(_ opcode: UInt8, _ claimed: UInt64) throws {
    var bytes: [UInt8] =
      [0x80, 0x05, opcode] + (0..<8).map { UInt8(truncatingIfNeeded: claimed >> ($0 * 8)) }
    bytes += Array(repeating: 0x41, count: 100 - bytes.count)
    let (report, analysis) = try Self.vet(bytes)
    Self.expectFinding(report)
    Self.expectEnvelope(analysis, inputBytes: bytes.count)
    let anomaly = analysis.anomalies.first {
      $0.kind == .truncated || $0.kind == .malformedArgument
    }
    #expect(anomaly?.offset == 2)
  }

  /// A pickle whose payload is `pickle.loads` of a pickle of the same shape, 12 levels deep
  /// around `os.system`: analysis stops at the nesting limit and still calls it malicious.
  @Test func selfEmbeddingPickle() throws {
    var bytes: [UInt8] = Array("cos\nsystem\n".utf8) + [0x58] + le32(1) + [0x78, 0x85, 0x52, 0x2E]
    for _ in 0..<12 {
      var outer: [UInt8] = [0x80, 0x03] + Array("cpickle\nloads\n".utf8)
      outer += [0x42] + le32(UInt32(bytes.count)) + bytes + [0x85, 0x52, 0x2E]
      bytes = outer
    }
    let (report, analysis) = try Self.vet(bytes)
    #expect(report.verdict == .malicious)
    #expect(!report.coverage.complete)
    Self.expectEnvelope(analysis, inputBytes: bytes.count)
    var deepest = analysis
    var levels = 0
    while let inner = deepest.nested.first?.analysis {
      deepest = inner
      levels += 1
    }
    #expect(levels == Self.limits.maxNestedDepth)
    #expect(deepest.anomalies.contains { $0.message.contains("nested payload depth limit") })
  }
}

private func le32(_ value: UInt32) -> [UInt8] {
  (0..<4).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
}
