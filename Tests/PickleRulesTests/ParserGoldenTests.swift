import PickleTestSupport
import Testing

@testable import PickleRules

/// `Goldens/x.rules` → `x.ast` (the syntax tree) and `x.diag` (every diagnostic, rendered).
@Test(arguments: listDirectory(testsPath("Goldens"), suffix: ".rules"))
func parserGolden(_ name: String) throws {
  let path = testsPath("Goldens/" + name)
  let text = String(decoding: try readFile(path), as: UTF8.self)
  let (syntax, _) = Parser.parse(text, file: name)
  let (_, diagnostics) = RuleSet.parse(text, file: name)
  let stem = String(name.dropLast(".rules".count))
  assertGolden(syntax.dump, path: testsPath("Goldens/\(stem).ast"))
  assertGolden(
    diagnostics.map { $0.description + "\n" }.joined(),
    path: testsPath("Goldens/\(stem).diag")
  )
}

@Test func goldensExist() {
  #expect(listDirectory(testsPath("Goldens"), suffix: ".rules").count >= 4)
}
