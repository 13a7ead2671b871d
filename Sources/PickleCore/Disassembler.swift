/// Disassembles every pickle in a buffer, as `pickletools.dis` (text) or one JSON object per
/// opcode (`jsonl`).
///
/// Text output matches `pickletools.dis(data, annotate=0)` line for line on valid pickles; where
/// pickletools would raise, we print the problem and go on.
public struct Disassembler {
  /// Output style.
  public enum Format: Sendable {
    /// `pickletools.dis` layout.
    case text
    /// `{"offset":…,"op":"NAME","arg":…}` per line.
    case jsonl
  }

  /// What the walk found besides the opcodes.
  public struct Outcome: Sendable, Equatable {
    /// Pickles that reached their `STOP`.
    public var completePickles = 0
    /// The error that ended the walk, if any.
    public var error: ReadError?
    /// Offset and size of bytes after the last `STOP` that do not start a pickle.
    public var trailingData: ByteRange?

    /// Nothing found yet.
    public init() {}
  }

  /// Arguments longer than this are cut in the output (pickletools would print them whole).
  public var maxArgumentBytes = 1 << 20
  /// The style.
  public var format: Format

  /// A disassembler for `format`.
  public init(format: Format) { self.format = format }

  /// Walks `bytes[range]` and hands each output line to `emit`.
  ///
  /// - Parameters:
  ///   - bytes: The buffer the stream lives in.
  ///   - range: The stream; the whole buffer by default.
  ///   - skips: Raw data inside the stream that a container puts between opcodes (joblib array
  ///     blocks): shown as one line and jumped over.
  ///   - emit: Receives each output line.
  /// - Returns: What the walk found besides the opcodes.
  public func run(
    _ bytes: UnsafeRawBufferPointer,
    range: ByteRange? = nil,
    skips: [ByteRange] = [],
    emit: (String) -> Void
  ) -> Outcome {
    var outcome = Outcome()
    let end = range?.end ?? bytes.count
    var start = range?.start ?? 0
    var pendingSkips = skips.sorted { $0.start < $1.start }[...]
    while start < end {
      if outcome.completePickles > 0 {
        var probe = unsafe OpcodeReader(bytes, start: start, end: end)
        if (try? probe.next()) == nil {
          let trailing = ByteRange(start: start, count: end - start)
          outcome.trailingData = trailing
          emitTrailing(trailing, emit)
          break
        }
        if format == .text { emit("") }
      }
      var reader = unsafe OpcodeReader(bytes, start: start, end: end)
      var listing = TextListing()
      var sawStop = false
      do {
        while true {
          while let skip = pendingSkips.first, skip.start <= reader.position {
            pendingSkips.removeFirst()
            guard skip.start == reader.position, skip.end <= end else { continue }
            emitSkip(skip, emit)
            reader.seek(to: skip.end)
          }
          guard let instruction = try reader.next() else { break }
          let value = unsafe ArgumentValue.of(instruction, in: bytes, maxBytes: maxArgumentBytes)
          switch format {
          case .text: for line in listing.lines(for: instruction, value: value) { emit(line) }
          case .jsonl:
            emit(
              #"{"offset":\#(instruction.offset),"op":"\#(instruction.info.name)","arg":\#(value.json)}"#
            )
          }
          if instruction.opcode == .stop {
            sawStop = true
            break
          }
        }
      } catch {
        outcome.error = error
        emitError(error.message, at: error.offset, emit)
        break
      }
      start = reader.position
      if sawStop {
        outcome.completePickles += 1
        if format == .text { emit(listing.closingLine) }
      } else {
        let error = ReadError(.truncated, "input ends before STOP", at: start)
        outcome.error = error
        emitError(error.message, at: start, emit)
        break
      }
    }
    return outcome
  }

