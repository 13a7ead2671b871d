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
  if let path = getenv("PICKLEVET_CORPUS_TABLE_FILE"), let file = fopen(path, "w") {
    fputs(output, file)
    fclose(file)
  } else {
    print(output)
  }
}

private func pad(_ text: String, _ width: Int) -> String {
  text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
}
