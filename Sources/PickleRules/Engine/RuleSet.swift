/// A checked set of rules, allowlist profiles and suppressions, with its policy version.
///
/// The shipped policy is ``shipped()``; users add or replace rules with ``parse(_:file:)`` and
/// ``merging(_:replace:)``.
public struct RuleSet: Sendable {
  /// The policy version (`2026.11.1`), printed in every report; `+custom` marks added rules.
  public var policyVersion: String
  /// Base address of the rule documentation; each rule's `helpURI` adds `#<id>`.
  public var documentation: String
  /// The allowlist profiles, all active.
  public var profiles: [Profile]
  /// Suppressions declared by the files, in order.
  public var suppressions: [Suppression] { compiledSuppressions.map(\.suppression) }

  var compiled: [CompiledRule]
  var allows: [CompiledAllow]
  var compiledSuppressions: [CompiledSuppression]

  /// Every rule, sorted by id, with its help address.
  public var rules: [RuleInfo] {
    compiled.map { rule in
      var info = rule.info
      info.helpURI = documentation.isEmpty ? "" : documentation + "#" + info.id.lowercased()
      return info
    }.sorted { $0.id < $1.id }
  }

  /// The rule with `id`, if any.
  public func rule(_ id: String) -> RuleInfo? { rules.first { $0.id == id } }

  /// Parses and checks one rule file.
  ///
  /// - Parameters:
  ///   - text: The file's contents.
  ///   - file: Its name, for diagnostics.
  /// - Returns: The rule set, or `nil` when there are errors; and every diagnostic.
  public static func parse(_ text: String, file: String) -> (RuleSet?, [Diagnostic]) {
    combine([(file, text)])
  }

  /// Parses and checks several files as one set: ids and profile names must be unique across
  /// them, and at most one may declare the policy.
  ///
  /// - Parameter files: Pairs of file name and contents.
  /// - Returns: The rule set, or `nil` when there are errors; and every diagnostic.
  public static func combine(_ files: [(name: String, text: String)]) -> (RuleSet?, [Diagnostic]) {
    var diagnostics: [Diagnostic] = []
    var set = RuleSet(
      policyVersion: "",
      documentation: "",
      profiles: [],
      compiled: [],
      allows: [],
      compiledSuppressions: []
    )
    var policyFile: String?
    for (name, text) in files {
      let (syntax, sink) = Parser.parse(text, file: name)
      var checker = Checker(sink: sink)
      checker.check(syntax)
      diagnostics += checker.sink.diagnostics.enumerated().sorted {
        ($0.element.position, $0.offset) < ($1.element.position, $1.offset)
      }.map(\.element)
      if let anchor = checker.policyAnchor {
        if let policyFile {
          diagnostics.append(anchor.diagnostic(.error, "policy already declared in \(policyFile)"))
        }
        policyFile = name
        set.policyVersion = checker.policyVersion ?? ""
        set.documentation = checker.documentation ?? ""
      }
      for rule in checker.rules {
        if let previous = set.compiled.first(where: { $0.info.id == rule.info.id }) {
          diagnostics.append(
            rule.anchor.diagnostic(
              .error,
              "duplicate rule id \(rule.info.id) (also in \(previous.anchor.file))"
            )
          )
        }
        set.compiled.append(rule)
      }
      for profile in checker.profiles
      where set.profiles.contains(where: { $0.name == profile.name }) {
        diagnostics.append(
          Diagnostic(
            file: name,
            position: SourcePosition(line: 1, column: 1, offset: 0),
            length: 1,
            level: .error,
            message: "duplicate profile \(profile.name)",
            sourceLine: ""
          )
        )
      }
      set.profiles += checker.profiles
      set.allows += checker.allows
      set.compiledSuppressions += checker.suppressions
    }
    let failed = diagnostics.contains { $0.level == .error }
    return (failed ? nil : set, diagnostics)
  }

  /// This set with `other`'s rules added (a rule with the same id replaces this one's, profiles
  /// with the same name too), or replaced by `other` entirely.
  ///
  /// - Parameters:
  ///   - other: The user's rules.
  ///   - replace: `true` to use only `other`.
  /// - Returns: The merged set; its policy version says rules were added (`2026.11.1+custom`).
  public func merging(_ other: RuleSet, replace: Bool) -> RuleSet {
    let label = other.policyVersion.isEmpty ? "custom" : other.policyVersion
    if replace {
      var result = other
      result.policyVersion = label
      if result.documentation.isEmpty { result.documentation = documentation }
      return result
    }
    var result = self
    result.policyVersion = policyVersion + "+" + label
    let replaced = Set(other.compiled.map(\.info.id))
    result.compiled = compiled.filter { !replaced.contains($0.info.id) } + other.compiled
    let replacedProfiles = Set(other.profiles.map(\.name))
    result.profiles = profiles.filter { !replacedProfiles.contains($0.name) } + other.profiles
    result.allows = allows.filter { !replacedProfiles.contains($0.profile) } + other.allows
    result.compiledSuppressions = compiledSuppressions + other.compiledSuppressions
    return result
  }
}
