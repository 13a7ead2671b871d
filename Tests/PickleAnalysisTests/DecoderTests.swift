import Testing

@testable import PickleAnalysis

/// The payload decoders match Python's `base64`/`binascii`/`zlib` family on known vectors.
struct DecoderTests {
  static let hello = Array("hello, pickle".utf8)

  @Test func base64Family() {
    #expect(
      BinaryText.base64(Array("aGVsbG8sIHBpY2tsZQ==".utf8), alphabet: .standard) == Self.hello
    )
    // validate=False drops characters outside the alphabet.
    #expect(
      BinaryText.base64(Array("aGVs bG8s\nIHBp Y2tsZQ==".utf8), alphabet: .standard) == Self.hello
    )
    #expect(BinaryText.base64(Array("-_8=".utf8), alphabet: .urlSafe) == [0xFB, 0xFF])
    #expect(BinaryText.base64(Array("abcde".utf8), alphabet: .standard) == nil)
    #expect(BinaryText.hex(Array("68656C6C6F".utf8), skipSpaces: false) == Array("hello".utf8))
    #expect(BinaryText.hex(Array("68 65 6c".utf8), skipSpaces: true) == Array("hel".utf8))
    #expect(BinaryText.hex(Array("686".utf8), skipSpaces: false) == nil)
    #expect(BinaryText.base32(Array("NBSWY3DP".utf8)) == Array("hello".utf8))
    #expect(BinaryText.base85(Array("Xk~0{Zv".utf8)) == Array("hello".utf8))
    #expect(BinaryText.ascii85(Array("<~BOu!rDZ~>".utf8)) == Array("hello".utf8))
  }

  @Test func decompressionIsCapped() throws {
    // zlib.compress(b'a' * 100000)
    let bomb: [UInt8] =
      [120, 218, 237, 193, 49, 1, 0, 0, 0, 194, 160, 172, 235, 95, 194, 26, 30, 64, 1]
      + Array(repeating: 0, count: 96) + [175, 6, 121, 102, 11, 77]
    #expect(Decompress.run(.zlib, bomb, cap: 1 << 20)?.count == 100_000)
    #expect(Decompress.run(.zlib, bomb, cap: 50_000) == nil)
    #expect(Decompress.run(.zlib, Array(bomb.dropLast(4)), cap: 1 << 20) == nil)
    #expect(Decompress.run(.bzip2, [0x42, 0x5A, 0x68, 0x39, 0x00], cap: 100) == nil)
    #expect(Decompress.sniff(bomb) == .zlib)
  }

  @Test func stringOperations() {
    #expect(StringOps.rot13("flfgrz") == "system")
    #expect(StringOps.apply("builtins.str.strip", "  os  ", argument: nil) == "os")
    #expect(StringOps.apply("builtins.str.lstrip", "xxos", argument: "x") == "os")
    #expect(StringOps.replace("sXstem", "X", "y") == "system")
    #expect(StringOps.decode([0xC3, 0xA9], encoding: "utf-8") == "é")
    #expect(StringOps.decode([0xE9], encoding: "latin-1") == "é")
    #expect(StringOps.encode("é", encoding: "ascii") == nil)
  }
}
