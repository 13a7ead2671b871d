import PickleAnalysis
import Testing

@testable import PickleRules

private let policy = """
  policy "test.1" documentation "https://example.invalid/rules"
  rule PKL201 dangerous-import {
    severity high confidence high
    summary "imports a callable that can run code"
    why "x"
    match global in ["os.system", "subprocess.*", "builtins.eval"]
  }
  rule PKL202 global-not-allowlisted {
    severity medium confidence medium
    summary "references a global outside the allowlist"
    why "x"
    fallback
    match global where not called and not allowed
  }
  rule PKL301 callable-not-allowlisted {
    severity medium confidence medium
    summary "calls a callable outside the allowlist"
    why "x"
    fallback
    match call where resolved and not allowed
  }
  rule PKL302 dunder-getattr {
    severity high confidence high
    summary "reads a dunder attribute"
    why "x"
    match call in ["builtins.getattr"] where arg 1 matches "^__.*__$"
  }
  rule PKL303 discarded-result {
    severity medium confidence low
    summary "calls something and throws the result away"
    why "x"
    match call where liveness == discarded and not allowed
  }
  rule PKL001 truncated {
    severity medium confidence high
    summary "the stream ends before STOP"
    why "x"
    match anomaly in ["truncated"]
  }
  rule PKL002 multiple-pickles {
    severity info confidence high
    summary "several pickles in one stream"
    why "x"
    match anomaly in ["multiple-pickles"]
  }
  rule PKL901 unknown-anomaly {
    severity medium confidence low
    summary "an anomaly the policy does not know"
    why "x"
    match anomaly where not known
  }
  rule PKL501 nested {
    severity high confidence high
    summary "embeds a payload for a deserializer"
    why "x"
    match nested
  }
  rule PKL304 build-on-module {
    severity high confidence medium
    summary "sets attributes of a module or class"
    why "x"
    match build where target is module or target is global
  }
  profile plain {
    summary "test profile"
    allow class "collections.OrderedDict" "uuid.UUID" because "data"
    allow call "datetime.datetime" because "data"
    allow call "copyreg._reconstructor"
      where arg 0 is allowed and arg 1 in ["builtins.object"] because "object creation"
    allow call "builtins.getattr" where arg 0 == "zoneinfo.ZoneInfo" and arg 1 == "_unpickle"
      because "zoneinfo shape"
    allow reference "builtins.list" because "factory"
  }
  """

private func rules() throws -> RuleSet {
  let (set, diagnostics) = RuleSet.parse(policy, file: "test.rules")
  #expect(diagnostics.isEmpty, "\(diagnostics)")
  return try #require(set)
}

@Test func emptyAnalysisIsSafe() throws {
  let result = evaluate(AnalysisBuilder(), rules: try rules())
  #expect(result.verdict == .safe)
  #expect(result.findings.isEmpty)
  #expect(result.riskScore == 0)
  #expect(result.coverage == .complete)
  #expect(result.policyVersion == "test.1")
}

@Test func dangerousCallIsMaliciousAndExplainedOnce() throws {
  var builder = AnalysisBuilder()
  builder.call("os.system", [AnalysisBuilder.str("touch /tmp/x")])
  let result = evaluate(builder, rules: try rules())
  #expect(result.verdict == .malicious)
  #expect(result.findings.map(\.rule) == ["PKL201"])  // PKL301 steps aside as a fallback
  let finding = try #require(result.findings.first)
  #expect(finding.call == "os.system('touch /tmp/x')")
  #expect(finding.related.count == 1)
  #expect(result.riskScore >= 70)
}

@Test func referencedDangerousGlobalIsAFinding() throws {
  var builder = AnalysisBuilder()
  let (system, _) = builder.global("os.system")
  builder.call("sklearn.preprocessing.FunctionTransformer", [], kind: .newobj)
  builder.build(
    target: .callResult(0),
    state: .dict([.init(key: AnalysisBuilder.str("func"), value: .global(system))])
  )
  let result = evaluate(builder, rules: try rules())
  #expect(result.verdict == .malicious)
  #expect(
    result.findings.contains { $0.rule == "PKL201" && $0.message.contains("without being called") }
  )
  #expect(result.findings.contains { $0.rule == "PKL301" })
}

