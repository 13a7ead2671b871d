/// A Python global as `find_class` would resolve it: a module and a (possibly dotted) name.
public struct QualifiedName: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// The module after `_compat_pickle` renames and alias folding (`posix` → `os`).
  public var module: String
  /// The attribute path inside the module; dotted for protocol 4 qualnames (`Path.write_text`).
  public var name: String
  /// The module and name exactly as the pickle wrote them, when they differ from the above.
  public var written: (module: String, name: String)?

  /// A name that was written as it resolves.
  public init(module: String, name: String) {
    self.module = module
    self.name = name
    self.written = nil
  }

  /// A resolved name with how the pickle spelled it.
  public init(module: String, name: String, writtenModule: String, writtenName: String) {
    self.module = module
    self.name = name
    self.written =
      (writtenModule == module && writtenName == name) ? nil : (writtenModule, writtenName)
  }

  /// `module.name`, the form rules match against.
  public var description: String { module.isEmpty ? name : module + "." + name }

  /// `module.name` as written in the pickle.
  public var writtenDescription: String {
    guard let written else { return description }
    return written.module + "." + written.name
  }

  /// Names are equal when they resolve to the same global.
  public static func == (lhs: QualifiedName, rhs: QualifiedName) -> Bool {
    lhs.module == rhs.module && lhs.name == rhs.name
  }

  /// Hashes the resolved name only, consistent with `==`.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(module)
    hasher.combine(name)
  }

  /// Orders by module, then name.
  public static func < (lhs: QualifiedName, rhs: QualifiedName) -> Bool {
    (lhs.module, lhs.name) < (rhs.module, rhs.name)
  }
}
