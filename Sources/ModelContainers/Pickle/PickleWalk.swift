import PickleCore

/// Reads the pickles of one region the way their loader would: back to back until the bytes end,
/// jumping over joblib array blocks, stopping after the fifth pickle of a legacy torch file.
struct PickleWalk {
  /// What to honour while walking.
  struct Options {
    /// Jump over the raw blocks that follow each `NumpyArrayWrapper` `BUILD`.
    var joblib = true
    /// Stop after five pickles when the first is torch's legacy magic number.
    var legacyTorch = true
    /// Stop after this many pickles.
    var maxPickles: Int?
    /// Stop after a pickle that is followed by another format's magic bytes.
    var stopAtForeignMagic = true
    /// See ``ContainerBudget/maxPlainShapeCount``.
    var maxPlainShapeCount = ContainerBudget().maxPlainShapeCount
  }

  /// A pickle's result, kept shallow: what torch's tar format reads between its raw blocks.
  enum Value: Equatable {
    case int(Int)
    case text(String)
    case global(String)
    case tuple([Value])
    case other
  }

  /// An anomaly found while walking, at an absolute offset.
  struct Note {
    let kind: ContainerAnomaly.Kind
    let message: String
    let offset: Int
  }

  /// What torch's legacy format needs from its pickles.
  struct Legacy {
    /// Storage ids of the fourth pickle, by key.
    var storages: [String: StoragePID] = [:]
    /// The fifth pickle: the storage keys, in the order their bytes follow.
    var keys: [String]?
  }

  /// Each complete pickle, from its first opcode through `STOP`.
  var pickles: [ByteRange] = []
  /// The error that ended the walk.
  var error: ReadError?
  /// Where reading stopped: after the last pickle, or at the error.
  var end: Int
  /// True when the walk stopped on purpose before the end of its range.
  var stoppedEarly = false
  /// Raw joblib array blocks and nested pickles to jump over.
  var skips: [ByteRange] = []
  /// Nested object-array pickles of joblib.
  var nestedPickles: [ByteRange] = []
  /// Array blocks whose bytes plain `pickle.load` would run as opcodes.
  var blocksReadableAsPickles: [ByteRange] = []
  /// `NumpyArrayWrapper` objects seen.
  var wrappers = 0
  /// Persistent ids, with the index of the pickle holding them.
  var persistentIDs: [(pickle: Int, id: StoragePID?, offset: Int)] = []
  /// Set when the first pickle is torch's legacy magic number.
  var legacy: Legacy?
  /// Anomalies found on the way.
  var notes: [Note] = []
  /// The result of each pickle, shallow.
  var values: [Value] = []
  /// The first pickle's shape, when it is plain data (see ``PlainShapeWalk``).
  var plainShape: PlainPickleShape?

  /// torch's legacy magic number `0x1950a86a20f9469cfc6c`.
  static let legacyMagic = PyInt(twosComplementLittleEndian: [
    0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19,
  ])

  private init(end: Int) { self.end = end }

  /// Walks `range` of `bytes`.
  static func run(_ bytes: InputBytes, _ range: ByteRange, _ options: Options = Options())
    -> PickleWalk
  {
    var walk = PickleWalk(end: range.start)
    unsafe bytes.withUnsafeBytes { raw in
      let cursor = unsafe ByteCursor(raw)
      let generic = options.joblib && options.legacyTorch && options.maxPickles == nil
      if generic, unsafe walk.boundaries(raw, cursor, range, options) { return }
      walk = PickleWalk(end: range.start)
      var evaluator = unsafe LiteralEvaluator(raw, range: range)
      walk.loop(&evaluator, cursor, bytes, range, options)
    }
    return walk
  }

  /// The ten little-endian bytes of `legacyMagic`, as `LONG1` stores them.
  private static let legacyMagicBytes: [UInt8] = [
    0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19,
  ]
  private static let wrapperName = Array("NumpyArrayWrapper".utf8)

