import PickleTestSupport
import RestrictedDecoder
import Testing

/// Malicious and out-of-model pickles, crafted byte by byte: each is refused, naming the
/// global and the offset of the opcode at fault.
@Suite struct RefusalTests {
  static func decode(_ bytes: [UInt8], limits: DecodeLimits = DecodeLimits()) -> Result<
    [DecodedValue], Refusal
  > {
    bytes.withUnsafeBytes { RestrictedDecoder.decodeAll($0, limits: limits) }
  }

  static func refusal(_ bytes: [UInt8], limits: DecodeLimits = DecodeLimits()) -> Refusal? {
    if case .failure(let refusal) = decode(bytes, limits: limits) { return refusal }
    return nil
  }

  @Test func osSystemThroughGlobalAndReduce() throws {
    let refusal = try #require(Self.refusal(Array("cos\nsystem\n(S'echo pwned'\ntR.".utf8)))
    #expect(refusal.code == .forbiddenGlobal)
    #expect(refusal.global == "os.system")
    #expect(refusal.offset == 0)
  }

  @Test func posixSystemAfterProto() throws {
    var pickle = PickleBytes()
    pickle.proto(2)
    let at = pickle.global("posix", "system")
    pickle.string("id")
    pickle.tuple1()
    pickle.reduce()
    pickle.stop()
    let refusal = try #require(Self.refusal(pickle.bytes))
    #expect(refusal.global == "posix.system")
    #expect(refusal.offset == at)
  }

  @Test func builtinsEvalThroughStackGlobal() throws {
    var pickle = PickleBytes()
    pickle.proto(4)
    pickle.string("builtins")
    pickle.string("eval")
    let at = pickle.stackGlobal()
    pickle.string("1+1")
    pickle.tuple1()
    pickle.reduce()
    pickle.stop()
    let refusal = try #require(Self.refusal(pickle.bytes))
    #expect(refusal.code == .forbiddenGlobal)
    #expect(refusal.global == "builtins.eval")
    #expect(refusal.offset == at)
  }

  @Test func python2BuiltinNameIsMappedBeforeTheCheck() throws {
    let refusal = try #require(Self.refusal(Array("c__builtin__\neval\n(S'1'\ntR.".utf8)))
    #expect(refusal.global == "builtins.eval")
    #expect(refusal.message.contains("written __builtin__.eval"))
  }

  @Test func reconstructorWithPopenBase() throws {
    var pickle = PickleBytes()
    pickle.proto(2)
    pickle.global("copyreg", "_reconstructor")
    pickle.global("uuid", "UUID")
    let at = pickle.global("subprocess", "Popen")
    pickle.string("id")
    pickle.tuple3()
    pickle.reduce()
    pickle.stop()
    let refusal = try #require(Self.refusal(pickle.bytes))
    #expect(refusal.code == .forbiddenGlobal)
    #expect(refusal.global == "subprocess.Popen")
    #expect(refusal.offset == at)
  }

  @Test func reconstructorWithAnAllowlistedButWrongBase() throws {
    var pickle = PickleBytes()
    pickle.proto(2)
    pickle.global("copyreg", "_reconstructor")
    pickle.global("uuid", "UUID")
    pickle.global("builtins", "set")
    pickle.none()
    pickle.tuple3()
    let at = pickle.reduce()
    pickle.stop()
    let refusal = try #require(Self.refusal(pickle.bytes))
    #expect(refusal.code == .forbiddenUse)
    #expect(refusal.global == "builtins.set")
    #expect(refusal.offset == at)
  }

  @Test func reconstructorOfAClassThatMayNotBeInstantiated() throws {
    var pickle = PickleBytes()
    pickle.proto(2)
    pickle.global("copyreg", "_reconstructor")
    pickle.global("collections", "OrderedDict")
    pickle.global("builtins", "object")
    pickle.none()
    pickle.tuple3()
    pickle.reduce()
    pickle.stop()
    let refusal = try #require(Self.refusal(pickle.bytes))
    #expect(refusal.global == "collections.OrderedDict")
  }

  @Test(arguments: [("collections", "OrderedDict"), ("builtins", "dict"), ("uuid", "UUID")])
  func numpyReconstructOfANonArrayClass(_ module: String, _ name: String) throws {
    var pickle = PickleBytes()
    pickle.proto(2)
    pickle.global("numpy.core.multiarray", "_reconstruct")
    pickle.global(module, name)
    pickle.int(0)
    pickle.tuple1()
    pickle.shortBytes([0x62])
    pickle.tuple3()
    let at = pickle.reduce()
    pickle.stop()
    let refusal = try #require(Self.refusal(pickle.bytes))
    #expect(refusal.code == .forbiddenUse)
    #expect(refusal.global == "\(module).\(name)")
    #expect(refusal.offset == at)
  }

  @Test func buildOnAPlainList() throws {
    let refusal = try #require(Self.refusal([0x80, 0x02, 0x5D, 0x7D, 0x62, 0x2E]))
    #expect(refusal.code == .badTarget)
    #expect(refusal.offset == 4)
  }

