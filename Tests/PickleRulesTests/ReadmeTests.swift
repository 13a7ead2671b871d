import PickleTestSupport
import Testing

@testable import PickleRules

#if canImport(Glibc)
import Glibc
#endif

/// `Rules/README.md` holds the output of `picklevet rules list --markdown` between its markers.
@Test func rulesReadmeIsCurrent() throws {
  let path = repositoryRoot + "/Rules/README.md"
  let text = try RuleSet.readText(path)
  let generated = RuleCatalog.markdown(try RuleSet.shipped())
  let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
  let begin = try #require(
    lines.firstIndex { $0 == RuleCatalog.generatedBegin },
    "no generated section"
  )
  let head = lines[..<begin].map { $0 + "\n" }.joined()
  let current = lines[begin...].joined(separator: "\n")
  assertGolden(head + generated, path: path)
  #expect(current == generated, "Rules/README.md is stale; run UPDATE_GOLDENS=1 swift test")
}