  /// True when an argument can only matter to the value-tracking walk: joblib's wrapper class
  /// name, or torch's legacy magic number.
  private static func needsValues(_ instruction: Instruction, _ cursor: ByteCursor) -> Bool {
    func equals(_ range: ByteRange, _ expected: [UInt8]) -> Bool {
      range.count == expected.count
        && expected.indices.allSatisfy { cursor.byte(at: range.start + $0) == expected[$0] }
    }
    switch instruction.argument {
    case .data(let range): return equals(range, wrapperName)
    case .pair(_, let name): return equals(name, wrapperName)
    case .long(let range): return equals(range, legacyMagicBytes)
    default: return false
    }
  }

  /// Pickle boundaries only: the same stops, errors and foreign-magic checks as `loop`, with
  /// no value built (the slow part on big plain pickles).
  ///
  /// Returns false, leaving the walk unfinished, as soon as the stream names something only the
  /// value-tracking walk handles.
  private mutating func boundaries(
    _ raw: UnsafeRawBufferPointer,
    _ cursor: ByteCursor,
    _ range: ByteRange,
    _ options: Options
  ) -> Bool {
    var start = range.start
    var stack = [Int32](repeating: 0, count: min(range.count + 1, PlainShapeWalk.stackCapacity))
    while start < range.end {
      var reader = unsafe OpcodeReader(raw, start: start, end: range.end)
      var stopped = false
      var opcodes = 0
      var handedOver: Instruction?
      let plain = unsafe stack.withUnsafeMutableBufferPointer { buffer in
        unsafe PlainShapeWalk.walk(
          &reader,
          stack: buffer,
          maxCount: options.maxPlainShapeCount,
          reservingMemo: pickles.isEmpty
        ) { Self.needsValues($0, cursor) }
      }
      switch plain {
      case .plain(let shape):
        if pickles.isEmpty { plainShape = shape }
        opcodes = shape.opcodes
        stopped = true
      case .handOver(let instruction, let read):
        handedOver = instruction
        opcodes = read - 1
      case .failed(let error):
        self.error = error
        end = error.offset
        return true
      case .ended(let read):
        opcodes = read
      }
      do throws(ReadError) {
        while !stopped {
          let instruction: Instruction
          if let pending = handedOver {
            instruction = pending
            handedOver = nil
          } else if let next = try reader.next() {
            instruction = next
          } else {
            break
          }
          opcodes += 1
          if Self.needsValues(instruction, cursor) { return false }
          if instruction.opcode == .stop { stopped = true }
        }
      } catch {
        self.error = error
        end = error.offset
        return true
      }
      guard stopped else {
        if opcodes > 0 { error = ReadError(.truncated, "pickle ends without STOP", at: range.end) }
        end = range.end
        return true
      }
      let pickle = ByteRange(from: start, to: reader.position)
      pickles.append(pickle)
      values.append(.other)
      end = pickle.end
      start = pickle.end
      if options.stopAtForeignMagic, pickle.end < range.end,
        FormatSniffer.hasForeignMagic(cursor, at: pickle.end)
      {
        stoppedEarly = true
        return true
      }
    }
    return true
  }

  private mutating func loop(
    _ evaluator: inout LiteralEvaluator,
    _ cursor: ByteCursor,
    _ bytes: InputBytes,
    _ range: ByteRange,
    _ options: Options
  ) {
    var maxPickles = options.maxPickles
    while true {
      let event: LiteralEvaluator.Event?
      do {
        event = try evaluator.next()
      } catch {
        self.error = error
        end = error.offset
        return
      }
      guard let event else {
        if evaluator.instructionCount > 0 {
          error = ReadError(.truncated, "pickle ends without STOP", at: range.end)
        }
        end = range.end
        return
      }
      switch event {
      case .stop(let value, let pickle, _):
        pickles.append(pickle)
        values.append(Self.shallow(value, evaluator.arena))
        end = pickle.end
        let index = pickles.count - 1
        if index == 0, options.legacyTorch, value == .bigInt(Self.legacyMagic) {
          legacy = Legacy()
          maxPickles = 5
        }
        if index == 4, legacy != nil {
          let items = evaluator.arena.items(value) ?? []
          let keys = items.compactMap(\.text)
          legacy?.keys = keys.count == items.count && evaluator.arena[value] != nil ? keys : nil
        }
        if let maxPickles, pickles.count >= maxPickles {
          stoppedEarly = pickle.end < range.end
          return
        }
        if options.stopAtForeignMagic, pickle.end < range.end,
          FormatSniffer.hasForeignMagic(cursor, at: pickle.end)
        {
          stoppedEarly = true
          return
        }
      case .persistentID(let value, let offset):
        let id = StoragePID.parse(value, in: evaluator.arena, offset: offset)
        persistentIDs.append((pickles.count, id, offset))
        if pickles.count == 3, let id, legacy != nil { legacy?.storages[id.key] = id }
      case .built(let object, let buildEnd):
        guard options.joblib, JoblibArrayBlock.isWrapper(object, in: evaluator.arena) else {
          continue
        }
        wrappers += 1
        if !jumpOverArray(object, buildEnd, &evaluator, cursor, bytes, range) { return }
      }
    }
  }

