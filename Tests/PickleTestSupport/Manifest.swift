/// One row of a corpus manifest (`Corpus/<set>/manifest.tsv`), read by column name.
public struct ManifestRow: Sendable, CustomStringConvertible {
  /// Path relative to `Corpus/`.
  public let path: String
  /// The expected verdict (`safe`, `suspicious`, `malicious`).
  public let expected: String
  /// The family (library for benign files).
  public let family: String
  /// The technique id (what was written, for benign files).
  public let technique: String

  /// The path, so parameterised tests name their case.
  public var description: String { path }
}

extension Corpus {
  /// The rows of `Corpus/<set>/manifest.tsv`; empty when it cannot be read.
  public static func manifest(_ set: String) -> [ManifestRow] {
    guard let text = try? Corpus.text(set + "/manifest.tsv") else { return [] }
    let lines = text.split(separator: "\n").map {
      $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
    }
    guard let header = lines.first else { return [] }
    func column(_ name: String) -> Int? { header.firstIndex(of: name) }
    guard let path = column("path"), let expected = column("expected") else { return [] }
    let family = column("family")
    let technique = column("technique")
    return lines.dropFirst().compactMap { fields in
      func field(_ index: Int?) -> String {
        guard let index, index < fields.count else { return "" }
        return fields[index]
      }
      guard path < fields.count, !fields[path].isEmpty else { return nil }
      return ManifestRow(
        path: fields[path],
        expected: field(expected),
        family: field(family),
        technique: field(technique)
      )
    }
  }
}
