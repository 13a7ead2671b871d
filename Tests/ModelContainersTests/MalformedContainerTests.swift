import ModelContainers
import PickleCore
import PickleTestSupport
import Testing

/// The crafted tricks of `Corpus/containers` (made by `Tools/fixtures/make_containers.py`): each
/// raises its anomaly, and every pickle it hides is reported as a stream that reads to the payload.
@Suite struct MalformedContainerTests {
  struct Case: CustomTestStringConvertible, Sendable {
    let path: String
    let anomalies: [String]
    let canaryStreams: Int
    let payloadStartStreams: Int
    let complete: Bool
    var testDescription: String { path }
    var name: String { String(path.split(separator: "/").last ?? "") }
  }

  static let cases: [Case] = {
    guard let table = try? Corpus.text("containers/expectations.tsv") else { return [] }
    return table.split(separator: "\n").dropFirst().compactMap { line in
      let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      guard columns.count == 5, let canary = Int(columns[2]), let starts = Int(columns[3]) else {
        return nil
      }
      return Case(
        path: "containers/" + columns[0],
        anomalies: columns[1].split(separator: ",").map(String.init),
        canaryStreams: canary,
        payloadStartStreams: starts,
        complete: columns[4] == "yes"
      )
    }
  }()

  /// Small enough that bombs stop fast; fixtures that are not bombs need far less.
  static let budget: ContainerBudget = {
    var budget = ContainerBudget()
    budget.maxDecompressedBytes = 16 << 20
    budget.maxStreamBytes = 8 << 20
    return budget
  }()

  static let canary = Array("picklevet-canary".utf8)
  static let payloadStarts = [
    Array("\u{80}\u{02}cos\nsystem\n".unicodeScalars.map { UInt8($0.value) }),
    Array("cos\nsystem\n".utf8),
  ]

  static func scan(_ path: String, budget: ContainerBudget = budget) throws -> ContainerReport {
    let input = try InputBytes(mapping: Corpus.root + "/" + path)
    return ContainerScanner.scan(
      input,
      name: String(path.split(separator: "/").last ?? ""),
      budget: budget
    )
  }

  @Test func everyFixtureHasAnExpectation() {
    let files = Corpus.files("containers").filter { !$0.hasSuffix(".md") && !$0.hasSuffix(".tsv") }
    #expect(Set(files) == Set(Self.cases.map(\.path)))
    #expect(Self.cases.count >= 60)
  }

  @Test(arguments: cases) func trickIsSeen(_ item: Case) throws {
    let report = try Self.scan(item.path)
    let kinds = Set(report.anomalies.map(\.kind.name))
    for expected in item.anomalies {
      #expect(kinds.contains(expected), "missing \(expected); got \(report.anomalies)")
    }
    #expect(report.complete == item.complete, "\(report.anomalies)")
    let carriers = report.streams.filter { $0.readBytes.contains(Self.canary) }
    #expect(carriers.count == item.canaryStreams, "\(report.streams.map(\.location))")
    let starting = carriers.filter { stream in
      Self.payloadStarts.contains { stream.data.starts(with: $0) }
    }
    #expect(starting.count == item.payloadStartStreams)
    for stream in carriers {
      let walk = StreamWalk(stream)
      #expect(walk.globals.contains("os.system"), "\(stream.location) reads to the payload")
    }
  }

  @Test func duplicateNamesAreBothAnalyzed() throws {
    let report = try Self.scan("containers/malformed/zip-duplicate-data-pkl.pt")
    let copies = report.streams.filter { $0.location.members.last == "archive/data.pkl" }
    #expect(copies.count == 2)
    #expect(copies.allSatisfy { $0.kind == .torchZipPickle })
  }

  @Test func storedMembersAreSlicesOfTheMappedFile() throws {
    let input = try InputBytes(mapping: Corpus.root + "/containers/malformed/zip-name-mismatch.pt")
    let report = ContainerScanner.scan(input, name: "zip-name-mismatch.pt")
    let stream = try #require(report.streams.first)
    #expect(stream.bytes === input)
    #expect(stream.range.start > 0)
  }

  @Test func legacyPayloadInTheFourthPickleIsInsideTheStream() throws {
    let report = try Self.scan("containers/malformed/legacy-torch-4th-pickle.pt")
    let stream = try #require(report.streams.first)
    #expect(stream.kind == .torchLegacy)
    let walk = StreamWalk(stream)
    #expect(walk.pickles == 5 && walk.isClean(stream))
  }

  @Test func joblibPayloadAfterAnArrayIsReachedThroughTheSkip() throws {
    let report = try Self.scan("containers/malformed/joblib-payload-after-array.joblib")
    let stream = try #require(report.streams.first)
    #expect(stream.kind == .joblib && stream.skips.count == 1)
    let walk = StreamWalk(stream, keepOpcodes: true)
    #expect(walk.isClean(stream))
    #expect(walk.globals.last == "os.system")
    #expect(walk.opcodes.suffix(5) == ["BINUNICODE", "TUPLE1", "REDUCE", "TUPLE", "STOP"])
  }

  @Test func sevenZipIsOpened() throws {
    let report = try Self.scan("containers/malformed/payload-lzma2.7z")
    #expect(report.format == ["7z", "torch-zip"])
    #expect(
      report.streams.first?.location.members == [
        "payload-lzma2.7z", "model.pt", "archive/data.pkl",
      ]
    )
  }

  @Test func nestedLocationsNameEveryStep() throws {
    let report = try Self.scan("containers/malformed/nested-zip-in-zip.zip.gz")
    #expect(
      report.streams.first?.location.description
        == "nested-zip-in-zip.zip.gz › <gzip> › inner.zip › inner.pkl @ 0"
    )
    #expect(report.format == ["gzip", "zip", "pickle"])
  }

  @Test func torchScriptIsRecognised() throws {
    let report = try Self.scan("containers/real/torchscript-linear.pt")
    #expect(report.format == ["torchscript"])
    #expect(report.streams.contains { $0.kind == .torchScriptConstants })
    #expect(report.anomalies.contains { $0.kind == .torchScriptCode })
  }
}

/// A real `joblib.dump` of one array per dtype: every raw block length computed from the
/// wrapper state must land exactly on the next opcode.
@Suite struct RealJoblibTests {
  @Test func everyDTypeBlockIsSizedExactly() throws {
    let input = try InputBytes(mapping: Corpus.root + "/containers/real/joblib-dtypes.joblib")
    let report = ContainerScanner.scan(input, name: "joblib-dtypes.joblib")
    #expect(report.anomalies.isEmpty, "\(report.anomalies)")
    let main = try #require(report.streams.first)
    #expect(main.kind == .joblib)
    #expect(main.skips.count == 20, "one block per array, object ones included")
    let nested = report.streams.dropFirst()
    #expect(nested.count == 2 && nested.allSatisfy { $0.kind == .joblibObjectArray })
    for stream in report.streams {
      let walk = StreamWalk(stream)
      #expect(walk.isClean(stream), "\(stream.location): \(String(describing: walk.error))")
    }
  }
}
