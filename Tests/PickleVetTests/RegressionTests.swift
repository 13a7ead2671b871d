import PickleTestSupport
import PickleVet
import Testing

/// Each fixed bug, replayed from `Corpus/regressions/<id>/`.
@Suite struct RegressionTests {
  @Test func sevenZipMemberWithoutModeIsScanned() throws {
    let report = try Scanner().scan(
      path: Corpus.root + "/regressions/7z-member-without-mode/model.7z"
    )
    #expect(report.verdict == .malicious)
    #expect(report.formats == ["7z", "pickle"])
    #expect(report.findings.contains { $0.call?.hasPrefix("builtins.eval(") == true })
  }
}
