import PickleCore

/// Follows one pickle on the boundary walk's reader as long as it is plain data, keeping
/// CPython's stack, marks and memo as shapes only.
///
/// It mirrors the analyzer's symbolic machine on the data opcodes: the same pushes, pops, fences
/// and memo keys, and every condition on which the machine reports an anomaly. At the first opcode
/// that can name, call or reference anything, or that the machine would report, it hands the
/// instruction back and the boundary walk goes on without it. A test compares the analysis built
/// from its shapes with the machine's over the corpus and over mutated pickles.
struct PlainShapeWalk {
  enum Outcome {
    /// The pickle was plain data through its `STOP`.
    case plain(PlainPickleShape)
    /// The walk stopped vouching here; `read` opcodes were read, this one included.
    case handOver(Instruction, read: Int)
    case failed(ReadError)
    /// The input ended before a `STOP`, after `read` opcodes.
    case ended(read: Int)
  }

  /// The stack callers give the walk at most; deeper plain stacks are left to the machine, which
  /// bounds them anyway.
  static let stackCapacity = 100_000

  /// A stack slot or memo entry: the container's number, or `scalar`.
  private typealias Slot = Int32
  private static let scalar: Slot = -1
  private static let unset: Slot = .min

  private var shape: PlainPickleShape
  private var marks: [Int] = []
  private var fence = 0
  private var memoDense: [Slot] = []
  private var memoSparse: [Int64: Slot] = [:]
  private var getsByContainer: [Slot: Int] = [:]

  private init(start: Int) { shape = PlainPickleShape(start: start, end: start) }

  /// Reads one pickle from `reader`, with room for `stack.count` slots, vouching for at most
  /// `maxCount` containers and memo entries.
  ///
  /// `mustSee` names the arguments the boundary walk must see itself (joblib's wrapper class
  /// name, torch's legacy magic number): the walk hands those instructions over. With
  /// `reservingMemo`, the memo is sized for the rest of the input up front, as a first pickle
  /// usually is all of it; later pickles of a region do not, so many tiny ones cost no more.
  static func walk(
    _ reader: inout OpcodeReader,
    stack: UnsafeMutableBufferPointer<Int32>,
    maxCount: Int,
    reservingMemo: Bool,
    mustSee: (Instruction) -> Bool
  ) -> Outcome {
    var walk = PlainShapeWalk(start: reader.position)
    if reservingMemo {
      // Pickles memoise about one value per ten bytes; growing by doubling would copy the memo.
      walk.memoDense.reserveCapacity(min(reader.cursor.remaining / 8, maxCount + 1))
    }
    return unsafe walk.run(&reader, stack, maxCount, mustSee)
  }

