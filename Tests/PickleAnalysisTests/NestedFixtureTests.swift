import PickleAnalysis
import PickleCore
import Testing

/// Payloads handed to deserializers, decoded and analysed in turn (`Corpus/analysis/nested`).
struct NestedFixtureTests {
  static let cases: [(String, String, [String])] = [
    ("loads-literal", "pickle.loads", []),
    ("loads-base64", "pickle.loads", ["base64.b64decode"]),
    ("loads-zlib", "pickle.loads", ["zlib.decompress"]),
    ("loads-fromhex", "pickle.loads", ["builtins.bytes.fromhex"]),
    ("codecs-base64-gzip", "pickle.loads", ["codecs.decode", "gzip.decompress"]),
    ("bz2-lzma", "pickle.loads", ["lzma.decompress", "bz2.decompress"]),
    ("unpickler-bytesio", "pickle.Unpickler.load", []),
    ("load-bytesio", "pickle.load", []),
  ]

  @Test(arguments: cases)
  func nestedPayloadIsAnalysed(name: String, deserializer: String, transforms: [String]) throws {
    let analysis = try Fixture.analyze("nested/\(name).pkl")
    let nested = try #require(analysis.nested.first)
    #expect(analysis.nested.count == 1)
    #expect(nested.deserializer.description == deserializer)
    #expect(nested.transforms == transforms)
    #expect(nested.depth == 1)
    #expect(analysis.graph.calls[nested.callID].callee?.description == deserializer)
    let inner = try #require(nested.analysis)
    #expect(inner.calls(to: "os.system").first?.arguments == [Fixture.canary(name)])
    #expect(!analysis.has(.nestedPayloadUnreadable))
  }

  @Test func marshalPayloadIsRecordedNotAnalysed() throws {
    let analysis = try Fixture.analyze("nested/marshal.pkl")
    let nested = try #require(analysis.nested.first)
    #expect(nested.deserializer.description == "marshal.loads")
    #expect(nested.analysis == nil)
    #expect(nested.byteCount > 0)
    #expect(analysis.calls(to: "types.FunctionType").count == 1)
  }

  @Test func nestingStopsAtTheDepthLimit() throws {
    var limits = AnalysisLimits()
    limits.maxNestedDepth = 3
    let analysis = try Fixture.analyze("nested/deep.pkl", limits: limits)
    var depth = 0
    var level = analysis.nested.first
    var sawLimit = false
    while let current = level {
      depth = current.depth
      if current.analysis == nil { break }
      sawLimit = sawLimit || current.analysis?.has(.limitExceeded) == true
      level = current.analysis?.nested.first
    }
    #expect(depth == 4)
    #expect(sawLimit)
  }

  @Test func undecodablePayload() throws {
    let analysis = try Fixture.analyze("nested/unreadable.pkl")
    #expect(analysis.has(.nestedPayloadUnreadable))
    #expect(analysis.nested.isEmpty)
  }
}
