import PickleCore

/// The header of a `.npy` file: `\x93NUMPY`, version, header length, then a Python dict literal
/// with `descr`, `fortran_order` and `shape`.
struct NPYHeader {
  /// Format version (1, 2 or 3).
  var major: UInt8
  /// Offset of the array data.
  var dataStart: Int
  /// The element count `shape` gives.
  var elementCount: Int?
  /// The dtype `descr` gives.
  var dtype: DTypeInfo
  /// The shape as written, for messages.
  var shapeText: String

  /// Bytes the data section needs, when known.
  var dataSize: Int? {
    guard let elementCount, let itemSize = dtype.itemSize else { return nil }
    let (size, overflow) = elementCount.multipliedReportingOverflow(by: itemSize)
    return overflow ? nil : size
  }

  /// How many bytes the header needs, from its first 12 bytes; nil when they are missing.
  static func headerEnd(_ cursor: ByteCursor, at start: Int) -> Int? {
    guard let major = cursor.uint8(at: start + 6) else { return nil }
    if major == 1 { return cursor.uint16(at: start + 8).map { start + 10 + Int($0) } }
    return cursor.uint32(at: start + 8).map { start + 12 + Int($0) }
  }

  /// Parses the header at `range.start`, refusing what numpy refuses.
  static func parse(_ cursor: ByteCursor, _ range: ByteRange) -> Result<
    NPYHeader, PythonLiteralParser.Failure
  > {
    func failure(_ message: String) -> Result<NPYHeader, PythonLiteralParser.Failure> {
      .failure(PythonLiteralParser.Failure(message: message))
    }
    guard range.count >= 10, let major = cursor.uint8(at: range.start + 6),
      let minor = cursor.uint8(at: range.start + 7)
    else { return failure("header ends before its version") }
    guard (1...3).contains(major), minor == 0 else {
      return failure("unknown format version \(major).\(minor)")
    }
    guard let end = headerEnd(cursor, at: range.start), end <= range.end else {
      return failure("header length runs past the end of the data")
    }
    let textStart = range.start + (major == 1 ? 10 : 12)
    let raw = cursor.copy(ByteRange(from: textStart, to: end))
    let literal: PythonLiteral
    switch PythonLiteralParser.parse(raw) {
    case .failure(let error): return .failure(error)
    case .success(let value): literal = value
    }
    guard case .dict(let keys, _) = literal,
      Set(keys.compactMap { if case .string(let key) = $0 { key } else { nil } })
        == ["descr", "fortran_order", "shape"], keys.count == 3
    else { return failure("header is not a dict of exactly descr, fortran_order, shape") }
    guard case .bool? = literal["fortran_order"] else {
      return failure("fortran_order is not a bool")
    }
    guard let shape = literal["shape"]?.items, case .tuple? = literal["shape"] else {
      return failure("shape is not a tuple")
    }
    var count: Int? = 1
    for dimension in shape {
      switch dimension {
      case .int(let size) where size >= 0:
        count = count.flatMap { total in
          let (product, overflow) = total.multipliedReportingOverflow(by: size)
          return overflow ? nil : product
        }
      case .hugeInt: count = nil
      default: return failure("shape holds a value that is not a size")
      }
    }
    guard let descr = literal["descr"], let dtype = dtypeInfo(descr) else {
      return failure("descr is not a dtype numpy reads")
    }
    let shapeText =
      "("
      + shape.map { if case .int(let v) = $0 { String(v) } else { "huge" } }
      .joined(separator: ", ") + ")"
    return .success(
      NPYHeader(
        major: major,
        dataStart: end,
        elementCount: count,
        dtype: dtype,
        shapeText: shapeText
      )
    )
  }

  /// Item size and object-ness of a `descr`: a dtype string, a `(dtype, shape)` pair, or a list
  /// of `(name, dtype[, shape])` fields, walked with an explicit stack.
  static func dtypeInfo(_ descr: PythonLiteral) -> DTypeInfo? {
    var size: Int? = 0
    var hasObject = false
    var pending: [(PythonLiteral, Int)] = [(descr, 1)]
    var visited = 0
    while let (node, multiplier) = pending.popLast() {
      visited += 1
      guard visited < 100_000 else { return nil }
      switch node {
      case .string(let spelling):
        guard let info = DTypeInfo.parse(spelling) else { return nil }
        hasObject = hasObject || info.hasObject
        size = zip(size, info.itemSize).flatMap { total, item in
          let (scaled, overflow) = item.multipliedReportingOverflow(by: multiplier)
          return overflow || scaled > Int.max - total ? nil : total + scaled
        }
      case .tuple(let pair) where pair.count == 2 && pair[1].items != nil:
        guard let factor = product(pair[1]) else { return nil }
        let (scaled, overflow) = multiplier.multipliedReportingOverflow(by: factor)
        pending.append((pair[0], overflow ? Int.max : scaled))
      case .list(let fields):
        for field in fields {
          guard let parts = field.items, parts.count == 2 || parts.count == 3 else { return nil }
          var factor = 1
          if parts.count == 3 {
            guard let shape = product(parts[2]) else { return nil }
            factor = shape
          }
          let (scaled, overflow) = multiplier.multipliedReportingOverflow(by: factor)
          pending.append((parts[1], overflow ? Int.max : scaled))
        }
      default:
        return nil
      }
    }
    return DTypeInfo(itemSize: size, hasObject: hasObject)
  }

  private static func product(_ shape: PythonLiteral) -> Int? {
    if case .int(let single) = shape { return single >= 0 ? single : nil }
    guard let items = shape.items else { return nil }
    var total = 1
    for item in items {
      guard case .int(let value) = item, value >= 0 else { return nil }
      let (next, overflow) = total.multipliedReportingOverflow(by: value)
      guard !overflow else { return nil }
      total = next
    }
    return total
  }
}

private func zip(_ lhs: Int?, _ rhs: Int?) -> (Int, Int)? {
  guard let lhs, let rhs else { return nil }
  return (lhs, rhs)
}
