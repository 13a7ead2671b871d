import PickleCore
import PickleTestSupport
import Testing

/// Every protocol fixture against the goldens CPython's pickletools wrote.
@Suite struct GoldenDisassemblyTests {
  static let fixtures = Corpus.files("protocols", suffix: ".pkl")

  @Test func fixturesExist() {
    #expect(Self.fixtures.count >= 60)
  }

  @Test(arguments: fixtures)
  func textMatchesPickletoolsDis(_ path: String) throws {
    let (lines, outcome) = disassemble(try Corpus.bytes(path), format: .text)
    #expect(outcome.error == nil)
    #expect(outcome.completePickles == 1)
    let golden = try Corpus.text(path + ".dis")
    #expect(lines.joined(separator: "\n") + "\n" == golden)
  }

  @Test(arguments: fixtures)
  func jsonlMatchesPickletoolsGenops(_ path: String) throws {
    let (lines, _) = disassemble(try Corpus.bytes(path), format: .jsonl)
    let golden = try Corpus.text(path + ".jsonl")
    #expect(lines.joined(separator: "\n") + "\n" == golden)
  }
}
