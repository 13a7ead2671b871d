import PickleAnalysis

/// Runs a rule set over the analysed streams of one file and decides the verdict.
public struct RuleEngine: Sendable {
  /// The rules, profiles and suppressions in force.
  public let rules: RuleSet
  /// Which rules run.
  public let selection: RuleSelection
  /// Findings of one rule kept per stream; the next one counts the rest.
  public let maxFindingsPerRule: Int
  /// Characters that `matches` tests may scan per file; beyond it they are false and the
  /// coverage is incomplete.
  public let maxRegexWork: Int
  let active: [Subject: [CompiledRule]]
  let evaluator: ConditionEvaluator

  /// An engine for `rules`, running the selected ones.
  ///
  /// - Parameters:
  ///   - rules: The rule set.
  ///   - selection: `--select` / `--ignore`.
  ///   - maxFindingsPerRule: Findings of one rule kept per stream (a hostile file can repeat
  ///     one pattern a million times).
  ///   - maxRegexWork: Characters `matches` tests may scan per file.
  public init(
    rules: RuleSet,
    selection: RuleSelection = .init(),
    maxFindingsPerRule: Int = 100,
    maxRegexWork: Int = 64 << 20
  ) {
    self.rules = rules
    self.maxFindingsPerRule = max(1, maxFindingsPerRule)
    self.maxRegexWork = max(0, maxRegexWork)
    self.selection = selection
    var active: [Subject: [CompiledRule]] = [:]
    var known: [Subject: [Glob]] = [:]
    for rule in rules.compiled.sorted(by: { $0.info.id < $1.info.id }) {
      known[rule.info.subject, default: []] += rule.namedKinds
      if selection.includes(rule.info.id) { active[rule.info.subject, default: []].append(rule) }
    }
    self.active = active
    self.evaluator = ConditionEvaluator(allowlist: Allowlist(rules.allows), knownKinds: known)
  }

  /// Evaluates every stream of one file.
  ///
  /// - Parameters:
  ///   - artifact: The file as the user named it.
  ///   - streams: Each pickle stream with its analysis and location.
  ///   - fileAnomalies: Container anomalies of the file as a whole (not of one stream).
  ///   - readError: Why the file could not be read at all, if so; the verdict is then `error`
  ///     unless a finding is worse (a finding is never hidden by an error).
  /// - Returns: Findings, verdict, risk score and coverage.
  public func evaluate(
    artifact: String,
    streams: [StreamInput],
    fileAnomalies: [ContainerAnomalyInput] = [],
    readError: String? = nil
  ) -> Evaluation {
    var findings: [Finding] = []
    var reasons: [String] = []
    let budget = WorkBudget(limit: maxRegexWork)
    for stream in streams {
      findings += evaluate(stream.analysis, at: stream.location, budget: budget, reasons: &reasons)
      for anomaly in stream.containerAnomalies { findings += evaluate(anomaly, budget: budget) }
    }
    for anomaly in fileAnomalies { findings += evaluate(anomaly, budget: budget) }
    if budget.exhausted {
      reasons.append(
        "\(artifact): pattern budget of \(maxRegexWork) characters spent; later matches tests were skipped"
      )
    }
    if let readError {
      reasons.append("\(artifact): could not be read: \(readError)")
      var scope = Scope(base: Location(artifact: artifact), graph: CallGraph())
      run(.unreadable(message: readError), at: nil, in: &scope, budget: budget)
      findings += scope.resolved(maxPerRule: maxFindingsPerRule)
    }
    var kept: [Finding] = []
    var suppressed: [SuppressedFinding] = []
    for finding in Set(findings).sorted(by: Finding.reportOrder) {
      if let match = suppression(for: finding) {
        suppressed.append(
          SuppressedFinding(finding: finding, reason: match.reason, origin: match.origin)
        )
      } else {
        kept.append(finding)
      }
    }
    let verdict = RiskScore.verdict(kept, readError: readError != nil)
    return Evaluation(
      findings: kept,
      suppressed: suppressed,
      verdict: verdict,
      riskScore: RiskScore.score(kept, verdict: verdict),
      coverage: reasons.isEmpty ? .complete : .incomplete(reasons),
      policyVersion: rules.policyVersion
    )
  }

  /// Walks an analysis and its nested payloads (with an explicit work list).
  private func evaluate(
    _ analysis: Analysis,
    at base: Location,
    budget: WorkBudget,
    reasons: inout [String]
  ) -> [Finding] {
    var findings: [Finding] = []
    var pending: [(Analysis, Location, depth: Int)] = [(analysis, base, 0)]
    while let (analysis, location, depth) = pending.popLast() {
      var scope = Scope(base: location, graph: analysis.graph)
      let graph = analysis.graph
      for reference in graph.references {
        run(.global(reference, depth: depth), at: reference.offset, in: &scope, budget: budget)
      }
      for call in graph.calls {
        run(.call(call, depth: depth), at: call.offset, in: &scope, budget: budget)
      }
      for build in graph.builds {
        run(.build(build, depth: depth), at: build.offset, in: &scope, budget: budget)
      }
      for anomaly in analysis.anomalies {
        run(
          .anomaly(kind: anomaly.kind.name, message: anomaly.message, depth: depth),
          at: anomaly.offset,
          in: &scope,
          budget: budget
        )
      }
      if case .incomplete(let why) = analysis.coverage {
        for reason in why {
          reasons.append("\(Scope.path(location)): \(reason)")
          run(.incomplete(reason: reason, depth: depth), at: nil, in: &scope, budget: budget)
        }
      }
      for nested in analysis.nested {
        let offset = scope.index.call(nested.callID)?.offset
        run(.nested(nested), at: offset, in: &scope, budget: budget)
        guard let inner = nested.analysis else { continue }
        var member = location
        let absolute = (location.byteOffset ?? 0) + (offset ?? 0)
        member.members.append("<\(nested.deserializer) payload at \(absolute)>")
        member.byteOffset = 0
        pending.append((inner, member, nested.depth))
      }
      findings += scope.resolved(maxPerRule: maxFindingsPerRule)
    }
    return findings
  }

  private func evaluate(_ anomaly: ContainerAnomalyInput, budget: WorkBudget) -> [Finding] {
    var scope = Scope(base: anomaly.location, graph: CallGraph())
    run(
      .container(kind: anomaly.kind, message: anomaly.message),
      at: nil,
      in: &scope,
      budget: budget
    )
    return scope.resolved(maxPerRule: maxFindingsPerRule)
  }

  /// Tests every active rule of the subject's kind.
  private func run(
    _ subject: SubjectContext,
    at offset: Int?,
    in scope: inout Scope,
    budget: WorkBudget
  ) {
    guard let rules = active[subject.kind], !rules.isEmpty else { return }
    let facts = SubjectFacts(subject, budget: budget)
    for rule in rules where evaluator.holds(rule.condition, facts) {
      scope.add(rule: rule, facts: facts, offset: offset)
    }
  }

  private func suppression(for finding: Finding) -> Suppression? {
    let path = Scope.path(finding.location)
    return rules.compiledSuppressions.first { entry in
      finding.rule.hasPrefix(entry.suppression.rule) && (entry.path?.matches(path) ?? true)
    }?.suppression
  }
}
