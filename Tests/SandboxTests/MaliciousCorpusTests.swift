import PickleTestSupport
import RestrictedDecoder
import Testing

/// Every file of the malicious corpus (`Corpus/malicious/`, when present) is refused.
@Suite struct MaliciousCorpusTests {
  static let files = Corpus.files("malicious").filter {
    !$0.hasSuffix(".md") && !$0.hasSuffix(".tsv")
  }

  @Test(arguments: files)
  func isRefused(_ path: String) throws {
    let bytes = try Corpus.bytes(path)
    if case .success = bytes.withUnsafeBytes({ RestrictedDecoder.decodeAll($0) }) {
      Issue.record("\(path) decoded")
    }
  }
}
