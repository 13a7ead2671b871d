import Foundation
import PickleTestSupport
import PickleVet
import Testing

@Suite struct BatchPartsTests {
  @Test(arguments: [
    ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    (
      String(repeating: "a", count: 1000),
      "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"
    ),
  ])
  func sha256KnownVectors(_ text: String, _ digest: String) {
    let bytes = Array(text.utf8)
    #expect(bytes.withUnsafeBytes { SHA256.hex($0) } == digest)
  }

  @Test func sha256StreamingEqualsOneShot() {
    var random = SeededGenerator(seed: 7)
    let bytes = (0..<10_000).map { _ in UInt8.random(in: 0...255, using: &random) }
    var hasher = SHA256()
    for chunk in stride(from: 0, to: bytes.count, by: 777) {
      bytes[chunk..<min(chunk + 777, bytes.count)].withUnsafeBytes { hasher.update($0) }
    }
    #expect(hasher.finalizeHex() == bytes.withUnsafeBytes { SHA256.hex($0) })
  }

  @Test func mappedFileHashesPieceByPieceAndStaysReadable() throws {
    var random = SeededGenerator(seed: 11)
    let size = InputBytes.readInsteadOfMapLimit + 200_123  // mapped, with a short last piece
    let bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &random) }
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("picklevet-hash-\(UUID().uuidString).bin").path
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let input = try InputBytes(mapping: path)
    var pieces: [Int] = []
    var joined: [UInt8] = []
    input.forEachPiece(ofSize: 1 << 18) {
      pieces.append($0.count)
      joined += $0
    }
    #expect(pieces == [262_144, 262_144, 262_144, 262_144, 200_123])
    #expect(joined == bytes)
    // Pieces dropped from memory come back from the file.
    #expect(input.copy(ByteRange(start: size - 5000, count: 5000)) == Array(bytes.suffix(5000)))
    let report = try Scanner(configuration: .init(hashContent: true)).scan(path: path)
    #expect(report.sha256 == bytes.withUnsafeBytes { SHA256.hex($0) })
  }

  /// A zip over the map limit: its local headers are read with `pread`, its tensor-like member's
  /// pages are released after sniffing, and the pickle member is still found and flagged.
  @Test func mappedZipIsReadThroughSmallReadsAndStillFlagged() throws {
    let payload = Array("cos\nsystem\n(S'touch /tmp/picklevet-canary-mapped-zip'\ntR.".utf8)
    let padding = [UInt8](repeating: 0x41, count: InputBytes.readInsteadOfMapLimit + 4096)
    let zip = storedZip([("model/data/0", padding), ("model/data.pkl", payload)])
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("picklevet-mapped-\(UUID().uuidString).zip").path
    try Data(zip).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }

    let input = try InputBytes(mapping: path)
    #expect(input.readSmall(ByteRange(start: 0, count: 4)) == [0x50, 0x4B, 0x03, 0x04])
    let tail = ByteRange(start: zip.count - 700, count: 700)
    #expect(input.readSmall(tail) == Array(zip.suffix(700)))
    #expect(input.readSmall(ByteRange(start: zip.count - 10, count: 11)) == nil)
    #expect(input.readSmall(ByteRange(start: -1, count: 2)) == nil)
    input.releasePages(around: 100)
    #expect(input.copy(ByteRange(start: 0, count: 4096)) == Array(zip.prefix(4096)))

    let report = try Scanner().scan(path: path)
    #expect(report.verdict == .malicious)
    #expect(report.findings.contains { $0.location.members.last == "model/data.pkl" })
  }

  /// Streaming formats keep a tally, not the reports: memory stays flat however many files.
  @Test(arguments: [(BatchScan.Format.jsonl, 0), (.text, 0), (.json, 2), (.sarif, 2)])
  func batchKeepsReportsOnlyForWholeDocumentFormats(format: BatchScan.Format, kept: Int) throws {
    var options = BatchScan.Options(paths: [
      Corpus.root + "/benign/numpy/bool-p2.pkl", Corpus.root + "/malicious/exec/os-system-p2.pkl",
    ])
    options.format = format
    options.progress = false
    let devNull = open("/dev/null", O_WRONLY)
    defer { close(devNull) }
    let outcome = try BatchScan(scanner: Scanner(), options: options)
      .run(sink: OutputSink(fd: devNull))
    #expect(outcome.reports.count == kept)
    #expect(outcome.tally.files == 2)
    #expect(outcome.tally.files(with: .malicious) == 1)
    #expect(outcome.tally.files(with: .safe) == 1)
    #expect(outcome.exitStatus == 1)
  }

  @Test func exitStatusNeverMasksAFinding() {
    #expect(
      ExitStatus.of(verdicts: [.safe, .safe], anyIncomplete: false, threshold: .suspicious) == 0
    )
    #expect(
      ExitStatus.of(verdicts: [.safe, .error], anyIncomplete: false, threshold: .suspicious) == 2
    )
    #expect(
      ExitStatus.of(verdicts: [.error, .suspicious], anyIncomplete: true, threshold: .suspicious)
        == 1
    )
    #expect(
      ExitStatus.of(verdicts: [.suspicious], anyIncomplete: false, threshold: .malicious) == 0
    )
    #expect(ExitStatus.of(verdicts: [.suspicious], anyIncomplete: true, threshold: .malicious) == 2)
    #expect(ExitStatus.of(verdicts: [.malicious], anyIncomplete: false, threshold: .never) == 0)
  }

  @Test func shardsPartitionTheInput() throws {
    let paths = (0..<1000).map { "dir/file-\($0).pkl" }
    let shards = try (1...4).map { try #require(Shard("\($0)/4")) }
    for path in paths {
      #expect(shards.filter { $0.contains(path) }.count == 1)
    }
    let sizes = shards.map { shard in paths.filter(shard.contains).count }
    #expect(sizes.allSatisfy { $0 > 150 })
    #expect(Shard("0/4") == nil && Shard("5/4") == nil && Shard("x") == nil)
  }

  @Test func parallelMapKeepsInputOrder() {
    var seen: [Int] = []
    OrderedParallelMap<Int>(concurrency: 4, window: 8).run(count: 500) { index in
      if index % 7 == 0 { usleep(200) }
      return index * 2
    } emit: { index, value in
      #expect(value == index * 2)
      seen.append(index)
    }
    #expect(seen == Array(0..<500))
  }

  @Test func walkerSortsAndDoesNotEscapeThroughSymlinks() throws {
    let root = FileManager.default.temporaryDirectory
      .appendingPathComponent("picklevet-walk-\(UUID().uuidString)").path
    let outside = root + "-outside"
    defer {
      try? FileManager.default.removeItem(atPath: root)
      try? FileManager.default.removeItem(atPath: outside)
    }
    try FileManager.default.createDirectory(
      atPath: root + "/b/c",
      withIntermediateDirectories: true
    )
    try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
    for path in ["a.pkl", "b/x.bin", "b/c/y", "z.txt"] {
      _ = FileManager.default.createFile(atPath: root + "/" + path, contents: Data([0x4E, 0x2E]))
    }
    _ = FileManager.default.createFile(atPath: outside + "/secret", contents: Data([0x4E, 0x2E]))
    try FileManager.default.createSymbolicLink(
      atPath: root + "/escape",
      withDestinationPath: outside + "/secret"
    )
    try FileManager.default.createSymbolicLink(
      atPath: root + "/inside",
      withDestinationPath: root + "/a.pkl"
    )
    try FileManager.default.createSymbolicLink(atPath: root + "/loop", withDestinationPath: root)

    let entries = FileWalker().entries([root])
    let files = entries.compactMap { entry -> String? in
      if case .file(let path) = entry { return String(path.dropFirst(root.count + 1)) }
      return nil
    }
    #expect(files == ["a.pkl", "b/c/y", "b/x.bin", "inside", "z.txt"])
    #expect(
      entries.contains {
        if case .problem(let path, _) = $0 {
          return path.hasSuffix("/escape")
        } else {
          return false
        }
      }
    )

    let filtered = FileWalker(include: ["*.pkl", "*.bin"], exclude: ["c"]).entries([root])
      .filter { if case .file = $0 { true } else { false } }
    #expect(filtered == [.file(root + "/a.pkl"), .file(root + "/b/x.bin")])
  }

  @Test func storeRecordsOncePerHashAndPathAndMerges() throws {
    let directory = FileManager.default.temporaryDirectory.path
    let first = directory + "/picklevet-store-\(UUID().uuidString).sqlite"
    let second = directory + "/picklevet-store-\(UUID().uuidString).sqlite"
    defer {
      for path in [first, second] {
        for suffix in ["", "-wal", "-shm"] {
          try? FileManager.default.removeItem(atPath: path + suffix)
        }
      }
    }
    let finding = Finding(
      rule: "PKL201",
      name: "dangerous-import",
      severity: .critical,
      confidence: .high,
      message: "calls os.system",
      location: Location(artifact: "a.pkl", byteOffset: 2),
      call: "os.system('id')"
    )
    let bad = FileReport(
      path: "a.pkl",
      size: 10,
      sha256: "aa",
      verdict: .malicious,
      riskScore: 100,
      findings: [finding]
    )
    let good = FileReport(path: "b.pkl", size: 5, sha256: "bb", verdict: .safe)
    let store = try ResultStore(path: first)
    try store.record(bad, reportJSON: "{}", mtime: 1, policy: "p1")
    try store.record(bad, reportJSON: "{}", mtime: 1, policy: "p1")
    #expect(try store.isDone(path: "a.pkl", size: 10, mtime: 1, policy: "p1"))
    #expect(try !store.isDone(path: "a.pkl", size: 10, mtime: 2, policy: "p1"))
    #expect(try !store.isDone(path: "a.pkl", size: 10, mtime: 1, policy: "p2"))
    let other = try ResultStore(path: second)
    try other.record(good, reportJSON: "{}", mtime: 1, policy: "p1")
    try store.merge(from: second)
    let summary = try StoreSummary(store: store)
    #expect(summary.verdicts.map(\.0).sorted() == ["malicious", "safe"])
    #expect(summary.verdicts.map(\.1) == [1, 1])
    #expect(summary.topRules.first?.0 == "PKL201" && summary.topRules.first?.1 == 1)
    #expect(summary.topCallables.first?.0 == "os.system")
    #expect(summary.worstFiles.first?.0 == "a.pkl")
    #expect(summary.contents == 2)
  }
}

