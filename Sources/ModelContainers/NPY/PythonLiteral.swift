/// A Python literal as `ast.literal_eval` reads it from a `.npy` header: strings, integers,
/// booleans, `None`, tuples, lists and dicts.
indirect enum PythonLiteral: Equatable {
  case string(String)
  case int(Int)
  /// An integer beyond 64 bits.
  case hugeInt
  case bool(Bool)
  case none
  case tuple([PythonLiteral])
  case list([PythonLiteral])
  case dict(keys: [PythonLiteral], values: [PythonLiteral])

  /// The value of `key` in a dict with string keys.
  subscript(key: String) -> PythonLiteral? {
    guard case .dict(let keys, let values) = self,
      let index = keys.firstIndex(of: .string(key))
    else { return nil }
    return values[index]
  }

  /// The items of a tuple or list.
  var items: [PythonLiteral]? {
    switch self {
    case .tuple(let items), .list(let items): items
    default: nil
    }
  }
}

/// Parses the Python literal subset of `.npy` headers with an explicit stack.
struct PythonLiteralParser {
  /// Why a header does not parse, with the character offset.
  struct Failure: Error {
    let message: String
  }

  /// Deepest nesting accepted; numpy headers need three or four levels.
  static let maxDepth = 64

  private enum Bracket { case tuple, list, dict }

  private struct Frame {
    var bracket: Bracket
    var items: [PythonLiteral] = []
    var expectValue = true
    var sawComma = false
  }

  private let text: [UInt8]
  private var position = 0

  private init(_ text: [UInt8]) { self.text = text }

  /// Parses `text`.
  static func parse(_ text: [UInt8]) -> Result<PythonLiteral, Failure> {
    var parser = PythonLiteralParser(text)
    do {
      return .success(try parser.run())
    } catch let failure as Failure {
      return .failure(failure)
    } catch {
      return .failure(Failure(message: "unreadable literal"))
    }
  }

  private mutating func run() throws -> PythonLiteral {
    var stack: [Frame] = []
    var result: PythonLiteral?
    func fail(_ message: String) -> Failure {
      Failure(message: "\(message) at character \(position)")
    }
    func deliver(_ value: PythonLiteral) throws {
      guard var frame = stack.popLast() else {
        guard result == nil else { throw fail("unexpected value") }
        result = value
        return
      }
      guard frame.expectValue else { throw fail("missing comma") }
      frame.items.append(value)
      frame.expectValue = false
      stack.append(frame)
    }
    while true {
      skipSpaces()
      guard position < text.count else { break }
      let byte = text[position]
      switch byte {
      case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
        guard stack.count < Self.maxDepth else { throw fail("nesting too deep") }
        guard stack.last?.expectValue ?? (result == nil) else { throw fail("missing comma") }
        let bracket: Bracket = byte == 0x28 ? .tuple : byte == 0x5B ? .list : .dict
        stack.append(Frame(bracket: bracket))
        position += 1
      case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
        guard let frame = stack.popLast() else { throw fail("unbalanced bracket") }
        let expected: UInt8 =
          frame.bracket == .tuple ? 0x29 : frame.bracket == .list ? 0x5D : 0x7D
        guard byte == expected else { throw fail("mismatched bracket") }
        position += 1
        switch frame.bracket {
        case .tuple:
          try deliver(
            frame.items.count == 1 && !frame.sawComma ? frame.items[0] : .tuple(frame.items)
          )
        case .list:
          try deliver(.list(frame.items))
        case .dict:
          guard frame.items.count % 2 == 0 else { throw fail("dict key without value") }
          let keys = stride(from: 0, to: frame.items.count, by: 2).map { frame.items[$0] }
          let values = stride(from: 1, to: frame.items.count, by: 2).map { frame.items[$0] }
          try deliver(.dict(keys: keys, values: values))
        }
      case UInt8(ascii: ","):
        guard var frame = stack.popLast(), !frame.expectValue else { throw fail("stray comma") }
        guard frame.bracket != .dict || frame.items.count % 2 == 0 else {
          throw fail("dict key without value")
        }
        frame.expectValue = true
        frame.sawComma = true
        stack.append(frame)
        position += 1
      case UInt8(ascii: ":"):
        guard var frame = stack.popLast(), frame.bracket == .dict, !frame.expectValue,
          frame.items.count % 2 == 1
        else { throw fail("stray colon") }
        frame.expectValue = true
        stack.append(frame)
        position += 1
      default:
        try deliver(try atom())
      }
    }
    guard stack.isEmpty, let result else { throw fail("incomplete literal") }
    return result
  }

