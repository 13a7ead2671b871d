import FoundationEssentials
import Glibc

/// Expands the paths given on the command line into the files to scan, in a stable order.
///
/// Directories are walked recursively with entries sorted by name. Symbolic links are followed
/// only when they resolve to a regular file inside the directory being walked; links to
/// directories are never followed, so a tree cannot loop or escape.
public struct FileWalker: Sendable {
  /// Globs a file's path relative to its root (or its name) must match; empty means all.
  public var include: [String]
  /// Globs that drop a file or a whole directory.
  public var exclude: [String]

  /// A walker with include and exclude globs (`fnmatch` syntax).
  public init(include: [String] = [], exclude: [String] = []) {
    self.include = include
    self.exclude = exclude
  }

  /// One file to scan and any problem found while walking.
  public enum Entry: Sendable, Equatable {
    /// A file to scan.
    case file(String)
    /// Standard input (`-`).
    case standardInput
    /// A path that could not be walked, with the reason.
    case problem(String, String)
  }

  /// Every file under `paths`, in order.
  public func entries(_ paths: [String]) -> [Entry] {
    var result: [Entry] = []
    for path in paths {
      if path == "-" {
        result.append(.standardInput)
        continue
      }
      var info = stat()
      guard lstat(path, &info) == 0 else {
        result.append(.problem(path, String(cString: strerror(errno))))
        continue
      }
      if info.st_mode & S_IFMT == S_IFDIR {
        walk(root: path, into: &result)
      } else {
        result.append(.file(path))
      }
    }
    return result
  }

  private func walk(root: String, into output: inout [Entry]) {
    var result: [Entry] = []
    defer {
      // One stable order whatever the file system returns: by path, byte-wise.
      output += result.sorted {
        Array(path(of: $0).utf8).lexicographicallyPrecedes(path(of: $1).utf8)
      }
    }
    let realRoot = realPath(root) ?? root
    var pending: [String] = [""]
    while let relative = pending.popLast() {
      let directory = relative.isEmpty ? root : root + "/" + relative
      guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
        result.append(.problem(directory, "cannot list directory"))
        continue
      }
      var subdirectories: [String] = []
      for name in names.sorted() {
        let childRelative = relative.isEmpty ? name : relative + "/" + name
        let childPath = root + "/" + childRelative
        if matches(exclude, childRelative, name) { continue }
        var info = stat()
        guard lstat(childPath, &info) == 0 else { continue }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
          subdirectories.append(childRelative)
        case S_IFREG:
          if include.isEmpty || matches(include, childRelative, name) {
            result.append(.file(childPath))
          }
        case S_IFLNK:
          guard let target = realPath(childPath), target.hasPrefix(realRoot + "/") else {
            result.append(.problem(childPath, "symbolic link leaves \(root); not followed"))
            continue
          }
          var targetInfo = stat()
          if stat(target, &targetInfo) == 0, targetInfo.st_mode & S_IFMT == S_IFREG,
            include.isEmpty || matches(include, childRelative, name)
          {
            result.append(.file(childPath))
          }
        default:
          continue
        }
      }
      pending.append(contentsOf: subdirectories)
    }
  }

  private func path(of entry: Entry) -> String {
    switch entry {
    case .file(let path), .problem(let path, _): path
    case .standardInput: "-"
    }
  }

  private func matches(_ globs: [String], _ relative: String, _ name: String) -> Bool {
    globs.contains { fnmatch($0, relative, 0) == 0 || fnmatch($0, name, 0) == 0 }
  }

  private func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }
}

/// A deterministic split of the input list so N machines can share one corpus.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
  /// This shard, 1-based.
  public let index: Int
  /// Number of shards.
  public let count: Int

  /// Parses `K/N` with 1 ≤ K ≤ N.
  public init?(_ text: String) {
    let parts = text.split(separator: "/")
    guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1,
      index >= 1, index <= count
    else { return nil }
    self.index = index
    self.count = count
  }

  /// `K/N`.
  public var description: String { "\(index)/\(count)" }

  /// True when `path` belongs to this shard: FNV-1a 64 of the path, modulo N.
  ///
  /// Hashing the path (not its position) keeps a file in the same shard when others are added.
  public func contains(_ path: String) -> Bool {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in path.utf8 {
      hash ^= UInt64(byte)
      hash &*= 0x0000_0100_0000_01b3
    }
    return Int(hash % UInt64(count)) == index - 1
  }
}
