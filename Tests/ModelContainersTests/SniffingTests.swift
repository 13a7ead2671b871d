import ModelContainers
import PickleCore
import PickleTestSupport
import Testing

/// Content decides the format, never the name.
@Suite struct SniffingTests {
  @Test(arguments: Corpus.files("containers/renamed"))
  func renamedFilesAreSniffedByContent(_ path: String) throws {
    let name = String(path.split(separator: "/").last ?? "")
    let input = try InputBytes(mapping: Corpus.root + "/" + path)
    let report = ContainerScanner.scan(input, name: name)
    let payload = Array("picklevet-canary-renamed".utf8)
    if name == "image.pt" {
      #expect(report.streams.isEmpty, "a PNG named .pt holds no pickle")
      #expect(report.format == ["png"])
    } else {
      #expect(report.streams.count == 1)
      #expect(
        report.streams.first.map {
          $0.data.contains(payload) || $0.data.contains(Array("renamed-zip".utf8))
        } == true
      )
    }
    let mismatch = report.anomalies.contains { $0.kind == .extensionMismatch }
    #expect(mismatch == !(name == "model.bin" || name == "blob"))
  }

  @Test func everyBenignPickleIsFoundUnderAnyName() throws {
    let pickles = Corpus.files("benign/stdlib", suffix: ".pkl").prefix(10)
    for path in pickles {
      let bytes = try Corpus.bytes(path)
      for name in ["x.bin", "x.safetensors", "x.json", "x"] {
        let report = ContainerScanner.scan(InputBytes(bytes), name: name)
        #expect(
          report.streams.count == 1 && report.streams.first?.kind == .pickle,
          "\(path) as \(name)"
        )
        let mismatch = report.anomalies.contains { $0.kind == .extensionMismatch }
        #expect(mismatch == (name == "x.safetensors" || name == "x.json"))
      }
    }
  }

  @Test func emptyAndTextFilesHoldNoPickle() {
    for text in ["", "hello world\n", "{\"a\": 1}", "# readme\n"] {
      for name in ["f.txt", "README.md", "config.json"] {
        let report = ContainerScanner.scan(InputBytes(Array(text.utf8)), name: name)
        #expect(report.streams.isEmpty, "\(text)")
        #expect(report.anomalies.isEmpty, "text named \(name) is what it says")
      }
    }
  }

  @Test func pickleAfterAnImageSignatureIsAnAnomalyNotAStream() throws {
    let pickle = try Corpus.bytes("benign/stdlib/datetime-p4.pkl")
    let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    let report = ContainerScanner.scan(InputBytes(png + pickle), name: "image.png")
    #expect(report.streams.isEmpty, "no loader runs a pickle from offset 8")
    #expect(report.anomalies.map(\.kind) == [.polyglot])
    #expect(report.anomalies.first?.location.offset == 8)
  }

  @Test func bzipMagicThatIsAlsoAPickleIsAnalyzedAsOne() {
    // `BZh9` + 0x00 is BINBYTES of 0x0039685A bytes: pickle.load pushes them, pops them, and
    // runs what follows, while joblib and bz2 see a broken bzip2 stream.
    let length = 0x0039_685A
    var bytes: [UInt8] = Array("BZh9".utf8) + [0x00] + [UInt8](repeating: 0x41, count: length)
    bytes += Array("0cos\nsystem\nX\u{04}\u{00}\u{00}\u{00}true\u{85}R.".utf8)
    let report = ContainerScanner.scan(InputBytes(bytes), name: "model.bz2")
    #expect(report.anomalies.contains { $0.kind == .polyglot })
    let stream = report.streams.first
    #expect(report.streams.count == 1 && stream?.kind == .pickle)
    #expect(stream.map { StreamWalk($0).globals } == ["os.system"])
  }

  @Test func brokenGzipIsReportedNotClean() {
    let bytes: [UInt8] = [0x1F, 0x8B] + Array("not gzip".utf8)
    let report = ContainerScanner.scan(InputBytes(bytes), name: "x.gz")
    #expect(report.format == ["gzip"])
    #expect(
      report.anomalies.contains { $0.kind == .decompressionError || $0.kind == .truncatedContainer }
    )
  }
}
