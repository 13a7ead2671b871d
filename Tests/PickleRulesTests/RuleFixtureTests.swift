import PickleAnalysis
import PickleRules
import PickleTestSupport
import Testing

/// Every fixture of `Corpus/rules/PKL###/`, relative to `Corpus/`.
private let fixtures: [String] = Corpus.files("rules").filter {
  ($0.hasSuffix(".pkl") || $0.hasSuffix(".input")) && $0.split(separator: "/").count == 3
}

/// `hit-` fixtures fire their folder's rule, `ok-` fixtures do not; all findings are a golden.
@Test(arguments: fixtures)
func ruleFixture(_ path: String) throws {
  let parts = path.split(separator: "/")
  let rule = String(parts[1])
  let name = String(parts[2])
  let result = try evaluateFixture(path)
  let fired = result.findings.contains { $0.rule == rule }
  if name.hasPrefix("hit-") {
    #expect(fired, "\(path) should fire \(rule): \(result.findings.map(\.rule))")
  } else {
    #expect(name.hasPrefix("ok-"), "fixture names start with hit- or ok-: \(path)")
    #expect(!fired, "\(path) should not fire \(rule)")
  }
  assertGolden(findingsText(result), path: Corpus.root + "/" + path + ".findings.txt")
}

@Test func everyRuleHasHitAndOkFixtures() throws {
  let rules = Set(try RuleSet.shipped().rules.map(\.id))
  var hits: [String: Int] = [:]
  var oks: [String: Int] = [:]
  for path in fixtures {
    let parts = path.split(separator: "/")
    let rule = String(parts[1])
    #expect(rules.contains(rule), "Corpus/rules/\(rule) has no rule")
    if parts[2].hasPrefix("hit-") { hits[rule, default: 0] += 1 }
    if parts[2].hasPrefix("ok-") { oks[rule, default: 0] += 1 }
  }
  for rule in rules.sorted() {
    #expect(hits[rule, default: 0] >= 1, "\(rule) has no hit- fixture")
    #expect(oks[rule, default: 0] >= 1, "\(rule) has no ok- fixture")
  }
}

/// Runs the shipped policy over a fixture: a raw pickle, or a hand-built `.input`.
func evaluateFixture(_ path: String) throws -> Evaluation {
  let engine = RuleEngine(rules: try RuleSet.shipped())
  let artifact = String(path.split(separator: "/").last ?? "")
  if path.hasSuffix(".pkl") {
    let analysis = PickleAnalyzer.analyze(try Corpus.bytes(path))
    return engine.evaluate(
      artifact: artifact,
      streams: [
        StreamInput(analysis: analysis, location: Location(artifact: artifact, byteOffset: 0))
      ]
    )
  }
  var anomalies: [Anomaly] = []
  var containers: [ContainerAnomalyInput] = []
  var readError: String?
  for line in try Corpus.text(path).split(separator: "\n") {
    let words = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
    switch words.first {
    case "anomaly" where words.count >= 4:
      anomalies.append(
        Anomaly(Anomaly.Kind(words[1]), at: Int(words[2]) ?? 0, words[3...].joined(separator: " "))
      )
    case "container" where words.count >= 5:
      containers.append(
        ContainerAnomalyInput(
          kind: words[1],
          message: words[4...].joined(separator: " "),
          location: Location(artifact: artifact, members: [words[2]], byteOffset: Int(words[3]))
        )
      )
    case "unreadable":
      readError = words.dropFirst().joined(separator: " ")
    default:
      Issue.record("bad line in \(path): \(line)")
    }
  }
  let streams =
    anomalies.isEmpty
    ? []
    : [
      StreamInput(analysis: Analysis(anomalies: anomalies), location: Location(artifact: artifact))
    ]
  return engine.evaluate(
    artifact: artifact,
    streams: streams,
    fileAnomalies: containers,
    readError: readError
  )
}

/// One line per finding, then the verdict: what the `.findings.txt` goldens hold.
func findingsText(_ result: Evaluation) -> String {
  var lines: [String] = []
  for finding in result.findings {
    let place = ([finding.location.artifact] + finding.location.members).joined(separator: "/")
    let offset = finding.location.byteOffset.map { "@\($0)" } ?? ""
    var line = "\(finding.rule) \(finding.severity) \(place)\(offset): \(finding.message)"
    if let call = finding.call { line += "\n    call: " + call }
    lines.append(line)
  }
  lines.append("verdict \(result.verdict) risk \(result.riskScore)")
  if case .incomplete(let reasons) = result.coverage {
    lines.append("coverage incomplete: " + reasons.joined(separator: "; "))
  }
  return lines.joined(separator: "\n") + "\n"
}
