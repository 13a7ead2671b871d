import PickleTestSupport
import RestrictedDecoder
import Testing

/// Goldens of what the decoder makes of real files: inventories of NumPy, scikit-learn,
/// pandas, SciPy and torch pickles, and whole JSON trees of standard-library and torch ones.
@Suite struct DecodeGoldenTests {
  /// Raw pickles whose tensors and arrays are pinned by an inventory golden.
  static let inventoried: [String] =
    BenignCorpusTests.rawPickles.filter { path in
      ["numpy", "sklearn", "pandas", "scipy"].contains { path.hasPrefix("benign/\($0)/") }
    } + torchPickles

  /// The `data.pkl` members of the benign torch zips (see `Tools/fixtures/make_decode_inputs.py`).
  static let torchPickles = Corpus.files("decode/torch", suffix: ".data.pkl")

  /// Pickles whose whole JSON tree is pinned.
  static let jsonPinned: [String] =
    BenignCorpusTests.rawPickles.filter { $0.hasPrefix("benign/stdlib/") } + torchPickles

  static func goldenPath(_ path: String, _ suffix: String) -> String {
    let relative = path.hasPrefix("benign/") ? String(path.dropFirst("benign/".count)) : path
    let name =
      relative.hasPrefix("decode/") ? String(relative.dropFirst("decode/".count)) : relative
    return "decode/" + name + suffix
  }

  static func decode(_ path: String) throws -> [DecodedValue] {
    let bytes = try Corpus.bytes(path)
    return try bytes.withUnsafeBytes { raw in try RestrictedDecoder.decodeAll(raw).get() }
  }

  @Test func torchMembersWereExtracted() {
    #expect(Self.torchPickles.count >= 25)
  }

  @Test(arguments: inventoried)
  func inventoryMatchesGolden(_ path: String) throws {
    let table = InventoryTable.render(RestrictedDecoder.inventory(of: try Self.decode(path)))
    let golden = try Golden.compare(table, to: Self.goldenPath(path, ".inventory.txt"))
    #expect(!golden.updated, "rewrote the golden of \(path)")
    #expect(golden.expected == table)
  }

  @Test(arguments: jsonPinned)
  func jsonMatchesGolden(_ path: String) throws {
    let json = try Self.decode(path).map(\.json).joined(separator: "\n") + "\n"
    let golden = try Golden.compare(json, to: Self.goldenPath(path, ".json"))
    #expect(!golden.updated, "rewrote the golden of \(path)")
    #expect(golden.expected == json)
  }

  @Test func torchTensorCarriesStorageAndView() throws {
    let values = try Self.decode("decode/torch/tensor-views-shared-storage.pt.data.pkl")
    let items = RestrictedDecoder.inventory(of: values)
    let transposed = try #require(items.first { $0.path == "transposed" })
    #expect(transposed.shape == [6, 4])
    #expect(transposed.dtype == "float32")
    #expect(transposed.byteCount == 96)
    #expect(values[0].json.contains(#""stride":[1,6]"#))
  }

  @Test func tiedWeightsAreListedTwiceAndCountedOnce() throws {
    let items = RestrictedDecoder.inventory(
      of: try Self.decode("decode/torch/pytorch_model.bin.data.pkl")
    )
    let head = try #require(items.first { $0.path == "lm_head.weight" })
    #expect(head.sameAs == "embeddings.word_embeddings.weight")
  }

  @Test func estimatorStateNamesItsArrays() throws {
    let values = try Self.decode("benign/sklearn/logistic-regression-p4.pkl")
    #expect(
      values[0].json.hasPrefix(
        #"{"type":"object","class":"sklearn.linear_model._logistic.LogisticRegression","state":"#
      )
    )
    let coef = try #require(RestrictedDecoder.inventory(of: values).first { $0.path == "coef_" })
    #expect(coef.dtype == "<f8")
    #expect(coef.shape == [1, 4])
  }
}
