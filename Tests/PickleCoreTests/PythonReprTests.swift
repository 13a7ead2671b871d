import PickleCore
import Testing

@Suite struct PythonReprTests {
  @Test(arguments: [
    (0.1, "0.1"), (1e16, "1e+16"), (1e15, "1000000000000000.0"), (1e-5, "1e-05"),
    (0.0001, "0.0001"), (-0.0, "-0.0"), (1e300, "1e+300"), (Double.leastNonzeroMagnitude, "5e-324"),
    (123.456, "123.456"), (2.5e-7, "2.5e-07"), (1.0, "1.0"), (-1.5e20, "-1.5e+20"),
  ])
  func floatReprMatchesPython(_ value: Double, _ expected: String) {
    #expect(PythonRepr.float(value) == expected)
  }

  @Test func stringReprEscapesLikePython() {
    #expect(PythonRepr.string(Array("it's".unicodeScalars.map(\.value))) == #""it's""#)
    #expect(PythonRepr.string([0x61, 0x0A, 0x5C, 0x07]) == #"'a\n\\\x07'"#)
    #expect(PythonRepr.string([0xD800]) == #"'\ud800'"#)
    #expect(PythonRepr.string([0xE9, 0x1F600]) == "'é😀'")
    #expect(PythonRepr.string([0x85, 0x200B]) == #"'\x85\u200b'"#)
  }

  @Test func bytesRepr() {
    #expect(PythonRepr.bytes([0x61, 0x27, 0x00, 0xFF]) == #"b"a'\x00\xff""#)
    #expect(PythonRepr.bytes([0x61], bytearray: true) == "bytearray(b'a')")
  }

  @Test func twosComplementInts() {
    #expect(PyInt(twosComplementLittleEndian: [UInt8]()).description == "0")
    #expect(PyInt(twosComplementLittleEndian: [0xFF]).description == "-1")
    #expect(PyInt(twosComplementLittleEndian: [0x00, 0x80]).description == "-32768")
    #expect(PyInt(twosComplementLittleEndian: [0xFF, 0x00]).description == "255")
    let big = PyInt(twosComplementLittleEndian: [UInt8](repeating: 0, count: 16) + [1])
    #expect(big.description == "340282366920938463463374607431768211456")
  }
}