  @Test func buildOnACounter() throws {
    var pickle = PickleBytes()
    pickle.proto(2)
    pickle.global("collections", "Counter")
    pickle.emptyTuple()
    pickle.reduce()
    pickle.emptyDict()
    let at = pickle.build()
    pickle.stop()
    let refusal = try #require(Self.refusal(pickle.bytes))
    #expect(refusal.code == .badTarget)
    #expect(refusal.offset == at)
  }

  @Test func buildOfAnObjectWithANonDictState() throws {
    var pickle = PickleBytes()
    pickle.proto(2)
    pickle.global("sklearn.linear_model._logistic", "LogisticRegression")
    pickle.emptyTuple()
    pickle.raw(0x81)
    pickle.emptyList()
    pickle.build()
    pickle.stop()
    let refusal = try #require(Self.refusal(pickle.bytes))
    #expect(refusal.code == .badTarget)
    #expect(refusal.global == "sklearn.linear_model._logistic.LogisticRegression")
  }

  @Test func getattrMayOnlyReachListedNames() throws {
    var pickle = PickleBytes()
    pickle.proto(4)
    pickle.global("builtins", "getattr")
    pickle.global("zoneinfo", "ZoneInfo")
    pickle.string("__init__")
    pickle.tuple2()
    let at = pickle.reduce()
    pickle.stop()
    let refusal = try #require(Self.refusal(pickle.bytes))
    #expect(refusal.code == .forbiddenGlobal)
    #expect(refusal.global == "zoneinfo.ZoneInfo.__init__")
    #expect(refusal.offset == at)
  }

  @Test func dottedNamesAreNotTraversed() throws {
    var pickle = PickleBytes()
    pickle.proto(4)
    pickle.string("collections")
    pickle.string("OrderedDict.__init__.__globals__")
    let at = pickle.stackGlobal()
    pickle.stop()
    let refusal = try #require(Self.refusal(pickle.bytes))
    #expect(refusal.global == "collections.OrderedDict.__init__.__globals__")
    #expect(refusal.offset == at)
  }

  @Test func estimatorClassesAreInstantiatedNeverCalled() throws {
    var pickle = PickleBytes()
    pickle.proto(2)
    pickle.global("sklearn.linear_model._logistic", "LogisticRegression")
    pickle.emptyTuple()
    pickle.reduce()
    pickle.stop()
    let refusal = try #require(Self.refusal(pickle.bytes))
    #expect(refusal.code == .forbiddenUse)
    #expect(refusal.message.contains("may only be instantiated"))
  }

  @Test func estimatorRuleAdmitsClassNamesOnly() throws {
    for (module, name) in [
      ("sklearn.utils", "check_array"), ("sklearn.utils._testing", "TempMemmap"),
    ] {
      var pickle = PickleBytes()
      pickle.proto(2)
      pickle.global(module, name)
      pickle.stop()
      let refusal = try #require(Self.refusal(pickle.bytes))
      #expect(refusal.code == .forbiddenGlobal)
    }
  }

  @Test func newObjectWithArgumentsIsRefused() throws {
    var pickle = PickleBytes()
    pickle.proto(2)
    pickle.global("sklearn.linear_model._logistic", "LogisticRegression")
    pickle.int(1)
    pickle.tuple1()
    let at = pickle.raw(0x81)
    pickle.stop()
    let refusal = try #require(Self.refusal(pickle.bytes))
    #expect(refusal.code == .forbiddenUse)
    #expect(refusal.offset == at)
  }

  @Test func callableOnlyGlobalCannotBeStored() throws {
    let refusal = try #require(Self.refusal(Array("(lc_codecs\nencode\na.".utf8)))
    #expect(refusal.code == .forbiddenUse)
    #expect(refusal.global == "_codecs.encode")
  }

  @Test func defaultdictFactoryMustBeAContainerType() throws {
    var pickle = PickleBytes()
    pickle.proto(2)
    pickle.global("collections", "defaultdict")
    pickle.global("collections", "deque")
    pickle.tuple1()
    pickle.reduce()
    pickle.stop()
    let refusal = try #require(Self.refusal(pickle.bytes))
    #expect(refusal.code == .badArguments)
    #expect(refusal.global == "collections.defaultdict")
  }

  @Test func persistentIdMustNameAStorage() throws {
    var tuple = PickleBytes()
    tuple.proto(2)
    tuple.mark()
    tuple.string("module")
    tuple.global("torch", "FloatStorage")
    tuple.string("0")
    tuple.string("cpu")
    tuple.int(4)
    tuple.tuple()
    let at = tuple.raw(0x51)
    tuple.stop()
    let refusal = try #require(Self.refusal(tuple.bytes))
    #expect(refusal.code == .persistentID)
    #expect(refusal.offset == at)
    let text = try #require(Self.refusal(Array("Pabc\n.".utf8)))
    #expect(text.code == .persistentID)
  }

