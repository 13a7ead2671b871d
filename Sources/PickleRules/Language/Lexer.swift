/// Splits a rule file into tokens; `#` starts a comment that runs to the end of the line.
///
/// Bad characters and unterminated strings become diagnostics and are skipped, so the parser
/// always sees a complete token list ending in `.end`.
struct Lexer {
  private let source: [Unicode.Scalar]
  private var index = 0
  private var line = 1
  private var column = 1

  init(_ source: [Unicode.Scalar]) { self.source = source }

  private var position: SourcePosition { SourcePosition(line: line, column: column, offset: index) }

  private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
    index + ahead < source.count ? source[index + ahead] : nil
  }

  private mutating func advance() {
    if source[index] == "\n" {
      line += 1
      column = 1
    } else {
      column += 1
    }
    index += 1
  }

  mutating func tokenize(into sink: inout DiagnosticSink) -> [Token] {
    var tokens: [Token] = []
    while true {
      skipTrivia()
      let start = position
      guard let scalar = peek() else {
        tokens.append(Token(kind: .end, text: "", span: SourceSpan(start: start, end: start)))
        return tokens
      }
      if Self.isIdentifierStart(scalar) {
        while let next = peek(), Self.isIdentifierPart(next) { advance() }
        tokens.append(Token(kind: .identifier, text: text(from: start), span: span(from: start)))
      } else if Self.isDigit(scalar) || (scalar == "-" && peek(1).map(Self.isDigit) == true) {
        advance()
        while let next = peek(), Self.isDigit(next) { advance() }
        tokens.append(Token(kind: .integer, text: text(from: start), span: span(from: start)))
      } else if scalar == "\"" {
        if let token = lexString(start: start, into: &sink) { tokens.append(token) }
      } else if let kind = lexPunctuation(scalar) {
        tokens.append(Token(kind: kind, text: "", span: span(from: start)))
      } else {
        advance()
        sink.error("unexpected character \"\(scalar)\"", at: span(from: start))
      }
    }
  }

  private func text(from start: SourcePosition) -> String {
    String(scalars: source[start.offset..<index])
  }

  private func span(from start: SourcePosition) -> SourceSpan {
    SourceSpan(start: start, end: position)
  }

  private mutating func skipTrivia() {
    while let scalar = peek() {
      if scalar == "#" {
        while let next = peek(), next != "\n" { advance() }
      } else if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
        advance()
      } else {
        return
      }
    }
  }

  private mutating func lexPunctuation(_ scalar: Unicode.Scalar) -> Token.Kind? {
    let two: (Unicode.Scalar, Token.Kind, Token.Kind?)? =
      switch scalar {
      case "=": ("=", .equal, nil)
      case "!": ("=", .notEqual, nil)
      case "<": ("=", .lessEqual, .less)
      case ">": ("=", .greaterEqual, .greater)
      default: nil
      }
    if let (second, pair, single) = two {
      if peek(1) == second {
        advance()
        advance()
        return pair
      }
      guard let single else { return nil }
      advance()
      return single
    }
    let kind: Token.Kind? =
      switch scalar {
      case "{": .leftBrace
      case "}": .rightBrace
      case "[": .leftBracket
      case "]": .rightBracket
      case "(": .leftParen
      case ")": .rightParen
      case ",": .comma
      default: nil
      }
    if kind != nil { advance() }
    return kind
  }

  /// Reads a double-quoted string, which may not span lines.
  ///
  /// Escapes are `\"`, `\\`, `\n`, `\t`; others pass through for regular expressions.
  private mutating func lexString(start: SourcePosition, into sink: inout DiagnosticSink) -> Token?
  {
    advance()
    var text: [Unicode.Scalar] = []
    while true {
      guard let scalar = peek(), scalar != "\n" else {
        sink.error("unterminated string", at: span(from: start))
        return Token(kind: .string, text: String(scalars: text), span: span(from: start))
      }
      advance()
      if scalar == "\"" { break }
      guard scalar == "\\" else {
        text.append(scalar)
        continue
      }
      guard let escaped = peek(), escaped != "\n" else { continue }
      advance()
      switch escaped {
      case "\"", "\\": text.append(escaped)
      case "n": text.append("\n")
      case "t": text.append("\t")
      default:
        // Regex escapes pass through unchanged (`\d`, `\.`), so patterns read as in Python.
        text.append("\\")
        text.append(escaped)
      }
    }
    return Token(kind: .string, text: String(scalars: text), span: span(from: start))
  }

  static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
    (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || scalar == "_"
  }

  static func isIdentifierPart(_ scalar: Unicode.Scalar) -> Bool {
    isIdentifierStart(scalar) || isDigit(scalar) || scalar == "-"
  }

  static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar >= "0" && scalar <= "9" }
}
