import Foundation
import PickleTestSupport
import PickleVet
import Testing

/// A batch of 1,200 files interrupted mid-run and resumed: every file stored exactly once,
/// with the verdict its content deserves.
@Suite(.serialized) struct BatchResumeTests {
  @Test func interruptedRunResumesWithNothingLostOrDoubled() throws {
    let root = FileManager.default.temporaryDirectory
      .appendingPathComponent("picklevet-batch-\(UUID().uuidString)").path
    let database = root + "-results.sqlite"
    defer {
      try? FileManager.default.removeItem(atPath: root)
      for suffix in ["", "-wal", "-shm"] {
        try? FileManager.default.removeItem(atPath: database + suffix)
      }
    }
    let safeBytes = try Corpus.bytes("protocols/p2/containers.pkl")
    let badBytes = try Corpus.bytes("malicious/exec/os-system-p2.pkl")
    var expected: [String: Verdict] = [:]
    for index in 0..<1_200 {
      let directory = root + "/d\(index % 10)"
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
      let malicious = index % 5 == 0
      let path = directory + "/f\(index).bin"
      // Each file gets a distinct trailing comment-free variant: append its index as a second pickle.
      var bytes = malicious ? badBytes : safeBytes
      bytes += [0x4B, UInt8(index % 256), 0x2E]  // BININT1 i, STOP: a second, plain pickle
      _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
      expected[path] = malicious ? .malicious : .safe
    }
    let first = try runTool([
      "scan", "--db", database, "--format", "jsonl", "--no-progress", "-j", "2", "--abort-after",
      "500", root,
    ])
    #expect(first.status == 137)
    let store = try ResultStore(path: database)
    let afterCrash = try store.query("SELECT COUNT(*) FROM files") { $0.int(0) }.first ?? 0
    #expect(afterCrash >= 500 && afterCrash < 1_200)

    let second = try runTool([
      "scan", "--db", database, "--format", "jsonl", "--no-progress", "-j", "2", root,
    ])
    #expect(second.status == 1)
    let rescanned = second.stdout.split(separator: "\n").count
    #expect(rescanned == 1_200 - afterCrash)

    // One row per content hash: 256 safe and 240 malicious variants (the index byte repeats).
    let hashed = try store.query("SELECT COUNT(*) FROM files WHERE sha256 IS NULL") { $0.int(0) }
    #expect(hashed.first == 0)
    let contents = try store.query("SELECT COUNT(*) FROM results") { $0.int(0) }
    #expect(contents.first == 496)
    let rows = try store.query("SELECT path, verdict FROM files") {
      ($0.text(0) ?? "", $0.text(1) ?? "")
    }
    #expect(rows.count == 1_200)
    #expect(Set(rows.map(\.0)).count == 1_200)
    for (path, verdict) in rows {
      #expect(expected[path]?.rawValue == verdict, "\(path)")
    }

    let third = try runTool(["scan", "--db", database, "--format", "jsonl", "--no-progress", root])
    #expect(third.stdout.isEmpty)
    #expect(try store.query("SELECT COUNT(*) FROM files") { $0.int(0) }.first == 1_200)
  }
}
