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
  ///   - end: Offset the pickle may not read past (the end of `bytes` by default).
  ///   - skips: Raw data inside the pickle to jump over when the reader reaches each range's
  ///     start (joblib array blocks, as `ModelContainers` reports them), sorted.
  ///   - limits: Bounds on work and memory.
  /// - Returns: The value and the pickle's byte range, or why it was refused.
  public static func decode(
    _ bytes: UnsafeRawBufferPointer,
    start: Int = 0,
    end: Int? = nil,
    skips: [ByteRange] = [],
    limits: DecodeLimits = DecodeLimits()
  ) -> Result<DecodedValue, Refusal> {
    let range = ByteRange(start: start, count: (end ?? bytes.count) - start)
    if let bad = unsafe invalid(range, skips, in: bytes) { return .failure(bad) }
    return unsafe checkedDecode(bytes, range, skips: skips, firstSkip: 0, limits: limits)
  }

  /// ``decode(_:start:end:skips:limits:)`` once `range` and `skips` are known to be sound;
  /// skips before `firstSkip` lie behind `range.start`.
  private static func checkedDecode(
    _ bytes: UnsafeRawBufferPointer,
    _ range: ByteRange,
    skips: [ByteRange],
    firstSkip: Int,
    limits: DecodeLimits
  ) -> Result<DecodedValue, Refusal> {
    var machine = unsafe Machine(
      bytes,
      start: range.start,
      end: range.end,
      skips: skips,
      limits: limits
    )
    machine.nextSkip = firstSkip
    do throws(Refusal) {
      let (root, stop) = try machine.run()
      machine.arena.keepOnlyCycles()
      return .success(
        DecodedValue(
          root: root,
          range: ByteRange(start: range.start, count: stop - range.start),
          maxJSONDepth: limits.maxJSONDepth,
          arena: machine.arena
        )
      )
    } catch {
      return .failure(error)
    }
  }

  /// Decodes every pickle of `range`, one after another, to its end.
  ///
  /// A stream may hold several pickles (legacy torch files, log files, evasion tricks); every
  /// one is decoded, so a harmful pickle after a harmless one is still refused.
  ///
  /// - Parameters:
  ///   - bytes: The input.
  ///   - range: The stream's bytes (all of `bytes` by default).
  ///   - skips: Raw data to jump over, inside a pickle or between two (sorted).
  ///   - limits: Bounds on work and memory, per pickle, and on the number of pickles.
  /// - Returns: The values in order, or the first refusal.
  public static func decodeAll(
    _ bytes: UnsafeRawBufferPointer,
    range: ByteRange? = nil,
    skips: [ByteRange] = [],
    limits: DecodeLimits = DecodeLimits()
  ) -> Result<[DecodedValue], Refusal> {
    let range = range ?? ByteRange(start: 0, count: bytes.count)
    if let bad = unsafe invalid(range, skips, in: bytes) { return .failure(bad) }
    var values: [DecodedValue] = []
    var start = range.start
    var nextSkip = 0
    repeat {
      while nextSkip < skips.count, skips[nextSkip].start <= start {
        if skips[nextSkip].start == start { start = skips[nextSkip].end }
        nextSkip += 1
      }
      if start == range.end, !values.isEmpty { break }
      guard values.count < limits.maxPickles else {
        return .failure(Refusal(.limit, "more than \(limits.maxPickles) pickles", at: start))
      }
      let rest = ByteRange(start: start, count: range.end - start)
      switch unsafe checkedDecode(bytes, rest, skips: skips, firstSkip: nextSkip, limits: limits) {
      case .success(let value):
        values.append(value)
        start = value.range.end
      case .failure(let refusal):
        return .failure(refusal)
      }
    } while start < range.end
    return .success(values)
  }

  /// A refusal for a range outside the input, or skips that are unsorted, overlapping or
  /// outside the range.
  static func invalid(
    _ range: ByteRange,
    _ skips: [ByteRange],
    in bytes: UnsafeRawBufferPointer
  ) -> Refusal? {
    guard range.start >= 0, range.count >= 0, range.end <= bytes.count else {
      return Refusal(
        .malformed,
        "range \(range.start)..<\(range.end) is outside the input",
        at: max(range.start, 0)
      )
    }
    var previousEnd = range.start
    for skip in skips {
      guard skip.start >= previousEnd, skip.count >= 0, skip.end <= range.end else {
        return Refusal(
          .malformed,
          "skip range \(skip.start)..<\(skip.end) is unsorted or outside the stream",
          at: max(skip.start, 0)
        )
      }
      previousEnd = skip.end
    }
    return nil
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
