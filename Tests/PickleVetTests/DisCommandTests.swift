import PickleTestSupport
import PickleVet
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

  @Test func versionIsTheOneReportsCarry() throws {
    let run = try runTool(["--version"])
    #expect(run.status == 0)
    #expect(run.stdout == ToolInfo.version + "\n")
  }

  @Test func usageErrorExits64() throws {
    let run = try runTool(["dis", "--format", "yaml", "x.pkl"])
    #expect(run.status == 64)
  }
}

/// `dis` and `graph` read the pickles inside containers, not only raw pickle files.
@Suite struct ContainerCommandTests {
  @Test func disJumpsOverJoblibArrayBlocks() throws {
    let run = try runTool(["dis", Corpus.root + "/benign/joblib/dict-of-arrays.joblib"])
    #expect(run.status == 0)
    #expect(run.stdout.hasPrefix("# stream: file @ 0 (joblib)\n"))
    #expect(
      run.stdout.components(separatedBy: "bytes the container keeps between opcodes").count == 4
    )
    #expect(!run.stdout.contains("error at"))
  }

  @Test func disShowsEveryPickleOfATorchZip() throws {
    let run = try runTool([
      "dis", "--format", "jsonl", Corpus.root + "/benign/torch/linear-state.pt",
    ])
    #expect(run.status == 0)
    #expect(run.stdout.hasPrefix(#"{"stream":"linear-state/data.pkl @ 0 (torchZipPickle)"}"#))
    #expect(run.stdout.contains(#""op":"BINPERSID""#))
  }

  @Test func graphSeesBothCopiesOfADuplicatedMember() throws {
    let run = try runTool([
      "graph", Corpus.root + "/malicious/container/torch-zip-dup-benign-first.pt",
    ])
    #expect(run.status == 0)
    #expect(run.stdout.components(separatedBy: "# stream: archive/data.pkl").count == 3)
    #expect(
      run.stdout.contains("os.system('touch /tmp/picklevet-canary-torch-zip-dup-benign-first')")
    )
  }
}
