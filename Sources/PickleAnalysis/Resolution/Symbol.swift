/// A global-like value as a path: a module, an attribute path inside it, or a namespace dict.
///
/// `find_class`, `getattr`, `__import__`, `vars()` and dict lookups on namespaces all move along
/// such paths, so one type carries them and ``NameResolver`` interprets each step.
struct Symbol {
  enum State {
    /// The module object itself.
    case module
    /// An attribute path inside the module (a function, class, method, constant).
    case object
    /// A namespace dict: the module's globals (`attrs` empty) or an object's `__dict__`.
    case namespace
  }

  var state: State
  /// The canonical module (`os`, `os.path`, `builtins`).
  var module: String
  /// Attribute path inside the module.
  var attrs: [String]
  /// How the pickle spelled the global that started the path, when it differs.
  var written: (module: String, name: String)?
  /// Trampolines the path came through, outermost first.
  var via: [QualifiedName] = []
  /// Offset of the `GLOBAL`/`STACK_GLOBAL`/`INST` the path started from, if any.
  var sourceOffset: Int?
  /// Index of its ``GlobalReference``.
  var reference: Int = -1

  init(module: String) {
    state = .module
    self.module = module
    attrs = []
  }

  /// The name rules match: `os.system`, `os.path` for a module, `vars(os)` for a namespace.
  var name: QualifiedName {
    let resolved: QualifiedName
    switch state {
    case .object:
      resolved = QualifiedName(module: module, name: attrs.joined(separator: "."))
    case .module:
      if let dot = module.lastIndex(of: ".") {
        resolved = QualifiedName(
          module: String(module[..<dot]),
          name: String(module[module.index(after: dot)...])
        )
      } else {
        resolved = QualifiedName(module: "", name: module)
      }
    case .namespace:
      let owner = ([module] + attrs).joined(separator: ".")
      resolved = QualifiedName(module: "", name: "vars(\(owner))")
    }
    guard let written else { return resolved }
    return QualifiedName(
      module: resolved.module,
      name: resolved.name,
      writtenModule: written.module,
      writtenName: written.name
    )
  }

  /// The literal the value shows as.
  var literal: Literal {
    switch state {
    case .module: .module(module)
    case .object: .global(name)
    case .namespace: .opaque(name.name)
    }
  }
}
