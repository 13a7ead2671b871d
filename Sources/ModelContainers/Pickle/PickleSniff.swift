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

  /// Bytes of opcodes looked at when deciding (arguments may run past them).
  static let window = 1 << 20
  /// True when `range` of `bytes` starts with a pickle.
  static func isPickle(_ bytes: InputBytes, _ range: ByteRange, _ strictness: Strictness) -> Bool {
    guard range.count > 0 else { return false }
    let startsWithProto = bytes.withCursor { cursor in
      cursor.uint8(at: range.start) == Opcode.proto.rawValue
        && (cursor.uint8(at: range.start + 1) ?? 0xFF) <= 5
    }
    if startsWithProto, strictness == .lenient { return true }
    return unsafe bytes.withUnsafeBytes { raw in
      var evaluator = unsafe LiteralEvaluator(raw, range: range)
      evaluator.pauseOffset = range.start + Self.window
      do throws(ReadError) {
        while let event = try evaluator.next() {
          guard case .stop(_, _, let clean) = event else { continue }
          switch strictness {
          case .lenient: return !evaluator.underflowed || evaluator.sawCallable
          case .strict:
            return clean && !evaluator.underflowed && (startsWithProto || evaluator.sawCallable)
          }
        }
        // The window ended inside a long pickle without an error.
        return strictness == .lenient && evaluator.position < range.end
          && evaluator.instructionCount > 0 && !evaluator.underflowed
      } catch {
        return strictness == .lenient && evaluator.sawCallable
      }
    }
  }
}
