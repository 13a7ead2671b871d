import PickleCore
import PickleTestSupport
import RestrictedDecoder
import Testing

@testable import Sandbox

/// Decoding through the real child: the same answers as in-process, and the CLI's exit codes.
@Suite(.enabled(if: Sandbox.isSupported)) struct SandboxDecodeTests {
  static let picklevet = builtProduct("picklevet")

  static var configuration: Sandbox.Configuration {
    var configuration = Sandbox.Configuration()
    configuration.executable = picklevet
    return configuration
  }

  static let corpus = BenignCorpusTests.rawPickles + DecodeGoldenTests.torchPickles

  @Test(arguments: corpus)
  func childAgreesWithInProcessDecode(_ path: String) throws {
    let bytes = try Corpus.bytes(path)
    let expected = try bytes.withUnsafeBytes { try RestrictedDecoder.decodeAll($0).get() }
    let run = Sandbox.run(InputBytes(bytes), configuration: Self.configuration)
    guard case .decoded(let report) = run.outcome else {
      Issue.record("\(path): \(run.outcome.summary) \(run.diagnostics)")
      return
    }
    #expect(report == DecodeReport(expected))
  }

  @Test func childRefusesOSSystemNamingGlobalAndOffset() {
    let bytes: [UInt8] = [0x80, 0x02] + Array("cos\nsystem\n(S'id'\ntR.".utf8)
    let outcome = Sandbox.decode(InputBytes(bytes), configuration: Self.configuration)
    guard case .refused(let refusal) = outcome else {
      Issue.record("\(outcome.summary)")
      return
    }
    #expect(refusal.global == "os.system")
    #expect(refusal.offset == 2)
  }

  @Test func inventoryOnlyDecodeLeavesOutTheJSON() throws {
    var configuration = Self.configuration
    configuration.includeJSON = false
    let bytes = try Corpus.bytes("decode/torch/linear-state.pt.data.pkl")
    let outcome = Sandbox.decode(InputBytes(bytes), configuration: configuration)
    guard case .decoded(let report) = outcome else {
      Issue.record("\(outcome.summary)")
      return
    }
    #expect(report.json.isEmpty)
    #expect(report.inventory.map(\.path) == ["weight", "bias"])
  }

  @Test func emptyInputIsRefusedNotACrash() {
    let outcome = Sandbox.decode(InputBytes([]), configuration: Self.configuration)
    guard case .refused(let refusal) = outcome else {
      Issue.record("\(outcome.summary)")
      return
    }
    #expect(refusal.code == .malformed)
  }

  @Test func oversizedInputIsRejectedBeforeSpawning() {
    var configuration = Self.configuration
    configuration.limits.maxInputBytes = 4
    let outcome = Sandbox.decode(
      InputBytes([0x4E, 0x2E, 0x4E, 0x2E, 0x4E]),
      configuration: configuration
    )
    guard case .failed = outcome else {
      Issue.record("\(outcome.summary)")
      return
    }
  }

  // MARK: - CLI

  struct CLIResult {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  static func cli(_ arguments: [String]) throws -> CLIResult {
    var limits = SandboxLimits()
    limits.wallSeconds = 60
    let run = try ChildProcess.run(
      executable: picklevet,
      arguments: arguments,
      input: UnsafeRawBufferPointer(start: nil, count: 0),
      limits: limits
    )
    return CLIResult(
      status: (run.status >> 8) & 0xFF,
      stdout: String(decoding: run.stdout, as: UTF8.self),
      stderr: String(decoding: run.stderr, as: UTF8.self)
    )
  }

  @Test func cliDecodesToJSON() throws {
    let result = try Self.cli(["decode", Corpus.root + "/benign/stdlib/counter-p3.pkl"])
    #expect(result.status == 0)
    #expect(
      result.stdout == #"{"type":"Counter","items":[["a",5],["b",2],["r",2],["c",1],["d",1]]}"#
        + "\n"
    )
  }

  @Test func cliSummaryMatchesGolden() throws {
    let result = try Self.cli([
      "decode", "--summary", Corpus.root + "/decode/torch/linear-state.pt.data.pkl",
    ])
    #expect(result.status == 0)
    #expect(
      result.stdout == (try Corpus.text("decode/torch/linear-state.pt.data.pkl.inventory.txt"))
    )
  }

  @Test func cliRefusalExitsOne() throws {
    let path = Corpus.root + "/decode/seccomp-policy.pfc"
    let result = try Self.cli(["decode", path])
    #expect(result.status == 1)
    #expect(result.stderr.contains("refused"))
  }

  @Test func cliUnreadableFileExitsTwo() throws {
    let result = try Self.cli(["decode", "/nonexistent/model.pkl"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("cannot read"))
  }

  @Test func cliUsageErrorExits64() throws {
    #expect(try Self.cli(["decode"]).status == 64)
    #expect(try Self.cli(["decode", "--timeout", "0", "x.pkl"]).status == 64)
  }

  @Test func cliNoSandboxSaysWhatItGivesUp() throws {
    let result = try Self.cli([
      "decode", "--no-sandbox", Corpus.root + "/benign/stdlib/counter-p3.pkl",
    ])
    #expect(result.status == 0)
    #expect(result.stderr.contains("WARNING: --no-sandbox"))
    #expect(result.stderr.contains("no seccomp filter"))
  }

  @Test func cliSandboxFailureExitsTwo() throws {
    let result = try Self.cli([
      "decode", "--cpu-seconds", "1", "--timeout", "0.000001",
      Corpus.root + "/benign/stdlib/counter-p3.pkl",
    ])
    #expect(result.status == 2)
    #expect(result.stderr.contains("deadline"))
  }
}
