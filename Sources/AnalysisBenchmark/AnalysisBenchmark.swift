import ModelContainers
import PickleAnalysis
import PickleCore

#if canImport(Glibc)
import Glibc
#endif

/// Times `PickleAnalyzer.analyze` on a file: `swift run -c release AnalysisBenchmark FILE [--runs N] [--dump] [--containers] [--bare]`.
@main
struct AnalysisBenchmark {
  static func main() {
    var arguments = Array(CommandLine.arguments.dropFirst())
    let dump = arguments.contains("--dump")
    arguments.removeAll { $0 == "--dump" || $0 == "--bare" || $0 == "--containers" }
    var runs = 5
    if let index = arguments.firstIndex(of: "--runs"), index + 1 < arguments.count {
      runs = Int(arguments[index + 1]) ?? runs
      arguments.removeSubrange(index...(index + 1))
    }
    guard let path = arguments.first else {
      printError("usage: AnalysisBenchmark FILE [--runs N] [--dump] [--containers] [--bare]")
      exit(64)
    }
    let input: InputBytes
    do {
      input = try InputBytes(mapping: path)
    } catch {
      printError("AnalysisBenchmark: \(error)")
      exit(2)
    }
    var best = Double.infinity
    var analysis = Analysis()
    for _ in 0..<max(1, runs) {
      let start = now()
      analysis = input.withUnsafeBytes { PickleAnalyzer.analyze($0) }
      best = min(best, now() - start)
    }
    if CommandLine.arguments.contains("--containers") {
      // The container layer's walk, which also finds plain-data pickles' shapes.
      var containerBest = Double.infinity
      var plain = false
      for _ in 0..<max(1, runs) {
        let start = now()
        let report = ContainerScanner.scan(input, name: path)
        plain = report.streams.first?.plainShape != nil
        containerBest = min(containerBest, now() - start)
      }
      print("container walk: \(format(containerBest)) s, plain-data shape found: \(plain)")
    }
    if CommandLine.arguments.contains("--bare") {
      var bareBest = Double.infinity
      var count = 0
      for _ in 0..<max(1, runs) {
        let start = now()
        count = input.withUnsafeBytes { raw in
          var reader = OpcodeReader(raw)
          var n = 0
          while let next = try? reader.next() {
            n &+= Int(next.opcode.rawValue)
          }
          return n
        }
        bareBest = min(bareBest, now() - start)
      }
      print(
        "bare OpcodeReader walk: \(format(bareBest * 1e9 / Double(max(input.count, 1)))) ns/byte (\(count))"
      )
    }
    if dump {
      for call in analysis.graph.calls {
        print("#\(call.id) \(call.pseudoPython)  # \(call.kind) @\(call.offset) \(call.liveness)")
      }
      for anomaly in analysis.anomalies {
        print("! \(anomaly.kind) @\(anomaly.offset): \(anomaly.message)")
      }
      print("coverage: \(analysis.coverage)")
      var pending = analysis.nested.map { ($0, 1) }
      while let (nested, level) = pending.popLast() {
        let indent = String(repeating: "  ", count: level)
        print(
          "\(indent)nested \(nested.deserializer) of call #\(nested.callID), depth \(nested.depth), transforms \(nested.transforms), \(nested.byteCount) bytes"
        )
        for call in nested.analysis?.graph.calls ?? [] {
          print("\(indent)  #\(call.id) \(call.pseudoPython)  # \(call.liveness)")
        }
        for anomaly in nested.analysis?.anomalies ?? [] {
          print("\(indent)  ! \(anomaly.kind) @\(anomaly.offset): \(anomaly.message)")
        }
        pending += (nested.analysis?.nested ?? []).map { ($0, level + 1) }
      }
    }
    let bytes = Double(max(input.count, 1))
    let stats = analysis.statistics
    print(
      "PickleVet analysis: \(format(best)) s, \(format(best * 1e9 / bytes)) ns/byte, "
        + "\(Int(Double(stats.opcodes) / best)) opcodes/s, \(format(bytes / best / 1e6)) MB/s, "
        + "\(stats.opcodes) opcodes, \(analysis.graph.calls.count) calls, "
        + "peak RSS \(peakRSSMiB()) MiB"
    )
  }

  static func now() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
  }

  static func peakRSSMiB() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss / 1024
  }

  static func format(_ value: Double) -> String {
    let scaled = (value * 1000).rounded() / 1000
    return String(scaled)
  }

  static func printError(_ message: String) {
    let line = message + "\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
  }
}
