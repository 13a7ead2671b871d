#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension RuleSet {
  private static let shippedResult: Result<RuleSet, RuleError> = {
    let (set, diagnostics) = combine(ShippedRules.files)
    guard let set else {
      return .failure(
        RuleError(.invalidRules, "the shipped policy has errors", diagnostics: diagnostics)
      )
    }
    return .success(set)
  }()

  /// The policy shipped with PickleVet, embedded in the binary (a copy of `Rules/`).
  ///
  /// - Returns: The shipped rule set.
  /// - Throws: ``RuleError`` when the embedded files do not check (a build defect).
  public static func shipped() throws(RuleError) -> RuleSet {
    try shippedResult.get()
  }

  /// Loads a rule file.
  ///
  /// - Parameter path: The file.
  /// - Returns: The rule set.
  /// - Throws: ``RuleError`` when the file cannot be read or has errors.
  public static func load(path: String) throws(RuleError) -> RuleSet {
    let text = try readText(path)
    let (set, diagnostics) = parse(text, file: path)
    guard let set else {
      throw RuleError(.invalidRules, "\(path) has errors", diagnostics: diagnostics)
    }
    return set
  }

  /// Loads every `*.rules` file under `directory` (sorted, subfolders included) as one set,
  /// as the shipped policy is loaded from the repository's `Rules/` folder.
  ///
  /// - Parameter directory: The folder.
  /// - Returns: The rule set.
  /// - Throws: ``RuleError`` when a file cannot be read or the files have errors.
  public static func load(directory: String) throws(RuleError) -> RuleSet {
    var files: [(name: String, text: String)] = []
    for name in try ruleFiles(in: directory) {
      files.append((name, try readText(directory + "/" + name)))
    }
    let (set, diagnostics) = combine(files)
    guard let set else {
      throw RuleError(.invalidRules, "\(directory) has errors", diagnostics: diagnostics)
    }
    return set
  }

  /// Relative paths of the `*.rules` files under `directory`, sorted.
  static func ruleFiles(in directory: String) throws(RuleError) -> [String] {
    var found: [String] = []
    var pending = [""]
    var visited = 0
    while let relative = pending.popLast() {
      visited += 1
      guard visited < 1000 else { break }
      let path = relative.isEmpty ? directory : directory + "/" + relative
      guard let handle = opendir(path) else {
        throw RuleError(.unreadable, "cannot open folder \(path)")
      }
      defer { closedir(handle) }
      while let entry = readdir(handle) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
          String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        if name.hasPrefix(".") { continue }
        let child = relative.isEmpty ? name : relative + "/" + name
        if entry.pointee.d_type == UInt8(DT_DIR) {
          pending.append(child)
        } else if name.hasSuffix(".rules") {
          found.append(child)
        }
      }
    }
    return found.sorted()
  }

  /// Reads a whole text file (rule files are small; 16 MiB at most).
  static func readText(_ path: String) throws(RuleError) -> String {
    guard let file = fopen(path, "rb") else {
      throw RuleError(.unreadable, "cannot open \(path): \(String(cString: strerror(errno)))")
    }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = fread(&chunk, 1, chunk.count, file)
      if count == 0 { break }
      bytes.append(contentsOf: chunk[0..<count])
      guard bytes.count <= 16 << 20 else {
        throw RuleError(.unreadable, "\(path) is larger than 16 MiB")
      }
    }
    if ferror(file) != 0 { throw RuleError(.unreadable, "cannot read \(path)") }
    return String(decoding: bytes, as: UTF8.self)
  }
}

extension RuleSet {
  /// The shipped policy with the user's rule files added in order, or replaced by them.
  ///
  /// - Parameters:
  ///   - files: Paths given with `--rules`, in order.
  ///   - replace: `true` to use only the user's files (`--replace-rules`).
  /// - Returns: The rule set to run.
  /// - Throws: ``RuleError`` when a file cannot be read or has errors.
  public static func configured(files: [String], replace: Bool = false) throws(RuleError)
    -> RuleSet
  {
    var set = try shipped()
    guard !files.isEmpty else { return set }
    var texts: [(name: String, text: String)] = []
    for file in files { texts.append((file, try readText(file))) }
    let (user, diagnostics) = combine(texts)
    guard let user else {
      throw RuleError(.invalidRules, "rule files have errors", diagnostics: diagnostics)
    }
    set = set.merging(user, replace: replace)
    return set
  }
}
