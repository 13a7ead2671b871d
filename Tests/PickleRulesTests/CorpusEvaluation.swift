import PickleAnalysis
import PickleRules
import PickleTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// One row of a corpus manifest (`Corpus/<set>/manifest.tsv`).
struct ManifestRow: Sendable {
  var path: String
  var expected: String
  var family: String
  var technique: String
  var container: String
}

/// Reads `Corpus/<set>/manifest.tsv` (and `containers.tsv` when present) by column name.
func manifest(_ set: String) -> [ManifestRow] {
  guard let text = try? Corpus.text(set + "/manifest.tsv") else { return [] }
  let containers = tsv((try? Corpus.text(set + "/containers.tsv")) ?? "")
  var kinds: [String: String] = [:]
  for row in containers { kinds[normalized(row["path"] ?? "", set)] = row["container"] }
  return tsv(text).compactMap { row in
    guard let path = row["path"] else { return nil }
    let key = normalized(path, set)
    return ManifestRow(
      path: key,
      expected: row["expected"] ?? "",
      family: row["family"] ?? "",
      technique: row["technique"] ?? "",
      container: row["container"] ?? kinds[key] ?? ""
    )
  }
}

private func normalized(_ path: String, _ set: String) -> String {
  path.hasPrefix(set + "/") ? path : set + "/" + path
}

private func tsv(_ text: String) -> [[String: String]] {
  let lines = text.split(separator: "\n").map {
    $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
  }
  guard let header = lines.first else { return [] }
  return lines.dropFirst().map { fields in
    var row: [String: String] = [:]
    for (index, name) in header.enumerated() where index < fields.count {
      row[name] = fields[index]
    }
    return row
  }
}

/// True when the file is one pickle stream as it stands (no container around it): by the
/// manifest's container column when there is one, else by the first bytes.
func isRawPickle(_ row: ManifestRow) -> Bool {
  if !row.container.isEmpty {
    return row.container == "pickle" || row.container.hasPrefix("pickle-multi")
  }
  guard let bytes = try? Corpus.bytes(row.path), let first = bytes.first else { return false }
  let magics: [[UInt8]] = [
    [0x50, 0x4B, 0x03, 0x04], [0x50, 0x4B, 0x05, 0x06], [0x93, 0x4E, 0x55, 0x4D], [0x1F, 0x8B],
    [0x42, 0x5A, 0x68], [0xFD, 0x37, 0x7A, 0x58], [0x37, 0x7A, 0xBC, 0xAF], [0x5D, 0x00, 0x00],
    [0x04, 0x22, 0x4D, 0x18], [0x78, 0x01], [0x78, 0x5E], [0x78, 0x9C], [0x78, 0xDA],
  ]
  if magics.contains(where: { bytes.starts(with: $0) }) { return false }
  if bytes.count > 262, Array(bytes[257..<262]) == Array("ustar".utf8) { return false }
  _ = first
  return true
}

/// Analyses a raw pickle file and runs the shipped policy over it.
func evaluateRaw(_ relativePath: String, rules: RuleSet) throws -> Evaluation {
  let bytes = try Corpus.bytes(relativePath)
  let analysis = PickleAnalyzer.analyze(bytes)
  return RuleEngine(rules: rules).evaluate(
    artifact: relativePath,
    streams: [
      StreamInput(analysis: analysis, location: Location(artifact: relativePath, byteOffset: 0))
    ],
    fileAnomalies: [],
    readError: nil
  )
}
