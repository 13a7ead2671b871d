import PickleCore

/// The abstract pickle machine: CPython's stack, mark stack and memo over abstract values.
///
/// One machine walks one stream (every pickle in it, back to back). It never recurses on input
/// structure: containers are arena nodes, and the walks over them (literals, liveness) use explicit
/// work lists.
struct SymbolicMachine {
  let limits: AnalysisLimits
  let cursor: ByteCursor
  let depth: Int
  /// The protocol of each opcode byte (read per opcode, so kept out of ``OpcodeTable``'s rows).
  let opcodeProtocols: [UInt8]

  // Arena.
  var nodes: [Node] = []
  var chunks: [Chunk] = []
  var pool: [Value] = []
  var symbols: [Symbol] = []
  var computed: [Computed] = []
  var dynamics: [Dynamic] = []
  var bigInts: [PyInt] = []

  // Machine state of the current pickle.
  var stack: [Value] = []
  var marks: [Int] = []
  var fence = 0
  var memoDense: [Value] = []
  var memoSparse: [Int64: Value] = [:]
  var memoCount = 0
  var proto = 0
  var opcodesInPickle = 0
  var highestOpcodeProtocol = 0
  /// Set when CPython would have raised: calls of this pickle have unknown liveness.
  var broken = false
  var reportedAboveProtocol = false
  var sawProto = false

  // Results.
  var calls: [Call] = []
  var callNodes: [Int32] = []
  var callSymbols: [Int32] = []
  var references: [GlobalReference] = []
  var builds: [BuildEdge] = []
  var anomalies: [Anomaly] = []
  var droppedAnomalies = 0
  var pickles: [PickleSummary] = []
  var payloads: [PendingPayload] = []
  var incomplete: [String] = []
  var statistics = Statistics()
  /// Budgets already reported: a bit per ``Budget`` without detail, a set for those with one.
  var reportedBudgets: UInt16 = 0
  var reportedDetails: Set<BudgetHit> = []
  /// Set when a limit stops the walk.
  var halted = false
  /// Trampolines being seen through right now (`operator.call(operator.call, …)` nests).
  var dispatchDepth = 0
  /// Bytes computed at load time so far (decoded payloads, joined strings), against
  /// `maxNestedBytes`.
  var computedBytes = 0

  /// Text or bytes computed at load time.
  enum Computed {
    case text(String)
    case bytes([UInt8], transforms: [String])
  }

  /// Something not statically known, described.
  struct Dynamic {
    var description: String
    var via: [QualifiedName]
    var sourceOffset: Int?
  }

  /// Bytes handed to a deserializer, analysed after the walk.
  struct PendingPayload {
    var callID: Int
    var deserializer: QualifiedName
    var bytes: [UInt8]
    var transforms: [String]
    var offset: Int
  }

  init(cursor: ByteCursor, limits: AnalysisLimits, depth: Int) {
    self.cursor = cursor
    self.limits = limits
    self.depth = depth
    opcodeProtocols = OpcodeTable.protocolByByte
    stack.reserveCapacity(256)
  }

  // MARK: anomalies and limits

  mutating func anomaly(_ kind: Anomaly.Kind, at offset: Int, _ message: String) {
    guard anomalies.count < limits.maxAnomalies else {
      droppedAnomalies += 1
      return
    }
    anomalies.append(Anomaly(kind, at: offset, message))
  }

  /// `operator.call(operator.call, …)` chains seen through before giving up.
  static let maxTrampolineNesting = 16

  /// The analysis budgets a stream can run out of.
  enum Budget: UInt8 {
    case opcodes, stackDepth, memoEntries, values, calls, memoFanOut, nestedPayload,
      computedBytes, trampolineNesting
  }

  /// A budget hit reported on its own: per memo key, per payload size.
  struct BudgetHit: Hashable {
    let budget: Budget
    let detail: Int64
  }

  /// Records a limit once per budget (and `detail`, for budgets reported per memo key or per
  /// payload); `halt` stops the walk there.
  ///
  /// Hostile inputs hit a budget once per opcode past it, so a repeat costs a bit test, and the
  /// message is built only the first time.
  mutating func limitHit(_ budget: Budget, detail: Int64? = nil, at offset: Int, halt: Bool) {
    if halt { halted = true }
    if let detail {
      guard reportedDetails.insert(BudgetHit(budget: budget, detail: detail)).inserted else {
        return
      }
    } else {
      let bit: UInt16 = 1 << budget.rawValue
      guard reportedBudgets & bit == 0 else { return }
      reportedBudgets |= bit
    }
    let what = budgetMessage(budget, detail: detail ?? 0)
    anomalies.append(Anomaly(.limitExceeded, at: offset, what))
    incomplete.append(what)
  }

