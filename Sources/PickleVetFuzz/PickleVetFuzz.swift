import Glibc
import ModelContainers
import PickleCore
import PickleRules
import PickleVet
import RestrictedDecoder

/// The libFuzzer targets, one binary chosen by `PICKLEVET_FUZZ_TARGET`.
///
/// `Tools/fuzz/run.sh` builds and runs them. SwiftPM links executables with its own `main`, so this `main` hands control to libFuzzer.
enum FuzzTarget: String, CaseIterable {
  /// The opcode reader alone, to the end of every stream.
  case reader
  /// Containers, symbolic machine and rules: the whole `scan` path.
  case scan
  /// Container sniffing and readers (zip, tar, npy, joblib, decompression).
  case containers
  /// The rule-language lexer, parser and checker.
  case rules
  /// The restricted decoder (in process; the sandbox is not what is fuzzed).
  case decoder

  static let selected: FuzzTarget = {
    guard let name = getenv("PICKLEVET_FUZZ_TARGET").map({ String(cString: $0) }),
      let target = FuzzTarget(rawValue: name)
    else {
      let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")
      fail("set PICKLEVET_FUZZ_TARGET to one of \(names)", status: 64)
    }
    return target
  }()

  static let scanner: Scanner = {
    do { return try Scanner() } catch {
      fail("shipped rules do not load: \(error)", status: 70)
    }
  }()

  func run(_ raw: UnsafeRawBufferPointer) {
    switch self {
    case .reader:
      var reader = OpcodeReader(raw)
      while true {
        do throws(ReadError) {
          guard try reader.next() != nil else { return }
        } catch {
          return
        }
      }
    case .scan:
      _ = Self.scanner.scan(bytes: Array(raw), name: "fuzz")
    case .containers:
      _ = ContainerScanner.scan(InputBytes(Array(raw)), name: "fuzz")
    case .rules:
      _ = RuleSet.parse(String(decoding: raw, as: UTF8.self), file: "fuzz.rules")
    case .decoder:
      _ = RestrictedDecoder.decodeAll(raw)
    }
  }
}

/// libFuzzer's entry point: one input through the selected target.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  FuzzTarget.selected.run(UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size))
  return 0
}

#if FUZZING
typealias FuzzCallback = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
  _ argc: UnsafeMutablePointer<CInt>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
  _ callback: FuzzCallback
) -> CInt
#endif

@main struct FuzzMain {
  static func main() {
    #if FUZZING
    _ = FuzzTarget.selected
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput))
    #else
    // A plain build replays the files it is given, so crashes reproduce without libFuzzer.
    for path in CommandLine.arguments.dropFirst() {
      guard let input = try? InputBytes(mapping: path) else {
        fail("cannot read \(path)", status: 66)
      }
      input.withUnsafeBytes { FuzzTarget.selected.run($0) }
    }
    #endif
  }
}

func fail(_ message: String, status: CInt) -> Never {
  let line = Array((message + "\n").utf8)
  _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
  exit(status)
}
