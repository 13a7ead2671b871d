import PickleTestSupport
import Testing

@testable import RestrictedDecoder
@testable import Sandbox

/// The parent–child protocol: arguments round-trip, and hostile frames are rejected.
@Suite struct ProtocolTests {
  @Test func childArgumentsRoundTrip() throws {
    var limits = SandboxLimits()
    limits.cpuSeconds = 3
    limits.addressSpaceBytes = 123 << 20
    limits.decode.maxValues = 77
    limits.decode.maxJSONDepth = 9
    let arguments = ChildArguments(
      inputBytes: 4096,
      limits: limits,
      includeJSON: false,
      probe: .spin
    )
    #expect(try ChildArguments(parsing: arguments.encoded) == arguments)
  }

  @Test func unknownChildArgumentsAreErrors() {
    #expect(throws: SandboxError.self) { try ChildArguments(parsing: ["--frobnicate"]) }
    #expect(throws: SandboxError.self) { try ChildArguments(parsing: ["--limit", "nope=1"]) }
    #expect(throws: SandboxError.self) { try ChildArguments(parsing: ["--input-bytes", "-1"]) }
    #expect(throws: SandboxError.self) { try ChildArguments(parsing: ["--probe"]) }
  }

  @Test func frameRoundTrips() throws {
    let frame = ResultFrame(
      status: "decoded",
      sections: [
        .init(name: "json", bytes: Array("{}\n[]".utf8)), .init(name: "inventory", bytes: []),
      ]
    )
    #expect(try ResultFrame.parse(frame.encoded).get() == frame)
  }

  @Test(arguments: [
    "", "picklevet-sandbox 1\n", "picklevet-sandbox 1\nstatus decoded\n",
    "picklevet-sandbox 1\nstatus decoded\njson 999999999999\n{}\nend\n",
    "picklevet-sandbox 1\nstatus decoded\njson -1\n\nend\n",
    "picklevet-sandbox 1\nstatus decoded\njson 2\n{}Xend\n",
    "picklevet-sandbox 1\nstatus decoded\njson 2\n{}\nend\ntrailing",
    "picklevet-sandbox 2\nstatus decoded\nend\n",
  ])
  func hostileFramesAreRejected(_ text: String) {
    guard case .failure = ResultFrame.parse(Array(text.utf8)) else {
      Issue.record("accepted \(text.debugDescription)")
      return
    }
  }

  @Test func refusalAndInventoryLinesRoundTrip() throws {
    let refusal = Refusal(
      .forbiddenGlobal,
      "global a\tb\nc is not allowed",
      at: 17,
      global: "a\tb\nc"
    )
    #expect(FieldText.decodeRefusal(FieldText.encode(refusal)) == refusal)
    #expect(FieldText.decodeRefusal(FieldText.encode(refusal))?.message == refusal.message)
    let items = [
      InventoryItem(
        path: "a.b\tc",
        kind: "tensor",
        dtype: "float32",
        shape: [2, 3],
        byteCount: 24
      ),
      InventoryItem(path: "", kind: "ndarray", dtype: "<f8", shape: [], byteCount: 8, sameAs: "x"),
    ]
    #expect(FieldText.decodeInventory(FieldText.encode(items)) == items)
  }

  @Test func compatNamesAgreeWithCPython() throws {
    let table = try Corpus.text("protocols/compat-pickle.txt")
    var modules: [String: String] = [:]
    var names: [String: String] = [:]
    for line in table.split(separator: "\n") where !line.hasPrefix("#") {
      let fields = line.split(separator: "\t").map(String.init)
      if fields.first == "module", fields.count == 3 { modules[fields[1]] = fields[2] }
      if fields.first == "name", fields.count == 5 {
        names[fields[1] + "." + fields[2]] = fields[3] + "." + fields[4]
      }
    }
    for (old, new) in CompatNames.modules { #expect(modules[old] == new, "\(old)") }
    for (old, new) in CompatNames.names {
      #expect(names[old] == new.module + "." + new.name, "\(old)")
    }
  }

  @Test func allowlistHasNoDottedTraversalExceptListedNames() {
    let dotted = Allowlist.table.keys.filter { name in
      guard let module = name.split(separator: ".").first else { return false }
      return ["builtins", "collections"].contains(String(module))
        && name.split(separator: ".").count > 2
    }
    #expect(dotted.isEmpty)
  }
}