@Test func allowlistDistinguishesClassFromCall() throws {
  var builder = AnalysisBuilder()
  builder.call("uuid.UUID", [], kind: .newobj)
  #expect(evaluate(builder, rules: try rules()).verdict == .safe)
  var reduce = AnalysisBuilder()
  reduce.call("uuid.UUID", [AnalysisBuilder.str("x")], kind: .reduce)
  let result = evaluate(reduce, rules: try rules())
  #expect(result.verdict == .suspicious)
  #expect(result.findings.map(\.rule) == ["PKL301"])
}

@Test func allowEntryConstrainsArguments() throws {
  let set = try rules()
  var good = AnalysisBuilder()
  let (uuid, _) = good.global("uuid.UUID")
  let (object, _) = good.global("builtins.object")
  good.call("copyreg._reconstructor", [.global(uuid), .global(object), .none])
  // builtins.object is only referenced as an argument; it is not allowlisted by itself.
  let goodResult = evaluate(good, rules: set)
  #expect(goodResult.findings.map(\.rule) == ["PKL202"])

  var bad = AnalysisBuilder()
  let (popen, _) = bad.global("subprocess.Popen")
  bad.call("copyreg._reconstructor", [.global(uuid), .global(popen), AnalysisBuilder.str("id")])
  let badResult = evaluate(bad, rules: set)
  #expect(badResult.verdict == .malicious)
  #expect(Set(badResult.findings.map(\.rule)) == ["PKL201", "PKL301"])
}

@Test func getattrShapes() throws {
  let set = try rules()
  var zone = AnalysisBuilder()
  let (zoneInfo, _) = zone.global("zoneinfo.ZoneInfo")
  zone.call("builtins.getattr", [.global(zoneInfo), AnalysisBuilder.str("_unpickle")])
  #expect(evaluate(zone, rules: set).findings.map(\.rule) == ["PKL202"])  // ZoneInfo itself

  var dunder = AnalysisBuilder()
  dunder.call("builtins.getattr", [.global(zoneInfo), AnalysisBuilder.str("__globals__")])
  let result = evaluate(dunder, rules: set)
  #expect(result.verdict == .malicious)
  #expect(result.findings.map(\.rule) == ["PKL302"])
}

@Test func anomaliesHaveTheirOwnSeverity() throws {
  let set = try rules()
  var multiple = AnalysisBuilder()
  multiple.anomaly(.multiplePickles)
  let info = evaluate(multiple, rules: set)
  #expect(info.verdict == .safe)
  #expect(info.findings.map(\.rule) == ["PKL002"])

  var truncated = AnalysisBuilder()
  truncated.anomaly(.truncated)
  truncated.anomaly(Anomaly.Kind("brand-new-kind"))
  let result = evaluate(truncated, rules: set)
  #expect(result.verdict == .suspicious)
  #expect(result.findings.map(\.rule) == ["PKL001", "PKL901"])
}

@Test func discardedResultsAndBuildsOnModules() throws {
  var builder = AnalysisBuilder()
  builder.call("mylib.setup", [], liveness: .discarded)
  builder.build(target: .module("os"), state: .dict([]))
  let result = evaluate(builder, rules: try rules())
  #expect(Set(result.findings.map(\.rule)) == ["PKL303", "PKL304"])
  #expect(result.verdict == .malicious)
}

@Test func nestedPayloadsAreEvaluatedWithDepth() throws {
  var inner = AnalysisBuilder()
  inner.call("builtins.eval", [AnalysisBuilder.str("1")])
  var outer = AnalysisBuilder()
  let id = outer.call("pickle.loads", [.bytes([0x80], length: 40)])
  outer.nested = [
    NestedAnalysis(
      callID: id,
      deserializer: AnalysisBuilder.name("pickle.loads"),
      transforms: ["base64.b64decode"],
      depth: 1,
      analysis: inner.analysis,
      byteCount: 40
    )
  ]
  let result = evaluate(outer, rules: try rules())
  #expect(result.verdict == .malicious)
  let eval = try #require(result.findings.first { $0.rule == "PKL201" })
  #expect(eval.location.members.count == 1)
  #expect(eval.location.members[0].contains("pickle.loads"))
  #expect(result.findings.contains { $0.rule == "PKL501" })
}

