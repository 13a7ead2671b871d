import PickleCore

/// Decodes pickles into values, building nothing but plain data and emulated, allowlisted
/// constructors.
///
/// Nothing from the input is imported or run: `GLOBAL` names are looked up in a fixed
/// allowlist and calls are emulated in Swift. Anything else is a ``Refusal`` naming the global
/// and the byte offset. Run it inside the ``Sandbox`` child for hostile input.
public enum RestrictedDecoder {
  /// Decodes the pickle that starts at `start`.
  ///
  /// - Parameters:
  ///   - bytes: The input.
  ///   - start: Offset of the pickle's first opcode.
  ///   - skips: Raw data inside the pickle to jump over when the reader reaches each range's
  ///     start (joblib array blocks, as `ModelContainers` reports them), sorted.
  ///   - limits: Bounds on work and memory.
  /// - Returns: The value and the pickle's byte range, or why it was refused.
  public static func decode(
    _ bytes: UnsafeRawBufferPointer,
    start: Int = 0,
    skips: [ByteRange] = [],
    limits: DecodeLimits = DecodeLimits()
  ) -> Result<DecodedValue, Refusal> {
    if let bad = unsafe invalidSkip(skips, in: bytes) { return .failure(bad) }
    var machine = unsafe Machine(bytes, start: start, skips: skips, limits: limits)
    do throws(Refusal) {
      let (root, end) = try machine.run()
      return .success(
        DecodedValue(
          root: root,
          range: ByteRange(start: start, count: end - start),
          maxJSONDepth: limits.maxJSONDepth
        )
      )
    } catch {
      return .failure(error)
    }
  }

  /// Decodes every pickle of `bytes`, one after another, to the end of the input.
  ///
  /// - Parameters:
  ///   - bytes: The input.
  ///   - skips: Raw data to jump over, inside a pickle or between two (sorted).
  ///   - limits: Bounds on work and memory, per pickle, and on the number of pickles.
  /// - Returns: The values in order, or the first refusal.
  public static func decodeAll(
    _ bytes: UnsafeRawBufferPointer,
    skips: [ByteRange] = [],
    limits: DecodeLimits = DecodeLimits()
  ) -> Result<[DecodedValue], Refusal> {
    if let bad = unsafe invalidSkip(skips, in: bytes) { return .failure(bad) }
    var values: [DecodedValue] = []
    var start = 0
    var nextSkip = 0
    repeat {
      while nextSkip < skips.count, skips[nextSkip].start <= start {
        if skips[nextSkip].start == start { start = skips[nextSkip].end }
        nextSkip += 1
      }
      if start == bytes.count, !values.isEmpty { break }
      guard values.count < limits.maxPickles else {
        return .failure(Refusal(.limit, "more than \(limits.maxPickles) pickles", at: start))
      }
      switch unsafe decode(bytes, start: start, skips: skips, limits: limits) {
      case .success(let value):
        values.append(value)
        start = value.range.end
      case .failure(let refusal):
        return .failure(refusal)
      }
    } while start < bytes.count
    return .success(values)
  }

  /// The inventory of several pickles; with more than one, paths start with `#N` (the
  /// pickle's index).
  public static func inventory(of values: [DecodedValue]) -> [InventoryItem] {
    var items: [InventoryItem] = []
    for (index, value) in values.enumerated() {
      for var item in value.inventory {
        if values.count > 1 {
          item.path = "#\(index)" + (item.path.isEmpty ? "" : "." + item.path)
        }
        items.append(item)
      }
    }
    return items
  }

  /// A refusal for skip ranges that are unsorted, overlapping or outside the input.
  static func invalidSkip(_ skips: [ByteRange], in bytes: UnsafeRawBufferPointer) -> Refusal? {
    var previousEnd = 0
    for skip in skips {
      guard skip.start >= previousEnd, skip.count >= 0, skip.end <= bytes.count else {
        return Refusal(
          .malformed,
          "skip range \(skip.start)..<\(skip.end) is unsorted or outside the input",
          at: skip.start
        )
      }
      previousEnd = skip.end
    }
    return nil
  }
}
