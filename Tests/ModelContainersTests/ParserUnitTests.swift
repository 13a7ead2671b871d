import PickleCore
import Testing

@testable import ModelContainers

/// The small parsers behind the containers, on the spellings real files use and on lies.
@Suite struct ParserUnitTests {
  @Test(arguments: [
    ("<f8", 8, false), ("|b1", 1, false), ("<U10", 40, false), ("|S5", 5, false),
    ("<M8[ns]", 8, false), ("m8[s]", 8, false), ("|V16", 16, false), ("|O", 8, true),
    ("object", 8, true), ("f8,O", 16, true), ("(2,3)<f4", 24, false), ("float64", 8, false),
    ("int8", 1, false), ("complex128", 16, false), ("d", 8, false), ("?", 1, false),
  ])
  func dtypeSpellings(_ spelling: String, _ size: Int, _ object: Bool) throws {
    let info = try #require(DTypeInfo.parse(spelling))
    #expect(info.itemSize == size)
    #expect(info.hasObject == object)
  }

  @Test(arguments: ["", "<", "f3x", "i0", "(2,x)f4", "U1Z"])
  func dtypeSpellingsNumpyRefuses(_ spelling: String) {
    #expect(DTypeInfo.parse(spelling) == nil)
  }

  @Test func npyHeaderLiterals() throws {
    let header =
      "{'descr': [('a', '<f4'), ('b', [('c', '|O')], (2,))], 'fortran_order': False, 'shape': (3L, 4), }"
    let literal = try PythonLiteralParser.parse(Array(header.utf8)).get()
    #expect(literal["fortran_order"] == .bool(false))
    #expect(literal["shape"] == .tuple([.int(3), .int(4)]))
    let info = try #require(literal["descr"].flatMap(NPYHeader.dtypeInfo))
    #expect(info.hasObject)
    #expect(info.itemSize == 4 + 2 * 8)
  }

  @Test(arguments: [
    "{'a': 1", "{'a' 1}", "(1 2)", "[1,,2]", "{'a': 1}}", "'unterminated", "{1: }",
    String(repeating: "(", count: 100) + String(repeating: ")", count: 100),
  ])
  func malformedLiteralsFail(_ text: String) {
    #expect(throws: PythonLiteralParser.Failure.self) {
      try PythonLiteralParser.parse(Array(text.utf8)).get()
    }
  }

  @Test func stringEscapes() throws {
    let literal = try PythonLiteralParser.parse(Array(#"('a\'b', "c\x41", u'\u00e9')"#.utf8)).get()
    #expect(literal == .tuple([.string("a'b"), .string("cA"), .string("é")]))
  }

  @Test func tarNumbersInOctalAndBase256() {
    let octal: [UInt8] = Array("0000644\0".utf8) + [0, 0, 0, 0]
    let base256: [UInt8] = [0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x00]
    let junk: [UInt8] = Array("12x4".utf8) + [UInt8](repeating: 0, count: 8)
    for (field, expected) in [(octal, 0o644), (base256, 256), (junk, nil)] as [([UInt8], Int?)] {
      let value = InputBytes(field).withCursor {
        TarHeader.number($0, ByteRange(start: 0, count: 12))
      }
      #expect(value == expected)
    }
  }

  @Test func zipNamesThatEscape() {
    for name in ["../x.pkl", "a/../../x", "/etc/passwd", "C:/x", "a\\..\\x"] {
      #expect(ZipEntry.escapesFolder(name), "\(name)")
    }
    for name in ["archive/data.pkl", "a..b/c", ".hidden/x"] {
      #expect(!ZipEntry.escapesFolder(name), "\(name)")
    }
  }
}
