import PickleTestSupport
import Testing

/// The `dis` command end to end: the built binary against pickletools goldens and exit codes.
@Suite struct DisCommandTests {
  @Test(arguments: [
    "protocols/p0/recursive.pkl", "protocols/p4/framed-large.pkl", "protocols/crafted/inst.pkl",
  ])
  func textMatchesGolden(_ path: String) throws {
    let run = try runTool(["dis", Corpus.root + "/" + path])
    #expect(run.status == 0)
    #expect(run.stdout == (try Corpus.text(path + ".dis")))
  }

  @Test func jsonlMatchesGolden() throws {
    let path = "protocols/p5/oob-buffers.pkl"
    let run = try runTool(["dis", "--format", "jsonl", Corpus.root + "/" + path])
    #expect(run.status == 0)
    #expect(run.stdout == (try Corpus.text(path + ".jsonl")))
  }

  @Test func brokenStreamExitsOneAndKeepsWhatCameBefore() throws {
    let bytes = Array(try Corpus.bytes("protocols/p2/ints.pkl").dropLast(3))
    let run = try runTool(["dis", "-"], stdin: bytes)
    #expect(run.status == 1)
    #expect(run.stdout.contains("BININT1"))
    #expect(run.stdout.split(separator: "\n").last?.hasPrefix("error at ") == true)
  }

  @Test func missingFileExitsTwo() throws {
    let run = try runTool(["dis", "/nonexistent/picklevet-test.pkl"])
    #expect(run.status == 2)
    #expect(run.stderr.contains("cannot read /nonexistent/picklevet-test.pkl"))
  }

  @Test func usageErrorExits64() throws {
    let run = try runTool(["dis", "--format", "yaml", "x.pkl"])
    #expect(run.status == 64)
  }
}
