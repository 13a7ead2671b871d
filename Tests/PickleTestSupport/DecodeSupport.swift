#if canImport(Glibc)
import Glibc
#endif

/// The path of a product built next to the running test bundle.
///
/// `swift test` builds every product, and the test runner sits in the same build directory
/// as the `picklevet` executable.
public func builtProduct(_ name: String) -> String {
  var buffer = [CChar](repeating: 0, count: 4096)
  let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
  guard count > 0 else { return name }
  let path = String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
  guard let slash = path.lastIndex(of: "/") else { return name }
  return String(path[..<slash]) + "/" + name
}

/// Golden files under `Corpus/`; `UPDATE_GOLDENS=1` rewrites them (and the test must fail).
public enum Golden {
  /// True when the run should rewrite goldens.
  public static var isUpdating: Bool {
    guard let value = getenv("UPDATE_GOLDENS") else { return false }
    return String(cString: value) == "1"
  }

  /// The golden text of `Corpus/<relative>`, or `nil` when it does not exist; when updating,
  /// writes `actual` there first and reports that it did.
  ///
  /// - Throws: ``TestFileError`` when a golden cannot be written.
  public static func compare(_ actual: String, to relative: String) throws -> (
    expected: String?, updated: Bool
  ) {
    let path = Corpus.root + "/" + relative
    if isUpdating {
      try write(actual, to: path)
      return (actual, true)
    }
    return ((try? Corpus.text(relative)), false)
  }

  static func write(_ text: String, to path: String) throws {
    var directory = ""
    for part in path.split(separator: "/").dropLast() {
      directory += "/" + part
      mkdir(directory, 0o755)
    }
    guard let file = fopen(path, "wb") else {
      throw TestFileError(description: "cannot write \(path)")
    }
    defer { fclose(file) }
    let bytes = Array(text.utf8)
    guard fwrite(bytes, 1, bytes.count, file) == bytes.count else {
      throw TestFileError(description: "short write to \(path)")
    }
  }
}
