import PickleTestSupport
import PickleVet
import Testing

/// Every labelled file of `Corpus/` through the whole pipeline: containers, analysis, rules.
@Suite struct CorpusVerdictTests {
  struct Row: Sendable, CustomTestStringConvertible {
    let path: String
    let expected: Verdict
    let family: String
    let technique: String
    var testDescription: String { path }
  }

  static func manifest(_ relative: String) -> [Row] {
    guard let text = try? Corpus.text(relative) else { return [] }
    return text.split(separator: "\n").dropFirst().compactMap { line in
      let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      guard fields.count >= 4, let verdict = Verdict(rawValue: fields[1]) else { return nil }
      return Row(path: fields[0], expected: verdict, family: fields[2], technique: fields[3])
    }
  }

  static let malicious = manifest("malicious/manifest.tsv")
  static let benign = manifest("benign/manifest.tsv")
  static let scanner: Scanner? = try? Scanner()

  @Test func manifestsAreLarge() throws {
    #expect(Self.malicious.count >= 150)
    #expect(Set(Self.malicious.map(\.technique)).count >= 40)
    #expect(Self.benign.count >= 100)
    _ = try #require(Self.scanner)
  }

  @Test(arguments: malicious)
  func maliciousFileIsFlagged(_ row: Row) throws {
    let scanner = try #require(Self.scanner)
    let report = scanner.scan(path: Corpus.root + "/" + row.path)
    #expect(report.verdict >= .suspicious, "\(row.technique): \(report.verdict)")
    if row.expected == .malicious {
      #expect(!report.findings.isEmpty)
    }
  }

  @Test(arguments: benign)
  func benignFileIsNotMalicious(_ row: Row) throws {
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
