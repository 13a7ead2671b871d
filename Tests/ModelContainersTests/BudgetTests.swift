import ModelContainers
import PickleCore
import PickleTestSupport
import Testing

/// Bombs stop at the budget, asserted by what the scan consumed, never by time.
@Suite struct BudgetTests {
  static func scan(_ path: String, _ budget: ContainerBudget) throws -> ContainerReport {
    let input = try InputBytes(mapping: Corpus.root + "/containers/malformed/" + path)
    return ContainerScanner.scan(input, name: path, budget: budget)
  }

  static func limits(_ report: ContainerReport) -> Set<ContainerBudget.Limit> {
    Set(report.anomalies.compactMap(\.budget))
  }

  @Test func xzBombStopsAtTheRatioWithDefaults() throws {
    let report = try Self.scan("xz-bomb.xz", ContainerBudget())
    #expect(!report.complete)
    #expect(Self.limits(report) == [.maxCompressionRatio])
    let defaults = ContainerBudget()
    #expect(report.counters.decompressedBytes <= defaults.ratioGraceBytes + (1 << 16))
  }

  @Test func gzipBombStopsWithinTheTotal() throws {
    var budget = ContainerBudget()
    budget.maxDecompressedBytes = 4 << 20
    budget.maxCompressionRatio = 1 << 30
    let report = try Self.scan("gzip-bomb.gz", budget)
    #expect(report.counters.decompressedBytes <= budget.maxDecompressedBytes)
    #expect(Self.limits(report) == [.maxDecompressedBytes])
  }

  @Test func overlappingZipBombStopsWithinTheTotal() throws {
    var budget = ContainerBudget()
    budget.maxDecompressedBytes = 3 << 20
    let report = try Self.scan("zip-bomb-overlapping.zip", budget)
    #expect(report.counters.decompressedBytes <= budget.maxDecompressedBytes)
    #expect(Self.limits(report).contains(.maxDecompressedBytes))
    #expect(report.anomalies.filter { $0.kind == .budgetExceeded }.count == 1)
  }

  @Test func wideZipStopsAtTheMemberBudget() throws {
    let report = try Self.scan("wide-100k-members.zip.xz", ContainerBudget())
    #expect(report.counters.members == ContainerBudget().maxMembers)
    #expect(Self.limits(report) == [.maxMembers])
  }

  @Test func smallerMemberBudgetStopsEarlier() throws {
    var budget = ContainerBudget()
    budget.maxMembers = 100
    let report = try Self.scan("wide-100k-members.zip.xz", budget)
    #expect(report.counters.members == 100)
  }

  @Test func deepNestingStopsAtTheDepthBudget() throws {
    let report = try Self.scan("deep-nesting.zip", ContainerBudget())
    #expect(report.counters.deepestNesting == ContainerBudget().maxDepth + 1)
    #expect(report.anomalies.contains { $0.kind == .nestingTooDeep && $0.budget == .maxDepth })
    #expect(report.streams.isEmpty)
    var deeper = ContainerBudget()
    deeper.maxDepth = 16
    let opened = try Self.scan("deep-nesting.zip", deeper)
    #expect(opened.complete)
    #expect(opened.streams.count == 1)
  }

  @Test func streamBudgetCutsLongStreams() throws {
    var budget = ContainerBudget()
    budget.maxStreamBytes = 1_000
    let input = try InputBytes(mapping: Corpus.root + "/benign/joblib/large-array-100k.joblib")
    let report = ContainerScanner.scan(input, name: "large-array-100k.joblib", budget: budget)
    #expect(report.streams.allSatisfy { $0.range.count <= 1_000 })
    #expect(Self.limits(report) == [.maxStreamBytes])
  }

  @Test func npyHugeShapeAllocatesNothing() throws {
    let report = try Self.scan("npy-huge-shape.npy", ContainerBudget())
    #expect(report.anomalies.map(\.kind) == [.npyDataSizeMismatch])
    #expect(report.counters.decompressedBytes == 0)
  }
}
