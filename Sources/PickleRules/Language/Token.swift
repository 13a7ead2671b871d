/// One lexical token of a rule file.
struct Token: Sendable, Hashable {
  enum Kind: Sendable, Hashable {
    case identifier
    case string
    case integer
    case leftBrace, rightBrace, leftBracket, rightBracket, leftParen, rightParen, comma
    case equal, notEqual, less, lessEqual, greater, greaterEqual
    case end
  }

  var kind: Kind
  /// The identifier, the decoded string, or the digits.
  var text: String
  var span: SourceSpan

  func isWord(_ word: String) -> Bool { kind == .identifier && text == word }

  /// How the token reads in a diagnostic.
  var spelling: String {
    switch kind {
    case .identifier: "\"\(text)\""
    case .string: "string \"\(text)\""
    case .integer: "number \(text)"
    case .end: "end of file"
    case .leftBrace: "\"{\""
    case .rightBrace: "\"}\""
    case .leftBracket: "\"[\""
    case .rightBracket: "\"]\""
    case .leftParen: "\"(\""
    case .rightParen: "\")\""
    case .comma: "\",\""
    case .equal: "\"==\""
    case .notEqual: "\"!=\""
    case .less: "\"<\""
    case .lessEqual: "\"<=\""
    case .greater: "\">\""
    case .greaterEqual: "\">=\""
    }
  }
}