/// A zip of stored members with correct CRCs, as `zipfile` writes it without compression.
private func storedZip(_ members: [(name: String, data: [UInt8])]) -> [UInt8] {
  func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
  func le32(_ value: Int) -> [UInt8] { le16(value & 0xFFFF) + le16(value >> 16 & 0xFFFF) }
  var out: [UInt8] = []
  var central: [UInt8] = []
  for (name, data) in members {
    let nameBytes = Array(name.utf8)
    let crc = Int(zipCRC32(data))
    let common =
      le16(20) + le16(0) + le16(0) + le16(0) + le16(0) + le32(crc) + le32(data.count)
      + le32(data.count) + le16(nameBytes.count) + le16(0)
    central +=
      [0x50, 0x4B, 0x01, 0x02] + le16(20) + common + le16(0) + le16(0) + le16(0)
      + le32(0) + le32(out.count) + nameBytes
    out += [0x50, 0x4B, 0x03, 0x04] + common + nameBytes + data
  }
  let centralOffset = out.count
  out += central
  out +=
    [0x50, 0x4B, 0x05, 0x06] + le16(0) + le16(0) + le16(members.count) + le16(members.count)
    + le32(central.count) + le32(centralOffset) + le16(0)
  return out
}

private func zipCRC32(_ bytes: [UInt8]) -> UInt32 {
  var crc: UInt32 = 0xFFFF_FFFF
  for byte in bytes {
    crc ^= UInt32(byte)
    for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
  }
  return ~crc
}
