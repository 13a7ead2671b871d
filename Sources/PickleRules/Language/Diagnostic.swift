/// A problem found in a rule file, with its place and the offending line.
///
/// `description` renders it as compilers do:
/// ```
/// policy.rules:3:12: error: unknown severity "hgh" (expected critical, high, medium, low, info)
///   severity hgh
///            ^~~
/// ```
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
  /// How serious a diagnostic is.
  public enum Level: String, Sendable, Hashable {
    /// The file cannot be used.
    case error
    /// The file works, but something looks wrong.
    case warning
  }

  /// The rule file, as given.
  public var file: String
  /// Where the problem starts.
  public var position: SourcePosition
  /// How many columns to underline (at least 1).
  public var length: Int
  /// Error or warning.
  public var level: Level
  /// What is wrong, lowercase.
  public var message: String
  /// The text of the line, for the caret display.
  public var sourceLine: String

  /// A diagnostic.
  public init(
    file: String,
    position: SourcePosition,
    length: Int,
    level: Level,
    message: String,
    sourceLine: String
  ) {
    self.file = file
    self.position = position
    self.length = Swift.max(1, length)
    self.level = level
    self.message = message
    self.sourceLine = sourceLine
  }

  /// `file:line:column: level: message`.
  public var headline: String {
    "\(file):\(position.line):\(position.column): \(level.rawValue): \(message)"
  }

  /// The headline, the source line and a caret under the span.
  public var description: String {
    let line = String(
      String.UnicodeScalarView(sourceLine.unicodeScalars.map { $0 == "\t" ? " " : $0 })
    )
    let lineLength = line.unicodeScalars.count
    let pad = String(repeating: " ", count: Swift.max(0, position.column - 1))
    let underline = Swift.max(1, Swift.min(length, lineLength - position.column + 1))
    let caret = "^" + String(repeating: "~", count: underline - 1)
    return headline + "\n  " + line + "\n  " + pad + caret
  }
}

/// Collects diagnostics for one file, knowing its lines.
struct DiagnosticSink {
  let file: String
  /// Offset in ``source`` where each line starts; a line's text is built only when quoted.
  private let lineStarts: [Int]
  private(set) var diagnostics: [Diagnostic] = []

  /// The file's text, for quoting clauses.
  let source: [Unicode.Scalar]

  init(file: String, source: [Unicode.Scalar]) {
    self.file = file
    self.source = source
    var lineStarts = [0]
    for (offset, scalar) in source.enumerated() where scalar == "\n" {
      lineStarts.append(offset + 1)
    }
    self.lineStarts = lineStarts
  }

  /// The text of line `index` (counted from 0) without its line break, or "" past the end.
  func line(_ index: Int) -> String {
    guard index >= 0, index < lineStarts.count else { return "" }
    let end = index + 1 < lineStarts.count ? lineStarts[index + 1] - 1 : source.count
    return String(scalars: source[lineStarts[index]..<end].filter { $0 != "\r" })
  }

  var hasErrors: Bool { errorCount > 0 }
  var errorCount: Int { diagnostics.count { $0.level == .error } }

  mutating func error(_ message: String, at span: SourceSpan) {
    add(.error, message, at: span)
  }

  mutating func warning(_ message: String, at span: SourceSpan) {
    add(.warning, message, at: span)
  }

  private mutating func add(_ level: Diagnostic.Level, _ message: String, at span: SourceSpan) {
    let line = span.start.line - 1
    let text = self.line(line)
    let length =
      span.end.line == span.start.line
      ? span.end.column - span.start.column
      : text.unicodeScalars.count - span.start.column + 1
    diagnostics.append(
      Diagnostic(
        file: file,
        position: span.start,
        length: length,
        level: level,
        message: message,
        sourceLine: text
      )
    )
  }
}
