import PickleTestSupport
import PickleVet
import Testing

/// Every labelled file of `Corpus/` through the whole pipeline: containers, analysis, rules.
@Suite struct CorpusVerdictTests {
  static let malicious = Corpus.manifest("malicious")
  static let benign = Corpus.manifest("benign")
  static let scanner: Scanner? = try? Scanner()

  @Test func manifestsAreLarge() throws {
    #expect(Self.malicious.count >= 150)
    #expect(Set(Self.malicious.map(\.technique)).count >= 40)
    #expect(Self.benign.count >= 100)
    _ = try #require(Self.scanner)
  }

  @Test(arguments: malicious)
  func maliciousFileIsFlagged(_ row: ManifestRow) throws {
    let scanner = try #require(Self.scanner)
    let report = scanner.scan(path: Corpus.root + "/" + row.path)
    #expect(report.verdict >= .suspicious, "\(row.technique): \(report.verdict)")
    if row.expected == Verdict.malicious.rawValue {
      #expect(!report.findings.isEmpty)
    }
  }

  @Test(arguments: benign)
  func benignFileIsNotMalicious(_ row: ManifestRow) throws {
    let scanner = try #require(Self.scanner)
    let report = scanner.scan(path: Corpus.root + "/" + row.path)
    #expect(
      report.verdict == .safe || report.verdict == .suspicious,
      "\(report.findings.map(\.rule))"
    )
    #expect(report.verdict != .error)
  }

  @Test func corpusRatesMeetTheGoals() throws {
    let scanner = try #require(Self.scanner)
    let maliciousReports = Self.malicious.map { scanner.scan(path: Corpus.root + "/" + $0.path) }
    let flagged = maliciousReports.filter { $0.verdict >= .suspicious }.count
    let flaggedMalicious = maliciousReports.filter { $0.verdict == .malicious }.count
    #expect(flagged == maliciousReports.count)
    #expect(Double(flaggedMalicious) >= 0.95 * Double(maliciousReports.count))
    let benignReports = Self.benign.map { scanner.scan(path: Corpus.root + "/" + $0.path) }
    #expect(benignReports.filter { $0.verdict == .malicious }.isEmpty)
    let suspicious = benignReports.filter { $0.verdict == .suspicious }.count
    #expect(Double(suspicious) <= 0.03 * Double(benignReports.count))
  }
}
