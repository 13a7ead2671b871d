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

/// True when the file is one pickle stream as it stands (no container around it).
func isRawPickle(_ row: ManifestRow) -> Bool {
  row.container.isEmpty || row.container == "pickle" || row.container.hasPrefix("pickle-multi")
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
