import PickleCore

#if canImport(Glibc)
import Glibc
#endif

/// Walks every opcode of a file with `OpcodeReader` and prints ns/byte and opcodes/s.
///
/// Usage: `swift run -c release ReaderBenchmark FILE [REPEATS]` (best of REPEATS, default 5).
@main
struct ReaderBenchmark {
  static func main() throws {
    let arguments = CommandLine.arguments
    guard arguments.count >= 2 else {
      print("usage: ReaderBenchmark FILE [REPEATS]")
      exit(64)
    }
    let repeats = arguments.count > 2 ? Int(arguments[2]) ?? 5 : 5
    let input = try InputBytes(mapping: arguments[1])
    var best = Double.infinity
    var opcodes = 0
    for _ in 0..<repeats {
      let start = now()
      opcodes = input.withUnsafeBytes { walk($0) }
      best = min(best, now() - start)
    }
    let nsPerByte = best * 1e9 / Double(max(input.count, 1))
    print(
      "PickleVet OpcodeReader: \(format(best)) s, \(format(nsPerByte)) ns/byte, "
        + "\(Int(Double(opcodes) / best)) opcodes/s, \(opcodes) opcodes, \(input.count) bytes"
    )
  }

  static func walk(_ raw: UnsafeRawBufferPointer) -> Int {
    var count = 0
    var start = 0
    while start < raw.count {
      var reader = OpcodeReader(raw, start: start)
      do {
        while let instruction = try reader.next() {
          count += 1
          if instruction.opcode == .stop { break }
        }
      } catch {
        break
      }
      if reader.position == start { break }
      start = reader.position
    }
    return count
  }

  static func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
  }

  static func format(_ value: Double) -> String {
    let scaled = (value * 1000).rounded() / 1000
    return String(scaled)
  }
}