  private mutating func skipSpaces() {
    while position < text.count, [0x20, 0x0A, 0x0D, 0x09].contains(text[position]) {
      position += 1
    }
  }

  private mutating func atom() throws -> PythonLiteral {
    let start = position
    var byte = text[position]
    if byte == UInt8(ascii: "b") || byte == UInt8(ascii: "u"), position + 1 < text.count,
      text[position + 1] == 0x27 || text[position + 1] == 0x22
    {
      position += 1
      byte = text[position]
    }
    if byte == 0x27 || byte == 0x22 { return .string(try string(quote: byte)) }
    let word = text[position...].prefix { $0 == 0x2D || $0 == 0x2B || $0 == 0x5F || isAlnum($0) }
    guard !word.isEmpty else {
      throw Failure(message: "unexpected character at \(start)")
    }
    position += word.count
    switch String(decoding: word, as: UTF8.self) {
    case "True": return .bool(true)
    case "False": return .bool(false)
    case "None": return .none
    case let number:
      var digits = Substring(number.replacingOccurrencesOfUnderscore)
      if digits.last == "L" || digits.last == "l" { digits.removeLast() }
      if let value = Int(digits) { return .int(value) }
      if !digits.isEmpty, digits.drop(while: { $0 == "-" || $0 == "+" }).allSatisfy(\.isNumber) {
        return .hugeInt
      }
      throw Failure(message: "not a literal: \(number.prefix(20)) at \(start)")
    }
  }

  private func isAlnum(_ byte: UInt8) -> Bool {
    (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
  }

  private mutating func string(quote: UInt8) throws -> String {
    let start = position
    position += 1
    var scalars = String.UnicodeScalarView()
    var pending: [UInt8] = []
    func flush() {
      scalars.append(contentsOf: String(decoding: pending, as: UTF8.self).unicodeScalars)
      pending.removeAll()
    }
    while position < text.count {
      let byte = text[position]
      position += 1
      if byte == quote {
        flush()
        return String(scalars)
      }
      guard byte == 0x5C, position < text.count else {
        pending.append(byte)
        continue
      }
      let escape = text[position]
      position += 1
      let simple: [UInt8: UInt8] = [
        0x6E: 0x0A, 0x74: 0x09, 0x72: 0x0D, 0x30: 0x00, 0x5C: 0x5C, 0x27: 0x27, 0x22: 0x22,
      ]
      if let replacement = simple[escape] {
        pending.append(replacement)
        continue
      }
      let width = escape == 0x78 ? 2 : escape == 0x75 ? 4 : escape == 0x55 ? 8 : 0
      guard width > 0, position + width <= text.count,
        let value = UInt32(
          String(decoding: text[position..<(position + width)], as: UTF8.self),
          radix: 16
        ),
        let scalar = Unicode.Scalar(value)
      else {
        pending.append(contentsOf: [0x5C, escape])
        continue
      }
      position += width
      flush()
      scalars.append(scalar)
    }
    throw Failure(message: "unterminated string starting at \(start)")
  }
}

extension String {
  /// The string without `_` (Python allows them between digits).
  fileprivate var replacingOccurrencesOfUnderscore: String { String(filter { $0 != "_" }) }
}