  /// A value and, for tuples and lists, its items one level down.
  private static func shallow(_ value: LiteralValue, _ arena: LiteralArena) -> Value {
    func leaf(_ value: LiteralValue) -> Value {
      if let integer = value.integer, let small = Int(exactly: integer) { return .int(small) }
      if let text = value.text { return .text(text) }
      if let name = value.qualifiedName { return .global(name) }
      return .other
    }
    if let items = arena.items(value), items.count <= 16 { return .tuple(items.map(leaf)) }
    return leaf(value)
  }

  /// Jumps over the block after a wrapper; false when the walk cannot go on.
  private mutating func jumpOverArray(
    _ wrapper: LiteralValue,
    _ buildEnd: Int,
    _ evaluator: inout LiteralEvaluator,
    _ cursor: ByteCursor,
    _ bytes: InputBytes,
    _ range: ByteRange
  ) -> Bool {
    var start = buildEnd
    if let frameEnd = evaluator.frameEnd, frameEnd > buildEnd, frameEnd <= range.end {
      start = frameEnd
      notes.append(
        Note(
          kind: .joblibMalformedArrayBlock,
          message: "wrapper built at \(buildEnd) sits inside a frame: joblib reads its array "
            + "at the frame end \(frameEnd)",
          offset: buildEnd
        )
      )
    }
    let layout = JoblibArrayBlock.layout(
      of: wrapper,
      in: evaluator.arena,
      cursor: cursor,
      start: start,
      end: range.end
    )
    let blockEnd: Int
    switch layout {
    case .failure(let failure):
      notes.append(
        Note(
          kind: .joblibMalformedArrayBlock,
          message: "array block after the wrapper built at \(buildEnd): \(failure.message)",
          offset: start
        )
      )
      return true
    case .success(.raw(let end, let padLength)):
      blockEnd = end
      if let padLength, padLength > 64 || OpcodeTable.byByte[padLength] != nil {
        notes.append(
          Note(
            kind: .joblibMalformedArrayBlock,
            message: "pad length byte 0x\(String(padLength, radix: 16)) at \(start) is not "
              + "what joblib writes (1-16); plain pickle.load would read it as an opcode",
            offset: start
          )
        )
        let rest = ByteRange(from: start, to: range.end)
        if PickleSniff.isPickle(bytes, rest, .lenient) { blocksReadableAsPickles.append(rest) }
      }
    case .success(.nestedPickle):
      var nestedOptions = Options()
      nestedOptions.joblib = false
      nestedOptions.legacyTorch = false
      nestedOptions.maxPickles = 1
      let nested = PickleWalk.run(bytes, ByteRange(from: start, to: range.end), nestedOptions)
      guard let pickle = nested.pickles.first else {
        nestedPickles.append(ByteRange(from: start, to: range.end))
        notes.append(
          Note(
            kind: .joblibMalformedArrayBlock,
            message: "nested object-array pickle at \(start) does not end with STOP",
            offset: start
          )
        )
        end = range.end
        return false
      }
      nestedPickles.append(pickle)
      blockEnd = pickle.end
    }
    skips.append(ByteRange(from: start, to: blockEnd))
    evaluator.replaceTop(with: .opaque)
    if start == evaluator.position {
      evaluator.jump(to: blockEnd)
    } else {
      evaluator.jump(when: start, to: blockEnd)
    }
    return true
  }
}
