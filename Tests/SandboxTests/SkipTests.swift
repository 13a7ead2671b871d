import PickleCore
import PickleTestSupport
import RestrictedDecoder
import Testing

@testable import Sandbox

/// A stream is a range of its container's bytes, with raw data inside it (joblib array
/// blocks) jumped over where the container says.
@Suite struct SkipTests {
  /// `float64-array.joblib`: a `NumpyArrayWrapper` whose BUILD ends at 222, then a padding
  /// length byte, one padding byte and 32 × 16 × 8 bytes of data, then `STOP`.
  static let joblibPath = "benign/joblib/float64-array.joblib"
  static let joblibSkip = ByteRange(start: 222, count: 2 + 32 * 16 * 8)

  @Test func joblibArrayDecodesWithItsSkip() throws {
    let bytes = try Corpus.bytes(Self.joblibPath)
    try #require(bytes.count == Self.joblibSkip.end + 1)
    let values = try bytes.withUnsafeBytes {
      try RestrictedDecoder.decodeAll($0, skips: [Self.joblibSkip]).get()
    }
    #expect(
      RestrictedDecoder.inventory(of: values)
        == [
          InventoryItem(path: "", kind: "ndarray", dtype: "<f8", shape: [32, 16], byteCount: 4096)
        ]
    )
    #expect(values[0].json.contains(#""data":"joblib raw block""#))
  }

  @Test func joblibArrayWithoutItsSkipIsRefused() throws {
    let bytes = try Corpus.bytes(Self.joblibPath)
    guard case .failure(let refusal) = bytes.withUnsafeBytes({ RestrictedDecoder.decodeAll($0) })
    else {
      Issue.record("decoded raw array bytes as opcodes")
      return
    }
    #expect(refusal.offset == Self.joblibSkip.start)
  }

  @Test func skipsBetweenPicklesAreJumped() throws {
    let bytes: [UInt8] = [0x4E, 0x2E, 0xDE, 0xAD, 0x88, 0x2E]
    let values = try bytes.withUnsafeBytes {
      try RestrictedDecoder.decodeAll($0, skips: [ByteRange(start: 2, count: 2)]).get()
    }
    #expect(values.map(\.json) == ["null", "true"])
  }

  @Test(arguments: [
    [ByteRange(start: 0, count: 100)],
    [ByteRange(start: 4, count: 1), ByteRange(start: 2, count: 1)],
    [ByteRange(start: 2, count: 3), ByteRange(start: 3, count: 1)],
  ])
  func badSkipsAreRefused(_ skips: [ByteRange]) {
    let bytes: [UInt8] = [0x4E, 0x2E, 0xDE, 0xAD, 0x88, 0x2E]
    guard
      case .failure(let refusal) = bytes.withUnsafeBytes({
        RestrictedDecoder.decodeAll($0, skips: skips)
      })
    else {
      Issue.record("accepted \(skips)")
      return
    }
    #expect(refusal.code == .malformed)
  }

  @Test(.enabled(if: Sandbox.isSupported)) func childJumpsTheSameSkips() throws {
    var configuration = Sandbox.Configuration()
    configuration.executable = builtProduct("picklevet")
    let input = InputBytes(try Corpus.bytes(Self.joblibPath))
    let outcome = Sandbox.decode(input, skips: [Self.joblibSkip], configuration: configuration)
    guard case .decoded(let report) = outcome else {
      Issue.record("\(outcome.summary)")
      return
    }
    #expect(report.inventory.map(\.shape) == [[32, 16]])
  }

  @Test func skipsRoundTripThroughChildArguments() throws {
    let arguments = ChildArguments(inputBytes: 10, skips: [ByteRange(start: 1, count: 2)])
    #expect(try ChildArguments(parsing: arguments.encoded).skips == arguments.skips)
  }

  @Test func rangeBoundsTheStreamAndEveryPickleInItIsDecoded() throws {
    let bytes: [UInt8] = [0xFF, 0x4E, 0x2E, 0x88, 0x2E, 0xFF]
    let values = try bytes.withUnsafeBytes {
      try RestrictedDecoder.decodeAll($0, range: ByteRange(start: 1, count: 4)).get()
    }
    #expect(values.map(\.json) == ["null", "true"])
    #expect(values.map(\.range.start) == [1, 3])
  }

  @Test func rangeOutsideTheInputIsRefused() {
    let bytes: [UInt8] = [0x4E, 0x2E]
    guard
      case .failure(let refusal) = bytes.withUnsafeBytes({
        RestrictedDecoder.decodeAll($0, range: ByteRange(start: 1, count: 5))
      })
    else {
      Issue.record("accepted a range past the end")
      return
    }
    #expect(refusal.code == .malformed)
  }

  @Test(.enabled(if: Sandbox.isSupported)) func childRefusalOffsetsAreAbsolute() {
    var configuration = Sandbox.Configuration()
    configuration.executable = builtProduct("picklevet")
    let pickle: [UInt8] = [0x80, 0x02] + Array("cos\nsystem\n(S'id'\ntR.".utf8)
    let bytes: [UInt8] = [0xFF, 0xFF, 0xFF] + pickle + [0xFF]
    let range = ByteRange(start: 3, count: pickle.count)
    let outcome = Sandbox.decode(InputBytes(bytes), range: range, configuration: configuration)
    guard case .refused(let refusal) = outcome else {
      Issue.record("\(outcome.summary)")
      return
    }
    #expect(refusal.global == "os.system")
    #expect(refusal.offset == 5)
  }
}