  func budgetMessage(_ budget: Budget, detail: Int64) -> String {
    switch budget {
    case .opcodes: "opcode limit \(limits.maxOpcodes) reached"
    case .stackDepth: "stack depth limit \(limits.maxStackDepth) reached"
    case .memoEntries: "memo entry limit \(limits.maxMemoEntries) reached"
    case .values: "value limit \(limits.maxValues) reached"
    case .calls: "call limit \(limits.maxCalls) reached"
    case .memoFanOut: "memo fan-out limit \(limits.maxGetsPerEntry) reached (memo key \(detail))"
    case .nestedPayload: "nested payload of \(detail) bytes exceeds \(limits.maxNestedBytes)"
    case .computedBytes: "computed bytes limit \(limits.maxNestedBytes) reached"
    case .trampolineNesting: "trampoline nesting limit \(Self.maxTrampolineNesting) reached"
    }
  }

  // MARK: stack

  @inline(__always)
  mutating func push(_ value: Value, at offset: Int) {
    stack.append(value)
    if stack.count > statistics.maxStackDepth {
      statistics.maxStackDepth = stack.count
      if stack.count > limits.maxStackDepth {
        limitHit(.stackDepth, at: offset, halt: true)
      }
    }
  }

  /// Pops the top, as `Pdata_pop`: never below the current mark's fence.
  @inline(__always)
  mutating func pop(at offset: Int, _ opcode: String) -> Value {
    guard stack.count > fence else {
      underflow(at: offset, opcode)
      return .unknown
    }
    return stack.removeLast()
  }

  /// The top of the stack, or `nil` (and an underflow) when the current frame is empty.
  @inline(__always)
  mutating func top(at offset: Int, _ opcode: String) -> Value? {
    guard stack.count > fence else {
      underflow(at: offset, opcode)
      return nil
    }
    return stack[stack.count - 1]
  }

  mutating func underflow(at offset: Int, _ opcode: String) {
    broken = true
    anomaly(.stackUnderflow, at: offset, "\(opcode) pops from an empty stack frame")
  }

  /// Pops the innermost mark, as `marker()`; without one, CPython raises and we use the fence.
  mutating func marker(at offset: Int, _ opcode: String) -> Int {
    guard let mark = marks.popLast() else {
      broken = true
      anomaly(.markMisuse, at: offset, "\(opcode) without a MARK")
      return fence
    }
    fence = marks.last ?? 0
    return min(mark, stack.count)
  }

  // MARK: memo

  mutating func memoPut(_ key: Int64, _ value: Value, at offset: Int) {
    let denseLimit = max(1 << 16, 2 * memoDense.count)
    if key >= 0, key < Int64(denseLimit) {
      let index = Int(key)
      if index == memoDense.count, memoCount < limits.maxMemoEntries {
        memoDense.append(value)
        memoCount += 1
        if memoCount > statistics.maxMemoEntries { statistics.maxMemoEntries = memoCount }
        return
      }
      if index >= memoDense.count {
        guard memoCount < limits.maxMemoEntries else { return memoLimit(at: offset) }
        memoDense.append(contentsOf: repeatElement(.unset, count: index + 1 - memoDense.count))
      }
      if memoDense[index].tag == .unset {
        guard memoCount < limits.maxMemoEntries else { return memoLimit(at: offset) }
        memoCount += 1
      } else {
        anomaly(.memoOverwrite, at: offset, "memo key \(key) is overwritten")
      }
      memoDense[index] = value
    } else {
      if memoSparse.updateValue(value, forKey: key) == nil {
        guard memoCount < limits.maxMemoEntries else {
          memoSparse[key] = nil
          return memoLimit(at: offset)
        }
        memoCount += 1
      } else {
        anomaly(.memoOverwrite, at: offset, "memo key \(key) is overwritten")
      }
    }
    if memoCount > statistics.maxMemoEntries { statistics.maxMemoEntries = memoCount }
  }

  mutating func memoLimit(at offset: Int) {
    limitHit(.memoEntries, at: offset, halt: false)
  }

  @inline(__always)
  func memoGet(_ key: Int64) -> Value? {
    if key >= 0, key < Int64(memoDense.count) {
      let value = memoDense[Int(key)]
      return value.tag == .unset ? nil : value
    }
    return memoSparse[key]
  }

  mutating func resetPickleState() {
    stack.removeAll(keepingCapacity: true)
    marks.removeAll(keepingCapacity: true)
    fence = 0
    memoDense.removeAll(keepingCapacity: true)
    memoSparse.removeAll()
    memoCount = 0
    proto = 0
    opcodesInPickle = 0
    highestOpcodeProtocol = 0
    broken = false
    reportedAboveProtocol = false
    sawProto = false
  }
}
