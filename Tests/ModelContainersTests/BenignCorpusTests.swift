import ModelContainers
import PickleCore
import PickleTestSupport
import Testing

/// Every real file of `Corpus/benign` yields exactly the streams its loader runs, read cleanly,
/// with nothing but informational anomalies.
@Suite struct BenignCorpusTests {
  struct Case: CustomTestStringConvertible, Sendable {
    let path: String
    let container: String
    var testDescription: String { path }
    var name: String { String(path.split(separator: "/").last ?? "") }
  }

  static let cases: [Case] = {
    guard let table = try? Corpus.text("benign/containers.tsv") else { return [] }
    return table.split(separator: "\n").dropFirst().compactMap { line in
      let columns = line.split(separator: "\t").map(String.init)
      return columns.count == 2 ? Case(path: columns[0], container: columns[1]) : nil
    }
  }()

  static func scan(_ path: String) throws -> ContainerReport {
    let input = try InputBytes(mapping: Corpus.root + "/" + path)
    return ContainerScanner.scan(input, name: String(path.split(separator: "/").last ?? ""))
  }

  @Test func tableListsTheWholeCorpus() {
    #expect(Self.cases.count == 229)
  }

  @Test(arguments: cases) func streamsMatchTheContainer(_ item: Case) throws {
    let report = try Self.scan(item.path)
    #expect(report.complete)
    let loud = report.anomalies.filter { $0.kind.level != .informational }
    #expect(loud.isEmpty, "\(loud)")
    for stream in report.streams {
      let walk = StreamWalk(stream)
      #expect(walk.isClean(stream), "\(stream.location): \(String(describing: walk.error))")
    }
    if item.container == "npy" || item.container == "npz" { return }  // plainArraysCarryNoPickle
    let main = try #require(report.streams.first)
    let codec = item.container.split(separator: "-").dropFirst().first.map(String.init)
    switch item.container {
    case _ where item.container == "pickle" || item.container.hasPrefix("pickle-multi"):
      #expect(report.streams.count == 1)
      #expect(main.kind == .pickle)
      #expect(main.location == StreamLocation(members: [item.name], offset: 0))
      #expect(main.range == ByteRange(start: 0, count: main.bytes.count))
      if let count = item.container.split(separator: ":").last.flatMap({ Int($0) }) {
        #expect(StreamWalk(main).pickles == count)
      }
    case "pickle-gzip", "pickle-bz2", "pickle-xz":
      #expect(report.streams.count == 1)
      #expect(main.kind == .pickle)
      #expect(main.location.members == [item.name, "<\(codec ?? "")>"])
    case "pickle-zip":
      #expect(report.streams.count == 1)
      #expect(main.location.members == [item.name, String(item.name.dropLast(4))])
    case "joblib":
      #expect(main.kind == .joblib || (main.kind == .pickle && main.skips.isEmpty))
      #expect(main.location == StreamLocation(members: [item.name], offset: 0))
      #expect(main.range == ByteRange(start: 0, count: main.bytes.count))
      #expect(report.streams.dropFirst().allSatisfy { $0.kind == .joblibObjectArray })
    case _ where item.container.hasPrefix("joblib-"):
      let step = codec == "gzip" ? "<gzip>" : "<\(codec ?? "")>"
      #expect(main.kind == .joblib)
      #expect(main.location == StreamLocation(members: [item.name, step], offset: 0))
      #expect(report.format == [codec ?? "", "joblib"])
    case "npy-pickle":
      #expect(report.streams.count == 1)
      #expect(main.kind == .npyObjectArray)
      #expect(main.location.offset == 128)
    case "torch-zip":
      let stem = String(item.name.prefix { $0 != "." })
      #expect(report.streams.count == 1)
      #expect(main.kind == .torchZipPickle)
      #expect(main.location == StreamLocation(members: [item.name, "\(stem)/data.pkl"], offset: 0))
      #expect(report.format == ["torch-zip"])
    case "torch-legacy":
      #expect(report.streams.count == 1)
      #expect(main.kind == .torchLegacy)
      #expect(StreamWalk(main).pickles == 5)
      #expect(main.range.end < main.bytes.count, "raw storage bytes stay outside the stream")
    default:
      Issue.record("unexpected container \(item.container) with streams")
    }
  }

  @Test(arguments: cases.filter { ["npy", "npz"].contains($0.container) })
  func plainArraysCarryNoPickle(_ item: Case) throws {
    let report = try Self.scan(item.path)
    let objectMembers = item.name.hasPrefix("object-") ? 1 : 0
    #expect(report.streams.count == objectMembers)
    #expect(report.streams.allSatisfy { $0.kind == .npyObjectArray })
    #expect(report.format == [item.container])
  }

  @Test func legacyStreamStopsWhereTheStorageSectionStarts() throws {
    // Corpus/benign/README.md: "raw section 505..581 parses exactly".
    let report = try Self.scan("benign/torch/legacy-linear-state.pt")
    #expect(report.streams.map(\.range) == [ByteRange(start: 0, count: 505)])
    #expect(report.anomalies.isEmpty)
  }

  @Test func joblibArrayBlocksAreSkipsStartingAfterTheirBuild() throws {
    // Corpus/benign/README.md: random-forest-3-trees.joblib raw array at 913..944.
    let report = try Self.scan("benign/sklearn/random-forest-3-trees.joblib")
    let stream = try #require(report.streams.first)
    #expect(stream.skips.contains(ByteRange(start: 913, count: 944 - 913)))
    #expect(stream.skips.count == 13)
    let bytes = stream.data
    for skip in stream.skips where bytes[skip.start] <= 16 {
      #expect(bytes[skip.start - 1] == UInt8(ascii: "b"), "a skip starts right after BUILD")
    }
  }

  @Test func objectArraysInsideJoblibAreTheirOwnStreams() throws {
    let report = try Self.scan("benign/joblib/object-array.joblib")
    #expect(report.streams.map(\.kind) == [.joblib, .joblibObjectArray])
    let nested = report.streams[1]
    #expect(report.streams[0].skips == [nested.range])
    #expect(StreamWalk(nested).pickles == 1)
  }
}
