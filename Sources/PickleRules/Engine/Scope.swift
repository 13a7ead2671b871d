import PickleAnalysis

/// The findings of one stream (or one nested payload), before fallback rules step aside.
struct Scope {
  let base: Location
  let index: GraphIndex
  private var entries: [(finding: Finding, anchors: Set<Int>, fallback: Bool)] = []

  init(base: Location, graph: CallGraph) {
    self.base = base
    self.index = GraphIndex(graph)
  }

  /// `artifact/member/…`, what suppression paths match.
  static func path(_ location: Location) -> String {
    ([location.artifact] + location.members).joined(separator: "/")
  }

  func location(_ offset: Int?) -> Location {
    var location = base
    if let offset { location.byteOffset = (base.byteOffset ?? 0) + offset }
    return location
  }

  mutating func add(rule: CompiledRule, facts: SubjectFacts, offset: Int?) {
    let subject = facts.subject
    let describer = SubjectDescriber(facts: facts, index: index)
    let message: String
    if let template = rule.message {
      message = template.map { part in
        switch part {
        case .literal(let text): text
        case .field(let name): describer.field(name)
        }
      }.joined()
    } else {
      message = rule.info.summary + ": " + describer.text
    }
    let finding = Finding(
      rule: rule.info.id,
      name: rule.info.name,
      severity: rule.info.severity,
      confidence: rule.info.confidence,
      message: message,
      location: location(offset),
      related: describer.relatedOffsets.map { location($0) },
      call: describer.callText
    )
    entries.append((finding, subject.anchors(in: index), rule.info.isFallback))
  }

  /// The findings, minus fallback findings about a subject another rule explains: a rule that
  /// is not a fallback, or a fallback of higher severity (the os catch-all over the allowlist's).
  func resolved(maxPerRule: Int) -> [Finding] {
    let kept = entries.filter { entry in
      guard entry.fallback else { return true }
      return !entries.contains { other in
        other.finding.rule != entry.finding.rule
          && (!other.fallback || other.finding.severity > entry.finding.severity)
          && !other.anchors.isDisjoint(with: entry.anchors)
      }
    }.map(\.finding)
    return Self.capped(kept, maxPerRule: maxPerRule)
  }

  /// At most `maxPerRule` findings of each rule; the next one says how many more there were.
  static func capped(_ findings: [Finding], maxPerRule: Int) -> [Finding] {
    var counts: [String: Int] = [:]
    for finding in findings { counts[finding.rule, default: 0] += 1 }
    guard counts.values.contains(where: { $0 > maxPerRule }) else { return findings }
    var seen: [String: Int] = [:]
    var result: [Finding] = []
    for finding in findings {
      seen[finding.rule, default: 0] += 1
      let index = seen[finding.rule, default: 0]
      let total = counts[finding.rule, default: 0]
      if index <= maxPerRule {
        result.append(finding)
      } else if index == maxPerRule + 1 {
        var summary = finding
        summary.message =
          "\(total - maxPerRule) more findings of this rule here, from this one on: "
          + finding.message
        result.append(summary)
      }
    }
    return result
  }
}
