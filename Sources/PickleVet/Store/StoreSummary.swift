/// What `picklevet report --db` prints: verdict counts, top rules, top callables, worst files.
public struct StoreSummary: Sendable {
  /// Files per verdict.
  public var verdicts: [(String, Int)]
  /// Rules by the number of files they fired in.
  public var topRules: [(String, Int)]
  /// Called callables by the number of files they appear in.
  public var topCallables: [(String, Int)]
  /// The riskiest files: path, verdict, risk.
  public var worstFiles: [(String, String, Int)]
  /// Distinct contents stored.
  public var contents: Int

  /// Reads the summary of `store`, listing `limit` entries per table.
  ///
  /// - Throws: ``ResultStore/StoreError`` on a database error.
  public init(store: ResultStore, limit: Int = 10) throws {
    verdicts = try store.query(
      "SELECT verdict, COUNT(*) FROM files GROUP BY verdict ORDER BY COUNT(*) DESC, verdict"
    ) { ($0.text(0) ?? "", $0.int(1)) }
    topRules = try store.query(
      """
      SELECT f.rule, COUNT(DISTINCT p.path) FROM findings f JOIN files p
        ON p.sha256 = f.sha256 AND p.policy = f.policy
      GROUP BY f.rule ORDER BY 2 DESC, 1 LIMIT ?
      """,
      [.int(limit)]
    ) { ($0.text(0) ?? "", $0.int(1)) }
    topCallables = try store.query(
      """
      SELECT f.callee, COUNT(DISTINCT p.path) FROM findings f JOIN files p
        ON p.sha256 = f.sha256 AND p.policy = f.policy
      WHERE f.callee IS NOT NULL GROUP BY f.callee ORDER BY 2 DESC, 1 LIMIT ?
      """,
      [.int(limit)]
    ) { ($0.text(0) ?? "", $0.int(1)) }
    worstFiles = try store.query(
      "SELECT path, verdict, risk FROM files ORDER BY risk DESC, path LIMIT ?",
      [.int(limit)]
    ) { ($0.text(0) ?? "", $0.text(1) ?? "", $0.int(2)) }
    contents = try store.query("SELECT COUNT(*) FROM results") { $0.int(0) }.first ?? 0
  }

  /// The summary as aligned text tables.
  public var table: String {
    func section(_ title: String, _ rows: [(String, String)]) -> String {
      let width = max(title.count, rows.map(\.0.count).max() ?? 0) + 2
      var out = title + "\n"
      for (left, right) in rows {
        out += "  " + left + String(repeating: " ", count: width - left.count) + right + "\n"
      }
      return out
    }
    var out = section("verdicts", verdicts.map { ($0.0, String($0.1)) })
    out += "  distinct contents: \(contents)\n\n"
    out += section("top rules (files)", topRules.map { ($0.0, String($0.1)) }) + "\n"
    out += section("top callables (files)", topCallables.map { ($0.0, String($0.1)) }) + "\n"
    out += section("worst files", worstFiles.map { ($0.0, "\($0.1) \($0.2)") })
    return out
  }

  /// The summary as JSON.
  public var json: JSONValue {
    .object([
      ("verdicts", .object(verdicts.map { ($0.0, JSONValue.int($0.1)) })),
      ("contents", .int(contents)),
      (
        "top_rules",
        .array(topRules.map { .object([("rule", .string($0.0)), ("files", .int($0.1))]) })
      ),
      (
        "top_callables",
        .array(topCallables.map { .object([("callable", .string($0.0)), ("files", .int($0.1))]) })
      ),
      (
        "worst_files",
        .array(
          worstFiles.map {
            .object([("path", .string($0.0)), ("verdict", .string($0.1)), ("risk", .int($0.2))])
          }
        )
      ),
    ])
  }
}
