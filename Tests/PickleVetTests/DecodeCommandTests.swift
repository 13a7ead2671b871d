import PickleTestSupport
import Testing

/// `decode` end to end through containers and the real sandbox: every benign corpus file
/// decodes, every malicious one is refused naming a global.
@Suite struct DecodeCommandTests {
  static let benign = Corpus.manifest("benign").map(\.path)
  static let malicious = Corpus.manifest("malicious").map(\.path)

  @Test func manifestsAreThere() {
    #expect(Self.benign.count >= 100 && Self.malicious.count >= 150)
  }

  @Test(arguments: benign)
  func benignFileDecodes(_ path: String) throws {
    let run = try runTool(["decode", "--summary", Corpus.root + "/" + path])
    #expect(run.status == 0, "\(run.stderr)")
  }

  @Test(arguments: malicious)
  func maliciousFileIsRefused(_ path: String) throws {
    let run = try runTool(["decode", Corpus.root + "/" + path])
    #expect(run.status == 1 || run.status == 2, "\(run.stdout.prefix(200))")
    #expect(
      run.stderr.contains("refused") || run.stderr.contains("violation")
        || run.stderr.contains("limit")
    )
  }

  @Test func torchInventoryThroughTheZip() throws {
    let run = try runTool(["decode", "--summary", Corpus.root + "/benign/torch/linear-state.pt"])
    #expect(run.status == 0)
    #expect(run.stdout.contains("weight  tensor  float32  [3, 4]     48"))
    #expect(run.stdout.hasSuffix("2 tensor(s)/array(s), 60 bytes\n"))
  }
}
