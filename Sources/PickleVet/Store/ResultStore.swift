import CSQLite
import FoundationEssentials
import Glibc

/// The batch result store: one row per content hash and policy version, one per path.
///
/// Each file is committed as soon as it is scanned, so an interrupted run loses nothing and a
/// rerun skips what is done; primary keys make sure nothing is stored twice.
public final class ResultStore {
  private var db: OpaquePointer?
  /// The database file.
  public let path: String

  /// A store error: the SQLite call and its message.
  public struct StoreError: Error, CustomStringConvertible {
    /// What failed.
    public let description: String
  }

  private static let schema = """
    PRAGMA journal_mode=WAL;
    PRAGMA synchronous=NORMAL;
    CREATE TABLE IF NOT EXISTS results(
      sha256 TEXT NOT NULL, policy TEXT NOT NULL, verdict TEXT NOT NULL, risk INTEGER NOT NULL,
      report TEXT NOT NULL, PRIMARY KEY(sha256, policy));
    CREATE TABLE IF NOT EXISTS files(
      path TEXT PRIMARY KEY, sha256 TEXT, size INTEGER, mtime INTEGER, policy TEXT NOT NULL,
      verdict TEXT NOT NULL, risk INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS findings(
      sha256 TEXT NOT NULL, policy TEXT NOT NULL, rule TEXT NOT NULL, severity TEXT NOT NULL,
      callee TEXT, member TEXT NOT NULL, offset INTEGER,
      UNIQUE(sha256, policy, rule, member, offset, callee));
    """

  /// Opens (creating if needed) the store at `path`.
  ///
  /// - Throws: ``StoreError`` when SQLite cannot open or initialise it.
  public init(path: String) throws {
    self.path = path
    guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK
    else {
      let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
      sqlite3_close(db)
      throw StoreError(description: "cannot open \(path): \(message)")
    }
    sqlite3_busy_timeout(db, 10_000)
    try execute(Self.schema)
  }

  deinit { sqlite3_close(db) }

  /// Runs SQL without results.
  public func execute(_ sql: String) throws {
    var message: UnsafeMutablePointer<CChar>?
    guard sqlite3_exec(db, sql, nil, nil, &message) == SQLITE_OK else {
      let text = message.map { String(cString: $0) } ?? "unknown error"
      sqlite3_free(message)
      throw StoreError(description: "sqlite: \(text)")
    }
  }

  /// True when `path` was scanned under `policy` and has not changed (same size and mtime).
  public func isDone(path: String, size: Int, mtime: Int, policy: String) throws -> Bool {
    try query(
      "SELECT 1 FROM files WHERE path=? AND size=? AND mtime=? AND policy=? AND verdict!='error'",
      [.text(path), .int(size), .int(mtime), .text(policy)]
    ) { _ in }.count > 0
  }

  /// The stored report JSON of content `sha256` under `policy`, if scanned before.
  public func report(sha256: String, policy: String) throws -> String? {
    try query(
      "SELECT report FROM results WHERE sha256=? AND policy=?",
      [.text(sha256), .text(policy)]
    ) { $0.text(0) }.first ?? nil
  }

  /// Records one scanned file in a transaction of its own.
  public func record(
    _ report: FileReport,
    reportJSON: String,
    mtime: Int,
    policy: String
  ) throws {
    try execute("BEGIN IMMEDIATE")
    do {
      if let sha = report.sha256 {
        try run(
          "INSERT OR REPLACE INTO results(sha256, policy, verdict, risk, report) VALUES(?,?,?,?,?)",
          [
            .text(sha), .text(policy), .text(report.verdict.rawValue), .int(report.riskScore),
            .text(reportJSON),
          ]
        )
        try run("DELETE FROM findings WHERE sha256=? AND policy=?", [.text(sha), .text(policy)])
        for finding in report.findings {
          try run(
            "INSERT OR IGNORE INTO findings(sha256, policy, rule, severity, callee, member, offset)"
              + " VALUES(?,?,?,?,?,?,?)",
            [
              .text(sha), .text(policy), .text(finding.rule), .text(finding.severity.description),
              finding.call.map { .text(Self.callee(of: $0)) } ?? .null,
              .text(finding.location.members.joined(separator: "/")),
              finding.location.byteOffset.map { .int($0) } ?? .null,
            ]
          )
        }
      }
      try run(
        "INSERT OR REPLACE INTO files(path, sha256, size, mtime, policy, verdict, risk)"
          + " VALUES(?,?,?,?,?,?,?)",
        [
          .text(report.path), report.sha256.map { .text($0) } ?? .null,
          report.size.map { .int($0) } ?? .null, .int(mtime), .text(policy),
          .text(report.verdict.rawValue), .int(report.riskScore),
        ]
      )
      try execute("COMMIT")
    } catch {
      try? execute("ROLLBACK")
      throw error
    }
  }

  /// Copies every row of the store at `other` into this one (existing keys win for results,
  /// the newer row wins for paths).
  public func merge(from other: String) throws {
    try run("ATTACH DATABASE ? AS other", [.text(other)])
    defer { try? execute("DETACH DATABASE other") }
    try execute(
      """
      BEGIN IMMEDIATE;
      INSERT OR IGNORE INTO results SELECT * FROM other.results;
      INSERT OR REPLACE INTO files SELECT * FROM other.files;
      INSERT OR IGNORE INTO findings SELECT * FROM other.findings;
      COMMIT;
      """
    )
  }

  /// The callable of a pseudo-Python call: `os.system` of `os.system('id')`.
  static func callee(of call: String) -> String {
    String(call.prefix { $0 != "(" })
  }

  /// A bound SQL value.
  public enum Value {
    case null
    case int(Int)
    case text(String)
  }

  /// One result row.
  public struct Row {
    fileprivate let statement: OpaquePointer?
    /// Column `index` as text, or nil for NULL.
    public func text(_ index: Int32) -> String? {
      guard let raw = sqlite3_column_text(statement, index) else { return nil }
      return String(cString: raw)
    }
    /// Column `index` as an integer.
    public func int(_ index: Int32) -> Int { Int(sqlite3_column_int64(statement, index)) }
  }

  /// Runs a query and maps each row.
  public func query<T>(_ sql: String, _ values: [Value] = [], _ map: (Row) -> T) throws -> [T] {
    var statement: OpaquePointer?
    guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else {
      throw StoreError(description: "sqlite: \(String(cString: sqlite3_errmsg(db)))")
    }
    defer { sqlite3_finalize(statement) }
    for (index, value) in values.enumerated() {
      let position = Int32(index + 1)
      switch value {
      case .null: sqlite3_bind_null(statement, position)
      case .int(let number): sqlite3_bind_int64(statement, position, Int64(number))
      case .text(let text): sqlite3_bind_text(statement, position, text, -1, csqlite_transient())
      }
    }
    var rows: [T] = []
    while true {
      let step = sqlite3_step(statement)
      if step == SQLITE_DONE { break }
      guard step == SQLITE_ROW else {
        throw StoreError(description: "sqlite: \(String(cString: sqlite3_errmsg(db)))")
      }
      rows.append(map(Row(statement: statement)))
    }
    return rows
  }

  private func run(_ sql: String, _ values: [Value]) throws {
    _ = try query(sql, values) { _ in () }
  }
}
