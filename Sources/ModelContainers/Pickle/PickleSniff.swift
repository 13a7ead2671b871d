import PickleCore

/// Decides whether bytes are a pickle by reading them as one, without running anything.
enum PickleSniff {
  /// How much evidence is needed.
  enum Strictness {
    /// For whole files and decompressed buffers: a `PROTO` start, or opcodes that reach `STOP` or
    /// an import/call before any error.
    case lenient
    /// For archive members with arbitrary names (tensor bytes must not pass by chance): a
    /// complete pickle ending cleanly at `STOP`, that starts with `PROTO` or imports something.
    case strict
  }

  /// Bytes looked at when deciding.
  static let window = 1 << 20
  /// True when `range` of `bytes` starts with a pickle.
  static func isPickle(_ bytes: InputBytes, _ range: ByteRange, _ strictness: Strictness) -> Bool {
    guard range.count > 0 else { return false }
    let startsWithProto = bytes.withCursor { cursor in
      cursor.uint8(at: range.start) == Opcode.proto.rawValue
        && (cursor.uint8(at: range.start + 1) ?? 0xFF) <= 5
    }
    if startsWithProto, strictness == .lenient { return true }
    let window = ByteRange(start: range.start, count: min(range.count, Self.window))
    return unsafe bytes.withUnsafeBytes { raw in
      var evaluator = unsafe LiteralEvaluator(raw, range: window)
      do throws(ReadError) {
        while let event = try evaluator.next() {
          guard case .stop(_, _, let clean) = event else { continue }
          switch strictness {
          case .lenient: return true
          case .strict: return clean && (startsWithProto || evaluator.sawCallable)
          }
        }
        // The window ended inside a long pickle without an error.
        return strictness == .lenient && range.count > window.count
          && evaluator.instructionCount > 0
      } catch {
        return strictness == .lenient && evaluator.sawCallable
      }
    }
  }
}
