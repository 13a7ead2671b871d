import Foundation
import PickleTestSupport
import PickleVet
import Testing

/// The `scan` command end to end: stdout of every format against goldens, and exit codes.
@Suite struct ScanCommandTests {
  static let sample = [
    "benign/numpy/bool-p2.pkl",
    "benign/torch/linear-state.pt",
    "benign/joblib/dict-of-arrays.joblib",
    "malicious/exec/os-system-p2.pkl",
    "malicious/evasion/memo-callable-binget-p2.pkl",
    "malicious/container",
    "missing-file.pkl",
  ]

  static let goldens = Corpus.root + "/../Tests/PickleVetTests/Goldens"

  @Test(arguments: ["text", "json", "jsonl", "sarif"])
  func outputMatchesGolden(_ format: String) throws {
    let run = try runTool(
      ["scan", "--format", format, "--no-progress", "--no-color", "-j", "2"] + Self.sample,
      directory: Corpus.root
    )
    #expect(run.status == 1, "a malicious file must make the exit status 1: \(run.stderr)")
    let goldenPath = Self.goldens + "/scan-sample.\(format)"
    if ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] != nil {
      try run.stdout.write(toFile: goldenPath, atomically: true, encoding: .utf8)
      Issue.record("rewrote \(goldenPath)")
      return
    }
    let golden = try String(contentsOfFile: goldenPath, encoding: .utf8)
    #expect(run.stdout == golden)
  }

  @Test func sameInputGivesByteIdenticalOutput() throws {
    let arguments = ["scan", "--format", "json", "--no-progress", "-j", "2", "malicious", "benign"]
    let first = try runTool(arguments, directory: Corpus.root)
    let second = try runTool(
      ["scan", "--format", "json", "--no-progress", "-j", "1", "malicious", "benign"],
      directory: Corpus.root
    )
    #expect(first.stdout == second.stdout)
    #expect(first.stdout.count > 10_000)
  }

  @Test func exitStatusFollowsFailOn() throws {
    let safe = try runTool(
      ["scan", "--no-progress", "benign/numpy/bool-p2.pkl"],
      directory: Corpus.root
    )
    #expect(safe.status == 0)
    let bad = "malicious/exec/os-system-p2.pkl"
    #expect(try runTool(["scan", "--no-progress", bad], directory: Corpus.root).status == 1)
    #expect(
      try runTool(["scan", "--no-progress", "--fail-on", "never", bad], directory: Corpus.root)
        .status == 0
    )
    let missing = try runTool(
      ["scan", "--no-progress", "no-such-file.pkl"],
      directory: Corpus.root
    )
    #expect(missing.status == 2)
    let both = try runTool(
      ["scan", "--no-progress", "no-such-file.pkl", bad],
      directory: Corpus.root
    )
    #expect(both.status == 1, "a finding is never masked by an error")
    #expect(try runTool(["scan", "--format", "yaml", bad], directory: Corpus.root).status == 64)
  }

  @Test func budgetScaleFinishesABigHonestPickle() throws {
    // PROTO 4, NONE, then one MEMOIZE more than the default memo budget allows, STOP.
    let memoEntries = AnalysisLimits().maxMemoEntries + 1
    let bytes: [UInt8] = [0x80, 0x04, 0x4E] + Array(repeating: 0x94, count: memoEntries) + [0x2E]
    let capped = try runTool(["scan", "--format", "jsonl", "--no-progress", "-"], stdin: bytes)
    #expect(capped.status == 1)
    #expect(capped.stdout.contains(#""verdict":"suspicious""#))
    #expect(capped.stdout.contains("PKL101"))
    let scaled = try runTool(
      ["scan", "--format", "jsonl", "--no-progress", "--budget-scale", "2", "-"],
      stdin: bytes
    )
    #expect(scaled.status == 0)
    #expect(scaled.stdout.contains(#""verdict":"safe""#))
    #expect(try runTool(["scan", "--budget-scale", "0", "x.pkl"]).status == 64)
  }

  @Test func standardInputIsScanned() throws {
    let bytes = try Corpus.bytes("malicious/exec/os-system-p2.pkl")
    let run = try runTool(["scan", "--format", "jsonl", "--no-progress", "-"], stdin: bytes)
    #expect(run.status == 1)
    #expect(run.stdout.contains(#""path":"-""#))
    #expect(run.stdout.contains(#""verdict":"malicious""#))
  }

  @Test func filesFromReadsAListByLineOrByNUL() throws {
    let safe = "benign/numpy/bool-p2.pkl"
    let bad = "malicious/exec/os-system-p2.pkl"
    let byLine = try runTool(
      ["scan", "--format", "jsonl", "--no-progress", "--files-from", "-"],
      stdin: Array("\(safe)\n\(bad)\n\n".utf8),
      directory: Corpus.root
    )
    #expect(byLine.status == 1)
    let lines = byLine.stdout.split(separator: "\n")
    #expect(lines.count == 2)
    #expect(lines.first?.contains(#""path":"\#(safe)""#) == true)
    #expect(lines.last?.contains(#""verdict":"malicious""#) == true)

    // A NUL-separated list in a file, and a path on the command line as well.
    let list = FileManager.default.temporaryDirectory
      .appendingPathComponent("picklevet-list-\(UUID().uuidString)").path
    try Data(Array("\(safe)\u{0}\(bad)\u{0}".utf8)).write(to: URL(fileURLWithPath: list))
    defer { try? FileManager.default.removeItem(atPath: list) }
    let byNUL = try runTool(
      [
        "scan", "--format", "jsonl", "--no-progress", "--files-from", list,
        "benign/torch/linear-state.pt",
      ],
      directory: Corpus.root
    )
    #expect(byNUL.stdout.split(separator: "\n").count == 3)
    #expect(byNUL.status == 1)

    #expect(try runTool(["scan", "--files-from", list + ".missing"]).status == 64)
    #expect(try runTool(["scan", "--files-from", "-", "-"], stdin: []).status == 64)
  }
}
