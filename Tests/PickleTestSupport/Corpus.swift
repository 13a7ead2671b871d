import PickleCore

#if canImport(Glibc)
import Glibc
#endif

/// The committed fixture corpus, found from this file's path so tests need no setup.
public enum Corpus {
  /// Absolute path of `Corpus/`.
  public static let root: String = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)  // Tests/PickleTestSupport/Corpus.swift
    return parts.joined(separator: "/") + "/Corpus"
  }()

  /// Paths relative to `Corpus/` of the files under `folder` whose names end in `suffix`, sorted.
  public static func files(_ folder: String, suffix: String = "") -> [String] {
    var found: [String] = []
    var pending = [folder]
    while let relative = pending.popLast() {
      guard let directory = opendir(root + "/" + relative) else { continue }
      defer { closedir(directory) }
      while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
          String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        if name == "." || name == ".." { continue }
        let path = relative + "/" + name
        if entry.pointee.d_type == UInt8(DT_DIR) {
          pending.append(path)
        } else if name.hasSuffix(suffix) {
          found.append(path)
        }
      }
    }
    return found.sorted()
  }

  /// The bytes of `Corpus/<relative>`.
  public static func bytes(_ relative: String) throws -> [UInt8] {
    try readFile(root + "/" + relative)
  }

  /// The text of `Corpus/<relative>`.
  public static func text(_ relative: String) throws -> String {
    String(decoding: try bytes(relative), as: UTF8.self)
  }
}

/// Error reading a test file.
public struct TestFileError: Error, CustomStringConvertible {
  /// What failed.
  public let description: String
}

/// Reads a whole file.
public func readFile(_ path: String) throws -> [UInt8] {
  guard let file = fopen(path, "rb") else {
    throw TestFileError(description: "cannot open \(path)")
  }
  defer { fclose(file) }
  var result: [UInt8] = []
  var chunk = [UInt8](repeating: 0, count: 1 << 16)
  while true {
    let count = fread(&chunk, 1, chunk.count, file)
    if count == 0 { break }
    result.append(contentsOf: chunk[0..<count])
  }
  return result
}