  private mutating func run(
    _ caller: inout OpcodeReader,
    _ stack: UnsafeMutableBufferPointer<Slot>,
    _ maxCount: Int,
    _ mustSee: (Instruction) -> Bool
  ) -> Outcome {
    // A local copy stays in registers; the caller's reader is in memory.
    var reader = caller
    defer { caller = reader }
    let protocols = OpcodeTable.protocolByByte
    var depth = 0
    var deepest = 0
    var opcodes = 0
    var containers = 0
    var declaredProtocol = 0
    var highestOpcodeProtocol = 0
    var sawProto = false

    func push(_ slot: Slot) -> Bool {
      guard depth < stack.count else { return false }
      unsafe stack[depth] = slot
      depth += 1
      if depth > deepest { deepest = depth }
      return true
    }
    /// The innermost mark, clamped to the stack as the machine's `marker()` does.
    func popMark() -> Int? {
      guard let mark = marks.popLast() else { return nil }
      fence = marks.last ?? 0
      return min(mark, depth)
    }
    /// A new container's slot; past `maxCount`, `scalar`, and the walk gives up.
    func container() -> Slot? {
      guard containers < maxCount else { return nil }
      containers += 1
      return Slot(truncatingIfNeeded: containers - 1)
    }

    while true {
      let read: Instruction?
      do throws(ReadError) {
        read = try reader.next()
      } catch {
        return .failed(error)
      }
      guard let ins = read else { return .ended(read: opcodes) }
      opcodes += 1
      guard ins.differential == nil else { return .handOver(ins, read: opcodes) }
      let op = ins.opcode
      let opcodeProto = Int(protocols[Int(op.rawValue)])
      if opcodeProto > highestOpcodeProtocol { highestOpcodeProtocol = opcodeProto }
      if opcodeProto > (sawProto ? declaredProtocol : 1), op != .proto {
        return .handOver(ins, read: opcodes)
      }
      var vouched = true
      switch op {
      case .none, .newtrue, .newfalse, .int, .binint, .binint1, .binint2, .long, .emptyTuple:
        vouched = push(Self.scalar)
      case .long1, .long4:
        vouched = !mustSee(ins) && push(Self.scalar)
      case .float, .binfloat:
        if case .float = ins.argument { vouched = push(Self.scalar) }
      case .string, .binstring, .shortBinstring, .unicode, .shortBinunicode, .binunicode,
        .binunicode8, .binbytes, .shortBinbytes, .binbytes8, .bytearray8:
        if case .data = ins.argument { vouched = !mustSee(ins) && push(Self.scalar) }
      case .emptyList, .emptyDict, .emptySet:
        guard let slot = container() else { return .handOver(ins, read: opcodes) }
        vouched = push(slot)
      case .list, .tuple, .frozenset, .dict:
        guard let mark = popMark(), op != .dict || (depth - mark) % 2 == 0 else {
          vouched = false
          break
        }
        let empty = op == .tuple && mark == depth
        depth = mark
        guard let slot = empty ? Self.scalar : container() else {
          return .handOver(ins, read: opcodes)
        }
        vouched = push(slot)
      case .tuple1, .tuple2, .tuple3:
        let count = op == .tuple1 ? 1 : op == .tuple2 ? 2 : 3
        guard depth - fence >= count else {
          vouched = false
          break
        }
        depth -= count
        guard let slot = container() else { return .handOver(ins, read: opcodes) }
        vouched = push(slot)
      case .append:
        guard depth - 1 > fence else {
          vouched = false
          break
        }
        depth -= 1
      case .appends, .setitems, .additems:
        guard let mark = popMark(), mark >= 1, op != .setitems || (depth - mark) % 2 == 0 else {
          vouched = false
          break
        }
        depth = mark
      case .setitem:
        guard depth >= 3 else {
          vouched = false
          break
        }
        depth -= 2
      case .mark:
        marks.append(depth)
        fence = depth
      case .pop:
        if let mark = marks.last, mark == depth {
          marks.removeLast()
          fence = marks.last ?? 0
        } else if depth > fence {
          depth -= 1
        } else {
          vouched = false
        }
      case .popMark:
        guard let mark = popMark() else {
          vouched = false
          break
        }
        depth = mark
      case .dup:
        vouched = depth > fence && push(unsafe stack[depth - 1])
      case .put, .binput, .longBinput, .memoize:
        guard depth > fence else {
          vouched = false
          break
        }
        if op == .memoize {
          vouched = memoPut(Int64(shape.memoEntries), unsafe stack[depth - 1], maxCount)
        } else if case .int(let key) = ins.argument {
          vouched = memoPut(key, unsafe stack[depth - 1], maxCount)
        }
      case .get, .binget, .longBinget:
        guard case .int(let key) = ins.argument else { break }
        guard let slot = memoGet(key) else {
          vouched = false
          break
        }
        if slot != Self.scalar {
          let gets = getsByContainer[slot, default: 0] + 1
          getsByContainer[slot] = gets
          if gets > shape.mostGetsOfOneContainer { shape.mostGetsOfOneContainer = gets }
        }
        vouched = push(slot)
      case .proto:
        guard case .int(let version) = ins.argument else { break }
        sawProto = true
        vouched = opcodes == 1 && version <= 5
        if vouched { declaredProtocol = Int(version) }
      case .frame:
        break
      case .stop:
        guard depth == 1, marks.isEmpty else { return .handOver(ins, read: opcodes) }
        shape.end = reader.position
        shape.opcodes = opcodes
        shape.deepestStack = deepest
        shape.containers = containers
        shape.declaredProtocol = declaredProtocol
        shape.highestOpcodeProtocol = highestOpcodeProtocol
        return .plain(shape)
      default:
        // Globals, calls, builds, persistent ids, extension codes, out-of-band buffers.
        vouched = false
      }
      if !vouched { return .handOver(ins, read: opcodes) }
    }
  }

  /// False where the machine reports (an overwritten memo key), and past `maxCount` entries.
  private mutating func memoPut(_ key: Int64, _ slot: Slot, _ maxCount: Int) -> Bool {
    guard shape.memoEntries < maxCount else { return false }
    let denseLimit = max(1 << 16, 2 * memoDense.count)
    if key >= 0, key < Int64(denseLimit) {
      let index = Int(key)
      if index == memoDense.count {
        memoDense.append(slot)
      } else {
        if index > memoDense.count {
          memoDense.append(
            contentsOf: repeatElement(Self.unset, count: index + 1 - memoDense.count)
          )
        }
        guard memoDense[index] == Self.unset else { return false }
        memoDense[index] = slot
      }
    } else {
      guard memoSparse.updateValue(slot, forKey: key) == nil else { return false }
    }
    shape.memoEntries += 1
    return true
  }

  private func memoGet(_ key: Int64) -> Slot? {
    if key >= 0, key < Int64(memoDense.count) {
      let slot = memoDense[Int(key)]
      return slot == Self.unset ? nil : slot
    }
    return memoSparse[key]
  }
}
