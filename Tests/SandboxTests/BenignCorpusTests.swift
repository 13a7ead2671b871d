import PickleTestSupport
import RestrictedDecoder
import Testing

/// Every raw benign pickle of the corpus decodes; containers are unwrapped elsewhere.
@Suite struct BenignCorpusTests {
  /// Paths of `Corpus/benign/containers.tsv` whose container is a plain pickle stream.
  static let rawPickles: [String] = {
    guard let table = try? Corpus.text("benign/containers.tsv") else { return [] }
    return table.split(separator: "\n").dropFirst().compactMap { line in
      let columns = line.split(separator: "\t")
      guard columns.count == 2, columns[1] == "pickle" || columns[1].hasPrefix("pickle-multi")
      else { return nil }
      return String(columns[0])
    }
  }()

  @Test func corpusIsThere() {
    #expect(Self.rawPickles.count >= 130)
  }

  @Test(arguments: rawPickles)
  func decodes(_ path: String) throws {
    let bytes = try Corpus.bytes(path)
    let result = bytes.withUnsafeBytes { RestrictedDecoder.decodeAll($0) }
    switch result {
    case .success(let values):
      #expect(!values.isEmpty)
      #expect(values.allSatisfy { !$0.json.isEmpty })
    case .failure(let refusal):
      Issue.record("\(path): \(refusal) [\(refusal.code)] global=\(refusal.global ?? "-")")
    }
  }
}