  static func tensorPickle(numel: UInt8, size: UInt8, hooks: Bool = false) -> PickleBytes {
    var pickle = PickleBytes()
    pickle.proto(2)
    pickle.global("torch._utils", "_rebuild_tensor_v2")
    pickle.mark()
    pickle.mark()
    pickle.string("storage")
    pickle.global("torch", "FloatStorage")
    pickle.string("0")
    pickle.string("cpu")
    pickle.int(numel)
    pickle.tuple()
    pickle.raw(0x51)
    pickle.int(0)
    pickle.int(size)
    pickle.tuple1()
    pickle.int(1)
    pickle.tuple1()
    pickle.newFalse()
    pickle.global("collections", "OrderedDict")
    pickle.emptyTuple()
    pickle.reduce()
    if hooks {
      pickle.int(1)
      pickle.string("hook")
      pickle.raw(0x73)
    }
    pickle.tuple()
    pickle.reduce()
    pickle.stop()
    return pickle
  }

  @Test func tensorWithinItsStorageDecodes() throws {
    let values = try Self.decode(Self.tensorPickle(numel: 4, size: 4).bytes).get()
    let items = RestrictedDecoder.inventory(of: values)
    #expect(
      items == [
        InventoryItem(path: "", kind: "tensor", dtype: "float32", shape: [4], byteCount: 16)
      ]
    )
  }

  @Test func tensorBeyondItsStorageIsRefused() throws {
    let refusal = try #require(Self.refusal(Self.tensorPickle(numel: 4, size: 10).bytes))
    #expect(refusal.code == .badArguments)
    #expect(refusal.global == "torch._utils._rebuild_tensor_v2")
  }

  @Test func tensorWithBackwardHooksIsRefused() throws {
    let refusal = try #require(
      Self.refusal(Self.tensorPickle(numel: 4, size: 4, hooks: true).bytes)
    )
    #expect(refusal.message.contains("hooks"))
  }

  @Test func arrayDataMustMatchShapeAndDtype() throws {
    var pickle = PickleBytes()
    pickle.proto(2)
    pickle.global("numpy.core.multiarray", "_reconstruct")
    pickle.global("numpy", "ndarray")
    pickle.int(0)
    pickle.tuple1()
    pickle.shortBytes([0x62])
    pickle.tuple3()
    pickle.reduce()
    pickle.mark()
    pickle.int(1)
    pickle.int(4)
    pickle.tuple1()
    pickle.global("numpy", "dtype")
    pickle.string("f8")
    pickle.newFalse()
    pickle.raw(0x88)
    pickle.tuple3()
    pickle.reduce()
    pickle.mark()
    pickle.int(3)
    pickle.string("<")
    pickle.none()
    pickle.none()
    pickle.none()
    pickle.raw(0x4A, 0xFF, 0xFF, 0xFF, 0xFF)
    pickle.raw(0x4A, 0xFF, 0xFF, 0xFF, 0xFF)
    pickle.int(0)
    pickle.tuple()
    pickle.build()
    pickle.newFalse()
    pickle.shortBytes([UInt8](repeating: 0, count: 24))
    pickle.tuple()
    let at = pickle.build()
    pickle.stop()
    let refusal = try #require(Self.refusal(pickle.bytes))
    #expect(refusal.code == .badArguments)
    #expect(refusal.message.contains("24 bytes"))
    #expect(refusal.offset == at)
  }

  @Test func extensionCodesAreRefused() throws {
    let refusal = try #require(Self.refusal([0x80, 0x02, 0x82, 0x01, 0x2E]))
    #expect(refusal.code == .unsupported)
    #expect(refusal.offset == 2)
  }

  @Test func unhashableKeyIsRefused() throws {
    let refusal = try #require(Self.refusal([0x80, 0x02, 0x7D, 0x5D, 0x4E, 0x73, 0x2E]))
    #expect(refusal.code == .badTarget)
  }

  @Test func truncatedPickleIsMalformed() throws {
    let refusal = try #require(Self.refusal([0x80, 0x02, 0x5D, 0x71]))
    #expect(refusal.code == .malformed)
    #expect(refusal.offset == 3)
  }

  @Test func junkAfterStopIsRefused() throws {
    let refusal = try #require(Self.refusal([0x80, 0x02, 0x4E, 0x2E, 0xFF]))
    #expect(refusal.code == .malformed)
    #expect(refusal.offset == 4)
  }

  @Test func refusalTextEscapesControlCharacters() throws {
    let refusal = try #require(Self.refusal(Array("cos\u{1B}]0;pwned\u{07}\nsystem\n.".utf8)))
    #expect(refusal.global == "os\u{1B}]0;pwned\u{07}.system")
    #expect(!refusal.description.unicodeScalars.contains { $0.value < 0x20 })
    #expect(refusal.description.contains("os\\x1b]0;pwned\\x07.system"))
  }

  @Test func randomStateConstructorTakesNoCallable() throws {
    var pickle = PickleBytes()
    pickle.proto(2)
    pickle.global("numpy.random._pickle", "__randomstate_ctor")
    pickle.string("MT19937")
    pickle.global("builtins", "str")
    pickle.tuple2()
    let at = pickle.reduce()
    pickle.stop()
    let refusal = try #require(Self.refusal(pickle.bytes))
    #expect(refusal.code == .badArguments)
    #expect(refusal.offset == at)
  }
}
