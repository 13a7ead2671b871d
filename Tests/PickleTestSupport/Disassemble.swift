import PickleCore

/// Disassembles `bytes` into lines, for tests.
public func disassemble(_ bytes: [UInt8], format: Disassembler.Format = .text)
  -> (lines: [String], outcome: Disassembler.Outcome)
{
  var lines: [String] = []
  let outcome = bytes.withUnsafeBytes { raw in
    Disassembler(format: format).run(raw) { lines.append($0) }
  }
  return (lines, outcome)
}

/// Every instruction of `bytes` up to the first read error, and that error.
public func readAll(_ bytes: [UInt8]) -> (instructions: [Instruction], error: ReadError?) {
  bytes.withUnsafeBytes { raw in
    var reader = OpcodeReader(raw)
    var instructions: [Instruction] = []
    do throws(ReadError) {
      while let instruction = try reader.next() { instructions.append(instruction) }
      return (instructions, nil)
    } catch {
      return (instructions, error)
    }
  }
}
