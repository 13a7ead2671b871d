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
  ///   - limits: Bounds on work and memory.
  /// - Returns: The value and the pickle's byte range, or why it was refused.
  public static func decode(
    _ bytes: UnsafeRawBufferPointer,
    start: Int = 0,
    limits: DecodeLimits = DecodeLimits()
  ) -> Result<DecodedValue, Refusal> {
    var machine = unsafe Machine(bytes, start: start, limits: limits)
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
  ///   - limits: Bounds on work and memory, per pickle, and on the number of pickles.
  /// - Returns: The values in order, or the first refusal.
  public static func decodeAll(
    _ bytes: UnsafeRawBufferPointer,
    limits: DecodeLimits = DecodeLimits()
  ) -> Result<[DecodedValue], Refusal> {
    var values: [DecodedValue] = []
    var start = 0
    repeat {
      guard values.count < limits.maxPickles else {
        return .failure(Refusal(.limit, "more than \(limits.maxPickles) pickles", at: start))
      }
      switch unsafe decode(bytes, start: start, limits: limits) {
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
}
