import PickleCore

extension SymbolicMachine {
  /// Walks every pickle of `raw[start..<end]`.
  mutating func run(_ raw: UnsafeRawBufferPointer, start: Int, end: Int, skips: [ByteRange]) {
    reserve(forBytes: end - start)
    var reader = OpcodeReader(raw, start: start, end: end)
    var nextSkip = 0
    var skipped = 0
    var nextSkipStart = skips.first?.start ?? Int.max
    func applySkips(_ reader: inout OpcodeReader) {
      guard reader.position >= nextSkipStart else { return }
      while nextSkip < skips.count, skips[nextSkip].end <= reader.position { nextSkip += 1 }
      if nextSkip < skips.count, reader.position >= skips[nextSkip].start {
        skipped += skips[nextSkip].end - reader.position
        reader.seek(to: skips[nextSkip].end)
        nextSkip += 1
      }
      nextSkipStart = nextSkip < skips.count ? skips[nextSkip].start : Int.max
    }
    if start == end {
      anomaly(.truncated, at: start, "the stream is empty")
      incomplete.append("the stream is empty")
    }
    var pickleCount = 0
    var secondPickle: Int?
    streams: while !halted {
      applySkips(&reader)
      if reader.isAtEnd { break }
      if pickleCount > 0 {
        var probe = reader
        do {
          guard try probe.next() != nil else { break }
        } catch {
          let count = end - reader.position
          anomaly(
            .trailingData,
            at: reader.position,
            "\(count) byte(s) after the last STOP are no pickle"
          )
          break
        }
        if secondPickle == nil { secondPickle = reader.position }
      }
      pickleCount += 1
      let pickleStart = reader.position
      resetPickleState()
      let firstCall = calls.count
      let firstNode = nodes.count
      var result: Value?
      var readError: ReadError?
      opcodes: while !halted {
        if reader.position >= nextSkipStart { applySkips(&reader) }
        let instruction: Instruction
        do throws(ReadError) {
          guard let next = try reader.next() else { break opcodes }
          instruction = next
        } catch {
          readError = error
          break opcodes
        }
        statistics.opcodes += 1
        opcodesInPickle += 1
        if statistics.opcodes > limits.maxOpcodes {
          limitHit(.opcodes, at: instruction.offset, halt: true)
          break
        }
        observe(instruction)
        if let value = step(instruction) {
          result = value
          break opcodes
        }
      }
      let complete = result != nil
      if !complete, !halted {
        if let error = readError {
          let kind: Anomaly.Kind =
            switch error.code {
            case .unknownOpcode: .unknownOpcode
            case .truncated, .lengthOutOfRange, .missingNewline: .truncated
            default: .malformedArgument
            }
          anomaly(kind, at: error.offset, error.message)
          incomplete.append("stream broken at byte \(error.offset)")
        } else {
          anomaly(.truncated, at: reader.position, "the stream ends before STOP")
          incomplete.append("stream ends before STOP at byte \(reader.position)")
        }
      }
      pickles.append(
        PickleSummary(
          start: pickleStart,
          end: readError?.offset ?? reader.position,
          declaredProtocol: proto,
          highestOpcodeProtocol: highestOpcodeProtocol,
          complete: complete,
          result: result.map { literal($0) }
        )
      )
      settleLiveness(result: result, firstCall: firstCall, firstNode: firstNode, complete: complete)
      if !complete { break streams }
    }
    if let secondPickle {
      anomaly(.multiplePickles, at: secondPickle, "\(pickleCount) pickles in one stream")
    }
    statistics.bytes = max(0, min(reader.position, end) - start - skipped)
  }

  /// Reserves arena space in proportion to the input, so growth never copies on dense pickles.
  ///
  /// Reserved pages that are never written cost no memory.
  mutating func reserve(forBytes count: Int) {
    let values = min(count / 2, 1 << 24, limits.maxValues * 8)
    let nodeCount = min(count / 8, limits.maxValues)
    pool.reserveCapacity(values)
    nodes.reserveCapacity(nodeCount)
    chunks.reserveCapacity(nodeCount)
    memoDense.reserveCapacity(min(count / 8, limits.maxMemoEntries))
  }

  /// Protocol and parser checks that apply to every opcode.
  @inline(__always)
  mutating func observe(_ instruction: Instruction) {
    let opcodeProto = Int(opcodeProtocols[Int(instruction.opcode.rawValue)])
    if opcodeProto > highestOpcodeProtocol { highestOpcodeProtocol = opcodeProto }
    let declared = sawProto ? proto : 1
    if opcodeProto > declared, !reportedAboveProtocol, instruction.opcode != .proto {
      reportedAboveProtocol = true
      anomaly(
        .opcodeAboveProtocol,
        at: instruction.offset,
        "\(instruction.info.name) is a protocol \(opcodeProto) opcode in a protocol \(proto) pickle"
      )
    }
    guard let differential = instruction.differential else { return }
    observeDifferential(instruction, differential)
  }

  mutating func observeDifferential(_ instruction: Instruction, _ differential: Differential) {
    switch differential {
    case .frameOverrun(let frameEnd):
      anomaly(
        .frameMismatch,
        at: instruction.offset,
        "\(instruction.info.name) crosses the end of its FRAME at \(frameEnd)"
      )
    case .frameInsideFrame(let previousEnd):
      anomaly(
        .frameMismatch,
        at: instruction.offset,
        "FRAME starts before the previous one ends at \(previousEnd)"
      )
    default:
      anomaly(
        .parserDifferential,
        at: instruction.offset,
        "\(instruction.info.name): \(differential)"
      )
    }
  }

  /// The analysis the walk produced.
  func finish() -> Analysis {
    var anomalies = self.anomalies
    if droppedAnomalies > 0 {
      anomalies.append(
        Anomaly(
          .limitExceeded,
          at: pickles.last?.end ?? 0,
          "\(droppedAnomalies) more anomalies not recorded"
        )
      )
    }
    anomalies.sort { $0.offset < $1.offset }
    var reasons = incomplete
    if droppedAnomalies > 0 { reasons.append("anomaly limit \(limits.maxAnomalies) reached") }
    return Analysis(
      pickles: pickles,
      graph: CallGraph(calls: calls, references: references, builds: builds),
      anomalies: anomalies,
      nested: [],
      coverage: reasons.isEmpty ? .complete : .incomplete(reasons),
      statistics: statistics
    )
  }
}
