import PickleCore

extension Machine {
  /// `APPEND(S)`: only lists and deques take items (CPython would call any `extend`).
  func append(_ items: [Value], to target: Node) throws(Refusal) {
    guard target.kind == .list else {
      throw Refusal(.badTarget, "APPEND to \(target.type)", at: offset)
    }
    for item in items { try requireStorable(item, "a list item") }
    target.items.append(contentsOf: items)
  }

  /// `SETITEM(S)` and `DICT`: dict-like nodes only; keys must be hashable.
  func setItems(_ items: [Value], in target: Node) throws(Refusal) {
    guard target.kind == .dict else {
      throw Refusal(.badTarget, "SETITEM on \(target.type)", at: offset)
    }
    guard items.count % 2 == 0 else {
      throw Refusal(.malformed, "odd number of items for SETITEMS", at: offset)
    }
    var index = 0
    while index < items.count {
      let key = items[index]
      let value = items[index + 1]
      index += 2
      try requireHashable(key)
      try requireStorable(key, "a dict key")
      try requireStorable(value, "a dict value")
      if let scalar = ScalarKey(key), let existing = target.index(of: scalar) {
        target.entries[existing].value = value
      } else {
        target.entries.append(Node.Entry(key: key, value: value))
        target.indexLastEntry()
      }
    }
  }

  /// `ADDITEMS` and `FROZENSET`: hashable items, duplicates dropped.
  func add(_ items: [Value], to target: Node) throws(Refusal) {
    for item in items {
      try requireHashable(item)
      try requireStorable(item, "a set item")
      if let scalar = ScalarKey(item) {
        if target.keyIndex[scalar] != nil { continue }
        target.keyIndex[scalar] = target.items.count
      }
      target.items.append(item)
    }
  }

  func requireHashable(_ key: Value) throws(Refusal) {
    if let node = key.node, node.isUnhashable {
      throw Refusal(.badTarget, "unhashable \(node.type) used as a key", at: offset)
    }
  }

  // MARK: - Payloads

  /// Decodes a text payload the way CPython's unpickler does for `str`.
  ///
  /// Python 2 strings (`STRING`, `BINSTRING`) become `str` as ASCII, or as Latin-1 when they
  /// are not ASCII (torch and NumPy load them with `encoding='latin1'`).
  mutating func text(_ range: ByteRange, _ encoding: PayloadEncoding) throws(Refusal) -> String {
    textBytes += range.count
    guard textBytes <= limits.maxTextBytes else {
      throw Refusal(.limit, "more than \(limits.maxTextBytes) bytes of text", at: offset)
    }
    let result: String? = unsafe reader.cursor.withBytes(range) { bytes in
      switch encoding {
      case .utf8, .asciiLine:
        if let text = unsafe String(validating: bytes, as: UTF8.self) { return text }
        return unsafe PythonText.decodeUTF8(bytes).map(PythonText.string)
      case .rawUnicodeEscape:
        guard case .success(let points) = unsafe PythonText.decodeRawUnicodeEscape(bytes) else {
          return nil
        }
        return PythonText.string(points)
      case .escapedString:
        guard case .success(let raw) = unsafe PythonText.decodeEscapes(bytes) else { return nil }
        return latin1(raw)
      case .rawString, .bytes, .bytearray:
        return unsafe latin1(bytes)
      }
    }
    guard let result else {
      throw Refusal(.malformed, "text payload cannot be decoded", at: offset)
    }
    return result
  }

  /// A `bytes` payload: its length and the first ``DecodeLimits/maxBytesKept`` bytes.
  func byteString(_ range: ByteRange) -> ByteString {
    let kept = ByteRange(start: range.start, count: min(range.count, limits.maxBytesKept))
    let prefix = unsafe reader.cursor.withBytes(kept) { unsafe Array($0) }
    return ByteString(count: range.count, prefix: prefix)
  }
}

/// Latin-1: every byte is the code point of the same value.
func latin1<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
  var scalars = String.UnicodeScalarView()
  for byte in bytes { scalars.append(Unicode.Scalar(byte)) }
  return String(scalars)
}
