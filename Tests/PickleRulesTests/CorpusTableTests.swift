import PickleAnalysis
import PickleRules
import PickleTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Prints per-technique verdict counts for the raw pickles of the benign and malicious corpora.
///
/// Run through `Tools/corpus-table.sh`; `verbose` also lists each unexpected file's findings.
@Test(.enabled(if: getenv("PICKLEVET_CORPUS_TABLE") != nil))
func corpusTable() throws {
  let verbose = String(cString: getenv("PICKLEVET_CORPUS_TABLE")) == "verbose"
  let rules = try RuleSet.shipped()
  var output = "policy \(rules.policyVersion)\n"
  for set in ["benign", "malicious"] {
    var table: [String: [Verdict: Int]] = [:]
    var totals: [Verdict: Int] = [:]
    var skipped = 0
    for row in manifest(set) {
      guard isRawPickle(row) else {
        skipped += 1
        continue
      }
      let result = try evaluateRaw(row.path, rules: rules)
      let key = set == "benign" ? row.family : row.technique
      table[key, default: [:]][result.verdict, default: 0] += 1
      totals[result.verdict, default: 0] += 1
      if verbose && (set == "benign" ? result.verdict != .safe : result.verdict != .malicious) {
        output += "\(result.verdict) \(row.path) [\(row.technique)]\n"
        for finding in result.findings {
          output += "    \(finding.rule) \(finding.severity) \(finding.message)"
          output += finding.call.map { " — \($0)" } ?? ""
          output += "\n"
        }
      }
    }
    let total = totals.values.reduce(0, +)
    output += "\n\(set): \(total) raw pickles (\(skipped) in containers skipped)\n"
    output += pad("family/technique", 44) + " malicious suspicious safe error\n"
    for key in table.keys.sorted() {
      let row = table[key, default: [:]]
      output +=
        pad(key, 44)
        + [Verdict.malicious, .suspicious, .safe, .error].map {
          pad(String(row[$0, default: 0]), 10)
        }.joined()
        + "\n"
    }
    output +=
      pad("total", 44)
      + [Verdict.malicious, .suspicious, .safe, .error].map {
        pad(String(totals[$0, default: 0]), 10)
      }.joined()
      + "\n"
  }
  if let extra = getenv("PICKLEVET_EXTRA_DIR").map({ String(cString: $0) }) {
    // Streams extracted from containers by hand (exploration only; not part of the suite).
    output += "\nextra streams in \(extra)\n"
    for name in listDirectory(extra, suffix: "") where !name.hasPrefix(".") {
      let bytes = try readFile(extra + "/" + name)
      let analysis = PickleAnalyzer.analyze(bytes)
      let result = RuleEngine(rules: rules).evaluate(
        artifact: name,
        streams: [StreamInput(analysis: analysis, location: Location(artifact: name))]
      )
      output += "\(result.verdict) \(name)\n"
      if verbose && result.verdict != .safe {
        for finding in result.findings {
          output += "    \(finding.rule) \(finding.severity) \(finding.message)"
          output += finding.call.map { " — \($0)" } ?? ""
          output += "\n"
        }
      }
    }
  }
  output += try engineTiming(rules: rules)
  if let path = getenv("PICKLEVET_CORPUS_TABLE_FILE"), let file = fopen(path, "w") {
    fputs(output, file)
    fclose(file)
  } else {
    print(output)
  }
}

/// Times the analyzer and the rule engine separately over every raw corpus pickle.
///
/// For humans: nothing is asserted. `Tools/corpus-table.sh` prints it under the table.
func engineTiming(rules: RuleSet) throws -> String {
  let engine = RuleEngine(rules: rules)
  var inputs: [(String, Analysis)] = []
  var analysisTime = Duration.zero
  let clock = ContinuousClock()
  for row in manifest("benign") + manifest("malicious") where isRawPickle(row) {
    let bytes = try Corpus.bytes(row.path)
    var analysis = Analysis()
    analysisTime += clock.measure { analysis = PickleAnalyzer.analyze(bytes) }
    inputs.append((row.path, analysis))
  }
  let rounds = 20
  var findings = 0
  let engineTime = clock.measure {
    for _ in 0..<rounds {
      for (path, analysis) in inputs {
        findings +=
          engine.evaluate(
            artifact: path,
            streams: [StreamInput(analysis: analysis, location: Location(artifact: path))]
          ).findings.count
      }
    }
  }
  let perFile = engineTime / (rounds * max(1, inputs.count))
  return "\ntiming: \(inputs.count) streams; analyzer \(analysisTime) once; rule engine "
    + "\(engineTime) for \(rounds) rounds (\(perFile) per stream, \(findings / rounds) findings)\n"
}

private func pad(_ text: String, _ width: Int) -> String {
  text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
}