@Test func selectionAndSuppression() throws {
  var builder = AnalysisBuilder()
  builder.call("os.system", [AnalysisBuilder.str("id")])
  let set = try rules()
  let ignored = evaluate(builder, rules: set, selection: RuleSelection(ignore: ["PKL2"]))
  // Without the denylist rule, the allowlist fallback still reports the call.
  #expect(ignored.findings.map(\.rule) == ["PKL301"])
  #expect(ignored.verdict == .suspicious)
  let selected = evaluate(
    builder,
    rules: set,
    selection: RuleSelection(select: ["PKL3"], ignore: ["PKL301"])
  )
  #expect(selected.findings.isEmpty)

  let (project, diagnostics) = RuleSet.parse(
    #"suppress PKL201 in "models/*" because "reviewed by the security team""#,
    file: "project.rules"
  )
  #expect(diagnostics.isEmpty)
  let merged = set.merging(try #require(project), replace: false)
  #expect(merged.policyVersion == "test.1+custom")
  let inModels = evaluate(builder, rules: merged, artifact: "models/a.pkl")
  #expect(inModels.findings.isEmpty)
  #expect(inModels.suppressed.map(\.finding.rule) == ["PKL201"])
  #expect(inModels.verdict == .safe)
  let elsewhere = evaluate(builder, rules: merged, artifact: "other/a.pkl")
  #expect(elsewhere.findings.map(\.rule) == ["PKL201"])
}

@Test(arguments: [
  ([], [], "PKL204", true),
  (["PKL2"], [], "PKL204", true),
  (["PKL2"], [], "PKL304", false),
  (["PKL2"], ["PKL204"], "PKL204", false),
  (["PKL2"], ["PKL204"], "PKL205", true),
  (["PKL204"], ["PKL2"], "PKL204", true),
  (["PKL204"], ["PKL2"], "PKL205", false),
  ([], ["PKL"], "PKL001", false),
])
func selection(select: [String], ignore: [String], id: String, expected: Bool) {
  #expect(RuleSelection(select: select, ignore: ignore).includes(id) == expected)
}

@Test func readErrorDoesNotHideFindings() throws {
  var builder = AnalysisBuilder()
  builder.call("os.system", [AnalysisBuilder.str("id")])
  let engine = RuleEngine(rules: try rules())
  let both = engine.evaluate(
    artifact: "x.pt",
    streams: [StreamInput(analysis: builder.analysis, location: Location(artifact: "x.pt"))],
    fileAnomalies: [],
    readError: "zip central directory truncated"
  )
  #expect(both.verdict == .malicious)
  #expect(!both.coverage.isComplete)
  let onlyError = engine.evaluate(
    artifact: "x.pt",
    streams: [],
    fileAnomalies: [],
    readError: "eio"
  )
  #expect(onlyError.verdict == .error)
}

@Test func replaceMergeUsesOnlyTheNewRules() throws {
  let (mine, _) = RuleSet.parse(
    """
    rule ACME001 no-numpy {
      severity low confidence high
      summary "uses numpy" why "house rule"
      match global in ["numpy.*"]
    }
    """,
    file: "acme.rules"
  )
  let merged = try rules().merging(try #require(mine), replace: true)
  #expect(merged.rules.map(\.id) == ["ACME001"])
  #expect(merged.policyVersion == "custom")
  #expect(merged.rules[0].helpURI == "https://example.invalid/rules#acme001")
}

@Test func repeatedFindingsAreCappedPerRule() throws {
  var builder = AnalysisBuilder()
  for _ in 0..<250 { builder.call("mylib.f", []) }
  let result = RuleEngine(rules: try rules(), maxFindingsPerRule: 100).evaluate(
    artifact: "x.pkl",
    streams: [StreamInput(analysis: builder.analysis, location: Location(artifact: "x.pkl"))]
  )
  #expect(result.findings.count == 101)
  #expect(result.findings.last?.message.hasPrefix("150 more findings") == true)
}

@Test func patternWorkIsBounded() throws {
  var builder = AnalysisBuilder()
  let long = String(repeating: "a", count: 4000) + " sh -c x"
  for _ in 0..<50 { builder.call("mylib.run", [AnalysisBuilder.str(long)]) }
  let (set, _) = RuleSet.parse(
    """
    rule ACME001 shell {
      severity high confidence low summary "shell" why "x"
      match call where any arg matches "sh -c"
    }
    """,
    file: "t.rules"
  )
  let engine = RuleEngine(rules: try #require(set), maxRegexWork: 10_000)
  let result = engine.evaluate(
    artifact: "x.pkl",
    streams: [StreamInput(analysis: builder.analysis, location: Location(artifact: "x.pkl"))]
  )
  // Two strings fit the budget; the rest are skipped and the coverage says so.
  #expect(result.findings.count == 2)
  guard case .incomplete(let reasons) = result.coverage else {
    Issue.record("coverage should be incomplete")
    return
  }
  #expect(reasons.contains { $0.contains("pattern budget") })
}
