import PickleTestSupport
import Testing

@testable import PickleRules

/// Seeded mutations of the shipped rule files never crash the lexer, parser or checker, and
/// every diagnostic points inside the text.
@Test(arguments: ShippedRules.files.map(\.name))
func mutatedRuleFilesAreDiagnosed(_ name: String) throws {
  let text = try #require(ShippedRules.files.first { $0.name == name }?.text)
  let original = Array(text.unicodeScalars)
  let alphabet = Array("{}[](),=!<>\"\\# \nabzPKL019_-.*?".unicodeScalars)
  var generator = SeededGenerator(seed: UInt64(name.utf8.count))
  for _ in 0..<40 {
    var scalars = original
    for _ in 0..<Int.random(in: 1...8, using: &generator) {
      let position = Int.random(in: 0...scalars.count, using: &generator)
      switch Int.random(in: 0..<3, using: &generator) {
      case 0: scalars.insert(alphabet.randomElement(using: &generator) ?? " ", at: position)
      case 1: if position < scalars.count { scalars.remove(at: position) }
      default:
        if position < scalars.count {
          scalars[position] = alphabet.randomElement(using: &generator) ?? " "
        }
      }
    }
    let mutated = String(String.UnicodeScalarView(scalars))
    let lines = mutated.split(separator: "\n", omittingEmptySubsequences: false).count
    let (set, diagnostics) = RuleSet.parse(mutated, file: name)
    #expect(set != nil || diagnostics.contains { $0.level == .error })
    for diagnostic in diagnostics {
      #expect(diagnostic.position.line >= 1 && diagnostic.position.line <= lines)
      #expect(diagnostic.position.column >= 1)
    }
  }
}

@Test func deepNestingIsAnErrorNotACrash() {
  let depth = 10_000
  let text =
    "rule ACME001 deep { severity low confidence low summary \"x\" why \"y\" match call where "
    + String(repeating: "(", count: depth) + "resolved" + String(repeating: ")", count: depth)
    + " }"
  let (set, diagnostics) = RuleSet.parse(text, file: "deep.rules")
  #expect(set == nil)
  #expect(diagnostics.contains { $0.message.contains("nests deeper") })
  let nots =
    "rule ACME002 nots { severity low confidence low summary \"x\" why \"y\" match call where "
    + String(repeating: "not ", count: depth) + "resolved }"
  #expect(RuleSet.parse(nots, file: "nots.rules").0 == nil)
}
