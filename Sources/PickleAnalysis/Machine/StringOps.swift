/// The few `str` operations the analyzer evaluates on literal inputs.
enum StringOps {
  static func apply(_ name: String, _ string: String, argument: String?) -> String {
    let chars = argument.map { Set($0.unicodeScalars) }
    func isStripped(_ scalar: Unicode.Scalar) -> Bool {
      chars.map { $0.contains(scalar) } ?? scalar.properties.isWhitespace
    }
    var scalars = Array(string.unicodeScalars)
    switch name {
    case "builtins.str.lower", "builtins.str.casefold": return string.lowercased()
    case "builtins.str.upper": return string.uppercased()
    case "builtins.str.swapcase":
      return String(
        String.UnicodeScalarView(
          scalars.flatMap { s -> [Unicode.Scalar] in
            let text = String(s)
            let swapped = s.properties.isUppercase ? text.lowercased() : text.uppercased()
            return Array(swapped.unicodeScalars)
          }
        )
      )
    case "builtins.str.title", "builtins.str.capitalize":
      return string.prefix(1).uppercased() + string.dropFirst().lowercased()
    case "builtins.str.lstrip":
      while let first = scalars.first, isStripped(first) { scalars.removeFirst() }
    case "builtins.str.rstrip":
      while let last = scalars.last, isStripped(last) { scalars.removeLast() }
    default:
      while let first = scalars.first, isStripped(first) { scalars.removeFirst() }
      while let last = scalars.last, isStripped(last) { scalars.removeLast() }
    }
    return String(String.UnicodeScalarView(scalars))
  }

  static func replace(_ string: String, _ old: String, _ new: String) -> String {
    let source = Array(string.unicodeScalars)
    let pattern = Array(old.unicodeScalars)
    var out = String.UnicodeScalarView()
    var index = 0
    while index < source.count {
      if index + pattern.count <= source.count,
        Array(source[index..<(index + pattern.count)]) == pattern
      {
        out.append(contentsOf: new.unicodeScalars)
        index += pattern.count
      } else {
        out.append(source[index])
        index += 1
      }
    }
    return String(out)
  }

  static func rot13(_ string: String) -> String {
    String(
      String.UnicodeScalarView(
        string.unicodeScalars.map { scalar -> Unicode.Scalar in
          let value = scalar.value
          switch value {
          case 0x41...0x5A: return Unicode.Scalar((value - 0x41 + 13) % 26 + 0x41) ?? scalar
          case 0x61...0x7A: return Unicode.Scalar((value - 0x61 + 13) % 26 + 0x61) ?? scalar
          default: return scalar
          }
        }
      )
    )
  }

  static func normalize(_ encoding: String) -> String {
    encoding.lowercased().replacingDashes()
  }

  static func isTextCodec(_ encoding: String) -> Bool {
    ["utf_8", "utf8", "ascii", "latin_1", "latin1", "iso_8859_1", "l1"].contains(
      normalize(encoding)
    )
  }

  static func encode(_ string: String, encoding: String) -> [UInt8]? {
    switch normalize(encoding) {
    case "utf_8", "utf8": return Array(string.utf8)
    case "ascii":
      return string.unicodeScalars.allSatisfy(\.isASCII) ? Array(string.utf8) : nil
    case "latin_1", "latin1", "iso_8859_1", "l1":
      let values = string.unicodeScalars.compactMap { UInt8(exactly: $0.value) }
      return values.count == string.unicodeScalars.count ? values : nil
    default: return nil
    }
  }

  static func decode(_ bytes: [UInt8], encoding: String) -> String? {
    switch normalize(encoding) {
    case "utf_8", "utf8":
      return PythonTextBridge.utf8(bytes)
    case "ascii":
      return bytes.allSatisfy({ $0 < 0x80 }) ? String(decoding: bytes, as: UTF8.self) : nil
    case "latin_1", "latin1", "iso_8859_1", "l1":
      return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    default: return nil
    }
  }
}

extension String {
  fileprivate func replacingDashes() -> String {
    String(map { $0 == "-" || $0 == " " ? "_" : $0 })
  }
}