  private func emitError(_ message: String, at offset: Int, _ emit: (String) -> Void) {
    switch format {
    case .text: emit("error at \(offset): \(message)")
    case .jsonl: emit(#"{"offset":\#(offset),"error":\#(JSONText.quoted(message))}"#)
    }
  }

  private func emitSkip(_ range: ByteRange, _ emit: (String) -> Void) {
    switch format {
    case .text:
      emit("raw data at \(range.start): \(range.count) bytes the container keeps between opcodes")
    case .jsonl: emit(#"{"offset":\#(range.start),"raw_bytes":\#(range.count)}"#)
    }
  }

  private func emitTrailing(_ range: ByteRange, _ emit: (String) -> Void) {
    switch format {
    case .text: emit("trailing data at \(range.start): \(range.count) bytes after the last STOP")
    case .jsonl: emit(#"{"offset":\#(range.start),"trailing_bytes":\#(range.count)}"#)
    }
  }
}

/// The stack emulation `pickletools.dis` does to indent MARK blocks and annotate memo use.
struct TextListing {
  private var stackIsMark: [Bool] = []
  private var markOffsets: [Int] = []
  private var memo: Set<Int64> = []
  private var maxProto = -1

  var closingLine: String { "highest protocol among opcodes = \(maxProto)" }

  mutating func lines(for instruction: Instruction, value: ArgumentValue) -> [String] {
    let info = instruction.info
    let before = info.stackBefore.isEmpty ? [] : info.stackBefore.split(separator: ",")
    let after = info.stackAfter.isEmpty ? [] : info.stackAfter.split(separator: ",")
    let offsetText = String(instruction.offset)
    var line = String(repeating: " ", count: max(0, 5 - offsetText.count)) + offsetText + ": "
    let code = PythonRepr.string([UInt32(instruction.opcode.rawValue)]).dropFirst().dropLast()
    line += code + String(repeating: " ", count: max(0, 4 - code.count)) + " "
    line += String(repeating: "    ", count: markOffsets.count) + info.name
    maxProto = max(maxProto, info.proto)

    var problem: String?
    var markNote: String?
    var popCount = before.count
    let popsMark = before.contains("mark")
    if popsMark || (instruction.opcode == .pop && stackIsMark.last == true) {
      if let markOffset = markOffsets.popLast() {
        markNote = "(MARK at \(markOffset))"
        while let top = stackIsMark.popLast(), !top {}
        popCount = before.firstIndex(of: "mark") ?? 0
      } else {
        markNote = "no MARK exists on stack"
        problem = markNote
      }
    }
    switch instruction.opcode {
    case .put, .binput, .longBinput, .memoize:
      var key: Int64 = 0
      if instruction.opcode == .memoize {
        key = Int64(memo.count)
        markNote = "(as \(key))"
      } else if case .int(let given) = instruction.argument {
        key = given
      }
      if memo.contains(key) {
        problem = "memo key \(key) already defined"
      } else if stackIsMark.isEmpty {
        problem = "stack is empty -- can't store into memo"
      } else if stackIsMark.last == true {
        problem = "can't store markobject in the memo"
      } else {
        memo.insert(key)
      }
    case .get, .binget, .longBinget:
      if case .int(let key) = instruction.argument, !memo.contains(key) {
        problem = "memo key \(key) has never been stored into"
      }
    default:
      break
    }
    let hasArgument = value != .none
    if hasArgument || markNote != nil {
      line += String(repeating: " ", count: max(0, 10 - info.name.count))
      if hasArgument { line += " " + value.pythonRepr }
      if let markNote { line += " " + markNote }
    }
    var output = [line]
    if let problem { output.append("error at \(instruction.offset): \(problem)") }
    if stackIsMark.count < popCount {
      output.append(
        "error at \(instruction.offset): tries to pop \(popCount) items from stack with only "
          + "\(stackIsMark.count) items"
      )
      stackIsMark.removeAll()
    } else {
      stackIsMark.removeLast(popCount)
    }
    if after.contains("mark") { markOffsets.append(instruction.offset) }
    stackIsMark.append(contentsOf: after.map { $0 == "mark" })
    return output
  }
}
