/// What `picklevet rules check FILE` does: parse, check, and compare with the shipped policy.
public enum RuleCheck {
  /// The result of checking one file.
  public struct Outcome: Sendable {
    /// The checked rules, or `nil` when the file has errors.
    public var set: RuleSet?
    /// Errors and warnings, in file order.
    public var diagnostics: [Diagnostic]
  }

  /// Checks the rule file at `path`; suppressions of rules that exist nowhere are warnings.
  ///
  /// - Parameter path: The file.
  /// - Returns: The rule set (or `nil`) and the diagnostics.
  /// - Throws: ``RuleError`` when the file cannot be read.
  public static func run(path: String) throws(RuleError) -> Outcome {
    let text = try RuleSet.readText(path)
    var (set, diagnostics) = RuleSet.parse(text, file: path)
    if let checked = set {
      let known = Set(checked.rules.map(\.id) + ((try? RuleSet.shipped())?.rules.map(\.id) ?? []))
      for suppression in checked.suppressions
      where !known.contains(where: { $0.hasPrefix(suppression.rule) }) {
        diagnostics.append(
          Diagnostic(
            file: path,
            position: SourcePosition(line: lineNumber(suppression.origin), column: 1, offset: 0),
            length: 8,
            level: .warning,
            message: "suppression of \(suppression.rule) matches no rule",
            sourceLine: line(text, lineNumber(suppression.origin))
          )
        )
      }
      set = checked
    }
    return Outcome(set: set, diagnostics: diagnostics)
  }

  private static func lineNumber(_ origin: String) -> Int {
    origin.split(separator: ":").last.flatMap { Int($0) } ?? 1
  }

  private static func line(_ text: String, _ number: Int) -> String {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    return number >= 1 && number <= lines.count ? String(lines[number - 1]) : ""
  }
}
