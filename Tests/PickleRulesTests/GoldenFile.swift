import PickleTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Compares `actual` with the golden file at `path`; `UPDATE_GOLDENS=1` rewrites it and fails.
func assertGolden(_ actual: String, path: String, sourceLocation: SourceLocation = #_sourceLocation)
{
  if getenv("UPDATE_GOLDENS") != nil {
    guard let file = fopen(path, "wb") else {
      Issue.record("cannot write \(path)", sourceLocation: sourceLocation)
      return
    }
    _ = actual.utf8.withContiguousStorageIfAvailable { fwrite($0.baseAddress, 1, $0.count, file) }
    fclose(file)
    Issue.record("rewrote \(path); rerun without UPDATE_GOLDENS", sourceLocation: sourceLocation)
    return
  }
  let expected = (try? readFile(path)).map { String(decoding: $0, as: UTF8.self) }
  guard let expected else {
    Issue.record(
      "missing golden \(path); run with UPDATE_GOLDENS=1",
      sourceLocation: sourceLocation
    )
    return
  }
  #expect(actual == expected, "golden \(path) differs", sourceLocation: sourceLocation)
}

/// Absolute path of `Tests/PickleRulesTests/<relative>`.
func testsPath(_ relative: String) -> String {
  var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
  parts.removeLast()
  return parts.joined(separator: "/") + "/" + relative
}

/// Absolute path of the repository root.
let repositoryRoot: String = {
  var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
  parts.removeLast(3)
  return parts.joined(separator: "/")
}()

/// Names of the files in `directory` ending in `suffix`, sorted.
func listDirectory(_ directory: String, suffix: String) -> [String] {
  guard let handle = opendir(directory) else { return [] }
  defer { closedir(handle) }
  var names: [String] = []
  while let entry = readdir(handle) {
    let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
      String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
    }
    if name.hasSuffix(suffix) { names.append(name) }
  }
  return names.sorted()
}
