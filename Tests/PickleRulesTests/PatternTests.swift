import PickleTestSupport
import Testing

@testable import PickleRules

@Test(arguments: [
  ("os.system", "os.system", true),
  ("os.system", "os.systemx", false),
  ("subprocess.*", "subprocess.Popen", true),
  ("subprocess.*", "subprocess", false),
  ("torch._utils._rebuild_*", "torch._utils._rebuild_tensor_v2", true),
  ("*.__pyx_unpickle_*", "pandas._libs.arrays.__pyx_unpickle_NDArrayBacked", true),
  ("numpy.*.scalar", "numpy._core.multiarray.scalar", true),
  ("numpy.*.scalar", "numpy._core.multiarray.scalars", false),
  ("torch.?Storage", "torch.HStorage", true),
  ("torch.[!F]*Storage", "torch.FloatStorage", false),
  ("torch.[A-Z]*Storage", "torch.FloatStorage", true),
  ("a\\*b", "a*b", true),
  ("a\\*b", "axb", false),
  ("*a*b*c*", "xxaxxbxxcxx", true),
  ("*a*b*c*", "xxaxxcxxbxx", false),
])
func globMatching(pattern: String, text: String, expected: Bool) throws {
  #expect(try Glob(pattern).matches(text) == expected)
}

@Test(arguments: [
  ("^__\\w+__$", "__class__", true),
  ("^__\\w+__$", "_unpickle", false),
  ("rm -rf", "sh -c 'rm -rf /'", true),
  ("^(curl|wget) ", "wget http://x", true),
  ("^(curl|wget) ", "xwget http://x", false),
  ("(?i)SYSTEM", "os.system", true),
  ("a{2,3}$", "baaa", true),
  ("^a{2,3}$", "aaaa", false),
  ("[^a-z]", "abc", false),
  ("[^a-z]", "abC", true),
  ("\\d+\\.\\d+", "v1.25", true),
  ("x*", "", true),
  ("(a*)*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false),
  ("colou?r", "color", true),
  ("\\S+@\\S+", "a b@c", true),
  ("^$", "", true),
  ("a.c", "a\nc", false),
])
func regexMatching(pattern: String, text: String, expected: Bool) throws {
  #expect(try Regex(pattern).matches(text) == expected)
}

@Test(arguments: ["a(b", "a)b", "*a", "a{3,1}", "[z-a]", "a{1000}", "(?P<x>a)", "a\\", "a**"])
func regexRejects(_ pattern: String) {
  #expect(throws: PatternError.self) { try Regex(pattern) }
}

@Test func regexIsLinearOnPathologicalInput() throws {
  // Backtracking engines take exponential time here; the Pike VM takes n * m steps.
  let regex = try Regex("^(a|a)*(a|a)*(a|a)*c$")
  #expect(!regex.matches(String(repeating: "a", count: 4096)))
}

@Test func regexNestingIsBounded() {
  let deep = String(repeating: "(", count: 40) + "a" + String(repeating: ")", count: 40)
  #expect(throws: PatternError.self) { try Regex(deep) }
  let huge = "((((a{100}){100}){100}){100})"
  #expect(throws: PatternError.self) { try Regex(huge) }
}

/// The lazy DFA and the NFA simulation agree on seeded random texts.
@Test func lazyDFAAgreesWithNFA() throws {
  let patterns = [
    "^__\\w+__$", "(a|b)*abb", "(?i)sh -c", "^$", "x{2,4}y", "[^a-c]+$", "(^|[;& ])rm( |$)",
    "colou?r", "a.c", "\\d+\\.\\d+", "(a*)*b", "^(ab|a)(bc|c)$",
  ]
  let alphabet = Array("abcxyrmhsC -;_$.\n12é".unicodeScalars)
  var generator = SeededGenerator(seed: 42)
  for pattern in patterns {
    let regex = try Regex(pattern)
    for _ in 0..<300 {
      let length = Int.random(in: 0...400, using: &generator)
      var text = String.UnicodeScalarView()
      for _ in 0..<length {
        text.append(alphabet[Int.random(in: 0..<alphabet.count, using: &generator)])
      }
      let sample = String(text)
      var dfa = LazyDFA(regex)
      let answer = dfa.search(sample)
      #expect(
        answer == nil || answer == regex.simulate(sample),
        "\(pattern) on \(sample.debugDescription)"
      )
    }
  }
}
