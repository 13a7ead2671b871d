import PickleTestSupport
import RestrictedDecoder
import Testing

/// The value tree and its JSON: identity, sharing, dict semantics, limits, deep input.
@Suite struct ValueModelTests {
  static func json(_ bytes: [UInt8], limits: DecodeLimits = DecodeLimits()) throws -> String {
    try bytes.withUnsafeBytes { try RestrictedDecoder.decodeAll($0, limits: limits).get() }
      .map(\.json).joined(separator: "\n")
  }

  static func refusal(_ bytes: [UInt8], limits: DecodeLimits) -> Refusal? {
    if case .failure(let refusal) = bytes.withUnsafeBytes({
      RestrictedDecoder.decodeAll($0, limits: limits)
    }) {
      return refusal
    }
    return nil
  }

  @Test func equalKeysOverwriteAsInPython() throws {
    // {1: 'a'} then d[True] = 'b' and d[1.0] = 'c': one key, the first spelling, the last value.
    var pickle = PickleBytes()
    pickle.proto(2)
    pickle.emptyDict()
    pickle.mark()
    pickle.int(1)
    pickle.string("a")
    pickle.raw(0x88)
    pickle.string("b")
    pickle.raw(0x47, 0x3F, 0xF0, 0, 0, 0, 0, 0, 0)
    pickle.string("c")
    pickle.raw(0x75)
    pickle.stop()
    #expect(try Self.json(pickle.bytes) == #"{"type":"dict","items":[[1,"c"]]}"#)
  }

  @Test func sharedAndCyclicNodesAreWrittenOnce() throws {
    // l = [1]; l.append(l); [l, l]
    let bytes: [UInt8] = [
      0x80, 0x02, 0x5D, 0x71, 0x00, 0x28, 0x4B, 0x01, 0x68, 0x00, 0x65, 0x68, 0x00, 0x86, 0x2E,
    ]
    #expect(
      try Self.json(bytes)
        == #"{"type":"tuple","items":[{"type":"list","id":1,"items":[1,{"type":"ref","id":1}]},{"type":"ref","id":1}]}"#
    )
  }

  @Test func cyclesAreFreedWithTheirDecodedValueAndAcyclicNodesOutliveIt() throws {
    // l = [1]; l.append(l); ([2], l, l): the list is on a cycle, the tuple and [2] are not.
    let bytes: [UInt8] = [
      0x80, 0x02, 0x5D, 0x4B, 0x02, 0x61, 0x5D, 0x71, 0x00, 0x28, 0x4B, 0x01, 0x68, 0x00, 0x65,
      0x68, 0x00, 0x87, 0x2E,
    ]
    weak var cyclic: Node?
    var acyclic: Node?
    do {
      let decoded = try bytes.withUnsafeBytes { try RestrictedDecoder.decode($0).get() }
      let tuple = try #require(decoded.root.node)
      cyclic = tuple.items[1].node
      acyclic = tuple.items[0].node
      #expect(cyclic?.items.count == 2)
      #expect(cyclic?.items[1].node === cyclic)
    }
    #expect(cyclic == nil)
    #expect(acyclic?.items.first?.int == 2)
  }

  @Test func exponentialSharingStaysLinear() throws {
    // x0 = []; x(n+1) = (xn, xn), 64 times: 2^64 leaves as a tree, 64 nodes as a graph.
    var pickle = PickleBytes()
    pickle.proto(2)
    pickle.emptyList()
    for _ in 0..<64 {
      pickle.raw(0x32)
      pickle.tuple2()
    }
    pickle.stop()
    let json = try Self.json(pickle.bytes)
    #expect(json.count < 10_000)
    #expect(json.contains(#"{"type":"ref","id":64}"#))
  }

  @Test func deepNestingIsCutInJSONAndFreedWithoutRecursion() throws {
    var pickle = PickleBytes()
    pickle.proto(2)
    for _ in 0..<100_000 { pickle.emptyList() }
    for _ in 0..<99_999 { pickle.raw(0x61) }
    pickle.stop()
    var limits = DecodeLimits()
    limits.maxJSONDepth = 50
    let json = try Self.json(pickle.bytes, limits: limits)
    #expect(json.contains(#"{"type":"truncated","reason":"nesting deeper than 50"}"#))
    #expect(json.count < 1_000)
  }

  @Test func valueLimitIsARefusal() throws {
    var pickle = PickleBytes()
    pickle.proto(2)
    pickle.emptyList()
    pickle.mark()
    for _ in 0..<100 { pickle.int(7) }
    pickle.raw(0x65)
    pickle.stop()
    var limits = DecodeLimits()
    limits.maxValues = 50
    let refusal = try #require(Self.refusal(pickle.bytes, limits: limits))
    #expect(refusal.code == .limit)
  }

  @Test func memoLimitIsARefusal() throws {
    var pickle = PickleBytes()
    pickle.proto(2)
    pickle.none()
    for key in 0..<20 { pickle.raw(0x71, UInt8(key)) }
    pickle.stop()
    var limits = DecodeLimits()
    limits.maxMemoEntries = 10
    #expect(Self.refusal(pickle.bytes, limits: limits)?.code == .limit)
  }

  @Test func pickleCountLimitIsARefusal() throws {
    let three: [UInt8] = [0x4E, 0x2E, 0x4E, 0x2E, 0x4E, 0x2E]
    var limits = DecodeLimits()
    limits.maxPickles = 2
    #expect(Self.refusal(three, limits: limits)?.code == .limit)
    #expect(try Self.json(three) == "null\nnull\nnull")
  }

  @Test func bytesAreCountedButKeptOnlyAsAPrefix() throws {
    var pickle = PickleBytes()
    pickle.proto(3)
    pickle.raw(0x42, 0x00, 0x10, 0x00, 0x00)
    pickle.bytes += [UInt8](repeating: 0xAB, count: 4096)
    pickle.stop()
    let json = try Self.json(pickle.bytes)
    #expect(json.hasPrefix(#"{"type":"bytes","length":4096,"hex":"abab"#))
    #expect(json.hasSuffix(#","truncated":true}"#))
  }

  @Test func python2StringsDecodeAsLatin1() throws {
    #expect(try Self.json(Array("S'caf\\xe9'\n.".utf8)) == "\"café\"")
  }

  @Test func outOfBandBufferIsNoted() throws {
    // protocol 5 NEXT_BUFFER without the buffer: the array is described, its data is absent.
    let bytes = try Corpus.bytes("benign/numpy/float64-p5-out-of-band-stream-only.pkl")
    let json = try Self.json(bytes)
    #expect(json.contains(#""out_of_band":true"#))
  }

  @Test func controlCharactersAreEscapedInJSON() throws {
    var pickle = PickleBytes()
    pickle.proto(2)
    pickle.string("a\u{1B}[31m\u{9B}\"\\b")
    pickle.stop()
    #expect(try Self.json(pickle.bytes) == #""a\u001b[31m\u009b\"\\b""#)
  }

  @Test func hugeIntsAreWrittenInHex() throws {
    var pickle = PickleBytes()
    pickle.proto(2)
    pickle.raw(0x8B, 0x00, 0x10, 0x00, 0x00)
    pickle.bytes += [UInt8](repeating: 0x11, count: 4095) + [0x01]
    pickle.stop()
    let json = try Self.json(pickle.bytes)
    #expect(json.hasPrefix(#"{"type":"int","hex":"0x11111111"#))
    #expect(json.count == 4096 * 2 + #"{"type":"int","hex":"0x"}"#.count - 1)
  }
}
