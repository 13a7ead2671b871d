import PickleCore

/// The raw data joblib writes after a `NumpyArrayWrapper`, computed from the wrapper's state.
///
/// joblib's `NumpyArrayWrapper.read` pops the wrapper after `BUILD` and reads the array from the
/// file: for object dtypes a whole nested `pickle.load`, otherwise (when the state has
/// `numpy_array_alignment_bytes`) one pad-length byte and that many pad bytes, then
/// `prod(shape) * itemsize` raw bytes.
struct JoblibArrayBlock {
  /// How the block is laid out.
  enum Layout: Equatable {
    /// Pad byte, padding and array bytes, from the block start to `end`.
    case raw(end: Int, padLength: Int?)
    /// A complete nested pickle starts at the block start.
    case nestedPickle
  }

  /// Why the length cannot be computed.
  struct Failure: Error {
    let message: String
  }

  /// True when `value` is an object made from a class named `NumpyArrayWrapper`.
  static func isWrapper(_ value: LiteralValue, in arena: LiteralArena) -> Bool {
    guard case .global(_, let name)? = arena.objectClass(value) else { return false }
    return name == "NumpyArrayWrapper"
  }

  /// The layout of the block that starts at `start` and may not pass `end`.
  static func layout(
    of wrapper: LiteralValue,
    in arena: LiteralArena,
    cursor: ByteCursor,
    start: Int,
    end: Int
  ) -> Result<Layout, Failure> {
    guard let shapeValue = arena.attribute("shape", of: wrapper),
      let dimensions = arena.items(shapeValue)
    else { return .failure(Failure(message: "wrapper state has no shape tuple")) }
    var count = 1
    for dimension in dimensions {
      guard let size = dimension.integer, size >= 0, let size = Int(exactly: size) else {
        return .failure(Failure(message: "shape holds a value that is not a size"))
      }
      let (product, overflow) = count.multipliedReportingOverflow(by: size)
      guard !overflow else { return .failure(Failure(message: "shape overflows 64 bits")) }
      count = product
    }
    guard let dtypeValue = arena.attribute("dtype", of: wrapper) else {
      return .failure(Failure(message: "wrapper state has no dtype"))
    }
    guard let dtype = dtypeInfo(dtypeValue, in: arena) else {
      return .failure(Failure(message: "wrapper dtype cannot be read"))
    }
    if dtype.hasObject { return .success(.nestedPickle) }
    guard let itemSize = dtype.itemSize else {
      return .failure(Failure(message: "wrapper dtype has no item size"))
    }
    var position = start
    var padLength: Int?
    if let alignment = arena.attribute("numpy_array_alignment_bytes", of: wrapper),
      alignment != .none
    {
      guard position < end, let pad = cursor.uint8(at: position) else {
        return .failure(Failure(message: "pad byte missing at \(position)"))
      }
      padLength = Int(pad)
      position += 1 + Int(pad)
    }
    let (length, overflow) = count.multipliedReportingOverflow(by: itemSize)
    guard !overflow, position <= end, length <= end - position else {
      return .failure(
        Failure(message: "array of \(count) × \(itemSize) bytes at \(position) runs past \(end)")
      )
    }
    return .success(.raw(end: position + length, padLength: padLength))
  }

  /// Item size and object-ness of a pickled `numpy.dtype`: `dtype(typestring, …)` plus its
  /// `BUILD` state `(version, byteorder, subarray, names, fields, elsize, alignment, flags)`.
  static func dtypeInfo(_ root: LiteralValue, in arena: LiteralArena) -> DTypeInfo? {
    var result: DTypeInfo?
    var pending = [root]
    var visited = 0
    while let value = pending.popLast(), visited < 10_000 {
      visited += 1
      guard case .global(_, "dtype")? = arena.objectClass(value),
        let typestring = arena.arguments(value)?.first?.text,
        var info = DTypeInfo.parse(typestring)
      else { return nil }
      let state = arena.states(of: value).last.flatMap { arena.items($0) } ?? []
      let kind = typestring.drop { "<>|=!".contains($0) }.first
      let flexible = kind.map { "SUVa".contains($0) } ?? false
      if flexible, state.count > 5, let elsize = state[5].integer, elsize >= 0 {
        info.itemSize = Int(exactly: elsize)
      }
      if state.count > 2, let subarray = arena.items(state[2]), let base = subarray.first {
        pending.append(base)
      }
      if state.count > 4, case .dict(_, let fields)? = arena[state[4]] {
        for field in fields { if let base = arena.items(field)?.first { pending.append(base) } }
      }
      if result == nil {
        result = info
      } else if info.hasObject {
        result?.hasObject = true
      }
    }
    return result
  }
}
