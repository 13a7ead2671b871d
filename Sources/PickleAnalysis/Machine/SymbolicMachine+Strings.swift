import PickleCore

extension SymbolicMachine {
  /// Strings and bytes built at load time from literal inputs (`''.join`, `codecs.decode`,
  /// `base64.b64decode`, `zlib.decompress` …); `nil` when the call is no such builder or its
  /// inputs are not literal.
  mutating func computeLiteral(_ name: String, args: [Value], via: [QualifiedName], at offset: Int)
    -> Value?
  {
    let cap = limits.maxNestedBytes
    let budget = max(0, limits.maxNestedBytes - computedBytes)
    let first = args.first ?? .unknown
    let second = args.count > 1 ? args[1] : Value.unknown
    func text(_ value: Value) -> String? { textValue(value, cap: cap) }
    func bytes(_ value: Value) -> (bytes: [UInt8], transforms: [String])? {
      if let data = bytesValue(value, cap: cap) { return data }
      if let string = text(value), string.unicodeScalars.allSatisfy(\.isASCII) {
        return (Array(string.utf8), [])
      }
      return nil
    }
    func fits(_ size: Int) -> Bool {
      guard size <= budget else {
        limitHit(.computedBytes, at: offset, halt: false)
        return false
      }
      computedBytes += size
      return true
    }
    func result(_ string: String) -> Value? {
      fits(string.utf8.count) ? makeComputed(.text(string), at: offset) : nil
    }
    func result(_ data: [UInt8], _ transforms: [String]) -> Value? {
      fits(data.count) ? makeComputed(.bytes(data, transforms: transforms), at: offset) : nil
    }
    func decoded(_ output: [UInt8]?, from input: [String]) -> Value? {
      guard budget > 0 else {
        limitHit(.computedBytes, at: offset, halt: false)
        return nil
      }
      guard let output else {
        anomaly(.nestedPayloadUnreadable, at: offset, "\(name) of a literal fails to decode")
        return nil
      }
      return result(output, input + [name])
    }

    switch name {
    case "builtins.str.join", "builtins.bytes.join":
      guard let parts = items(of: second), !isTruncated(second) else { return nil }
      if name == "builtins.str.join" {
        guard let separator = text(first) else { return nil }
        let strings = parts.compactMap { text($0) }
        guard strings.count == parts.count,
          strings.reduce(0, { $0 + $1.utf8.count }) + separator.utf8.count * parts.count <= cap
        else { return nil }
        return result(strings.joined(separator: separator))
      }
      guard let separator = bytes(first) else { return nil }
      let chunks = parts.compactMap { bytes($0)?.bytes }
      guard chunks.count == parts.count,
        chunks.reduce(0, { $0 + $1.count }) + separator.bytes.count * parts.count <= cap
      else { return nil }
      return result(Array(chunks.joined(separator: separator.bytes)), [])
    case "builtins.str.lower", "builtins.str.upper", "builtins.str.strip", "builtins.str.lstrip",
      "builtins.str.rstrip", "builtins.str.swapcase", "builtins.str.casefold",
      "builtins.str.title", "builtins.str.capitalize":
      guard let string = text(first) else { return nil }
      return result(StringOps.apply(name, string, argument: text(second)))
    case "builtins.str.replace":
      guard args.count >= 3, let string = text(first), let old = text(second),
        let new = text(args[2]),
        !old.isEmpty, string.utf8.count * max(1, new.utf8.count) <= cap
      else { return nil }
      return result(StringOps.replace(string, old, new))
    case "operator.add", "operator.concat", "operator.iadd", "operator.iconcat",
      "builtins.str.__add__",
      "builtins.bytes.__add__":
      if let a = text(first), let b = text(second), a.utf8.count + b.utf8.count <= cap {
        return result(a + b)
      }
      if let a = bytesValue(first, cap: cap), let b = bytesValue(second, cap: cap),
        a.bytes.count + b.bytes.count <= cap
      {
        return result(a.bytes + b.bytes, a.transforms)
      }
      return nil
    case "builtins.str.encode":
      guard let string = text(first) else { return nil }
      return StringOps.encode(string, encoding: text(second) ?? "utf-8").flatMap { result($0, []) }
    case "builtins.bytes.decode", "builtins.bytearray.decode", "builtins.str":
      if name == "builtins.str", args.count == 1, let string = text(first) { return result(string) }
      guard let data = bytesValue(first, cap: cap) else { return nil }
      let encoding = text(second) ?? "utf-8"
      guard name != "builtins.str" || args.count >= 2 else { return nil }
      return StringOps.decode(data.bytes, encoding: encoding).flatMap(result)
    case "builtins.bytes", "builtins.bytearray":
      if args.isEmpty { return result([], []) }
      if let string = text(first), args.count >= 2 {
        return StringOps.encode(string, encoding: text(second) ?? "utf-8").flatMap {
          result($0, [])
        }
      }
      if let data = bytesValue(first, cap: cap) { return result(data.bytes, data.transforms) }
      guard let parts = items(of: first), !isTruncated(first) else { return nil }
      let values = parts.compactMap { $0.intValue.flatMap { UInt8(exactly: $0) } }
      guard values.count == parts.count else { return nil }
      return result(values, [])
    case "builtins.bytes.fromhex", "builtins.bytearray.fromhex":
      guard let string = text(first) else { return nil }
      return decoded(BinaryText.hex(Array(string.utf8), skipSpaces: true), from: [])
    case "codecs.decode", "codecs.encode":
      let encoding = StringOps.normalize(text(second) ?? "utf-8")
      if encoding == "rot13" || encoding == "rot_13" {
        guard let string = text(first) else { return nil }
        return result(StringOps.rot13(string))
      }
      if name == "codecs.encode" {
        if let string = text(first) {
          return StringOps.encode(string, encoding: encoding).flatMap { result($0, []) }
        }
        return nil
      }
      if let string = text(first), StringOps.isTextCodec(encoding) { return result(string) }
      guard let data = bytes(first) else { return nil }
      switch encoding {
      case "base64", "base_64", "base64_codec":
        return decoded(BinaryText.base64(data.bytes, alphabet: .standard), from: data.transforms)
      case "hex", "hex_codec":
        return decoded(BinaryText.hex(data.bytes, skipSpaces: false), from: data.transforms)
      case "zlib", "zip", "zlib_codec":
        return decoded(Decompress.run(.zlib, data.bytes, cap: budget), from: data.transforms)
      case "bz2", "bz2_codec":
        return decoded(Decompress.run(.bzip2, data.bytes, cap: budget), from: data.transforms)
      default:
        return StringOps.decode(data.bytes, encoding: encoding).flatMap(result)
      }
    case "base64.b64decode", "base64.standard_b64decode", "base64.decodebytes",
      "base64.decodestring", "binascii.a2b_base64":
      guard let data = bytes(first) else { return nil }
      return decoded(BinaryText.base64(data.bytes, alphabet: .standard), from: data.transforms)
    case "base64.urlsafe_b64decode":
      guard let data = bytes(first) else { return nil }
      return decoded(BinaryText.base64(data.bytes, alphabet: .urlSafe), from: data.transforms)
    case "base64.b16decode", "binascii.unhexlify", "binascii.a2b_hex":
      guard let data = bytes(first) else { return nil }
      return decoded(BinaryText.hex(data.bytes, skipSpaces: false), from: data.transforms)
    case "base64.b32decode":
      guard let data = bytes(first) else { return nil }
      return decoded(BinaryText.base32(data.bytes), from: data.transforms)
    case "base64.b85decode":
      guard let data = bytes(first) else { return nil }
      return decoded(BinaryText.base85(data.bytes), from: data.transforms)
    case "base64.a85decode":
      guard let data = bytes(first) else { return nil }
      return decoded(BinaryText.ascii85(data.bytes), from: data.transforms)
    case "zlib.decompress", "gzip.decompress", "bz2.decompress", "lzma.decompress":
      guard let data = bytesValue(first, cap: cap) else { return nil }
      let format: Decompress.Format =
        switch name {
        case "gzip.decompress": .gzip
        case "bz2.decompress": .bzip2
        case "lzma.decompress": .xz
        default:
          second.intValue.map { $0 < 0 ? .rawDeflate : ($0 > 15 ? .autoZlibGzip : .zlib) } ?? .zlib
        }
      return decoded(Decompress.run(format, data.bytes, cap: budget), from: data.transforms)
    default:
      return nil
    }
  }

  /// True when a container holds more items than were tracked.
  func isTruncated(_ value: Value) -> Bool {
    guard let node = value.nodeIndex else { return false }
    let n = nodes[Int(node)]
    let per = n.kind == .dict ? 2 : 1
    return Int(n.itemCount) * per > Int(n.tracked)
  }
}
