import PickleCore
import PickleTestSupport
import Testing

@Suite struct OpcodeTableTests {
  @Test func rowsCoverEveryOpcodeOnce() {
    #expect(OpcodeTable.rows.count == Opcode.allCases.count)
    #expect(Set(OpcodeTable.rows.map(\.opcode)) == Set(Opcode.allCases))
    #expect(Set(OpcodeTable.rows.map(\.name)).count == OpcodeTable.rows.count)
    #expect(OpcodeTable.byByte.compactMap { $0 }.count == 68)
  }

  @Test func matchesCPythonExport() throws {
    let lines = try Corpus.text("protocols/pickletools-table.txt")
      .split(separator: "\n").filter { !$0.hasPrefix("#") }
    #expect(lines.count == OpcodeTable.rows.count)
    for (line, row) in zip(lines, OpcodeTable.rows) {
      let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      try #require(fields.count == 6, "malformed export line \(line)")
      #expect(fields[0] == String(row.opcode.rawValue, radix: 16), "\(row.name)")
      #expect(fields[1] == row.name)
      #expect(fields[2] == (row.argument.pickletoolsName ?? "-"), "\(row.name)")
      #expect(fields[3] == String(row.proto), "\(row.name)")
      #expect(fields[4] == (row.stackBefore.isEmpty ? "-" : row.stackBefore), "\(row.name)")
      #expect(fields[5] == (row.stackAfter.isEmpty ? "-" : row.stackAfter), "\(row.name)")
    }
  }

  @Test func corpusUsesEveryOpcode() throws {
    var seen = Set<Opcode>()
    for path in Corpus.files("protocols", suffix: ".pkl") {
      let (instructions, error) = readAll(try Corpus.bytes(path))
      #expect(error == nil, "\(path): \(String(describing: error))")
      seen.formUnion(instructions.map(\.opcode))
    }
    #expect(seen == Set(Opcode.allCases), "missing: \(Set(Opcode.allCases).subtracting(seen))")
  }
}
