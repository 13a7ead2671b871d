/// Resolves names the way CPython's `Unpickler.find_class` and attribute access would.
///
/// Steps: `_compat_pickle` renames below protocol 3, alias folding (`posix` → `os`), then the
/// dotted name walked attribute by attribute, entering submodules and well-known re-exported
/// modules (`pathlib.os` is `os`).
enum NameResolver {
  /// What `find_class` resolved, and what was odd about it.
  struct Resolution {
    var symbol: Symbol
    /// Set when `_compat_pickle` renamed the module or name.
    var compatRename: String?
    /// Set when the name was dotted.
    var dotted: Bool
  }

  /// `find_class(module, name)` under protocol `proto`.
  static func findClass(module: String, name: String, proto: Int) -> Resolution {
    var mappedModule = module
    var mappedName = name
    var compat: String?
    if proto < 3 {
      if let pair = CompatPickleTable.nameMapping[.init(module, name)] {
        mappedModule = pair.module
        mappedName = pair.name
      } else if let target = CompatPickleTable.importMapping[module] {
        mappedModule = target
      }
      if mappedModule != module || mappedName != name {
        compat = "\(module).\(name) → \(mappedModule).\(mappedName)"
      }
    }
    var symbol = Symbol(module: ModuleTable.canonical(mappedModule))
    let components = mappedName.split(separator: ".", omittingEmptySubsequences: false)
    for component in components { symbol = attribute(of: symbol, String(component)) }
    if symbol.state == .module, components.count == 1, symbol.module != mappedModule {
      // A plain module attribute that is a module (`os.path`) keeps that module.
    }
    symbol.written = (module, name)
    return Resolution(symbol: symbol, compatRename: compat, dotted: components.count > 1)
  }

  /// `getattr(symbol, name)`.
  static func attribute(of symbol: Symbol, _ name: String) -> Symbol {
    var result = symbol
    result.written = nil
    switch symbol.state {
    case .module:
      if name == "__dict__" {
        result.state = .namespace
      } else if name == "__builtins__" {
        result = Symbol(module: "builtins")
        result.state = .namespace
        result.via = symbol.via
        result.sourceOffset = symbol.sourceOffset
      } else if let sub = ModuleTable.submodule(of: symbol.module, name) {
        result.module = sub
      } else {
        result.state = .object
        result.attrs = [name]
      }
    case .object:
      if name == "__globals__" {
        result.state = .namespace
        result.attrs = []
      } else if name == "__dict__" {
        result.state = .namespace
      } else if name == "__builtins__" {
        result = Symbol(module: "builtins")
        result.state = .namespace
        result.via = symbol.via
        result.sourceOffset = symbol.sourceOffset
      } else {
        result.attrs.append(name)
      }
    case .namespace:
      // A dict's attribute is one of its methods; callers handle `get`/`__getitem__`.
      result.state = .object
      result.attrs = symbol.attrs + ["__dict__", name]
    }
    return result
  }

  /// `namespace[key]`, or `nil` when `symbol` is no namespace.
  static func item(of symbol: Symbol, _ key: String) -> Symbol? {
    guard symbol.state == .namespace else { return nil }
    var owner = symbol
    owner.state = symbol.attrs.isEmpty ? .module : .object
    return attribute(of: owner, key)
  }

  /// A dotted path as `pydoc.locate`, `pkgutil.resolve_name` or `__import__` use it.
  ///
  /// `pkgutil.resolve_name` also accepts `module:attr.path`.
  static func path(_ text: String) -> Symbol? {
    let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
    let modulePart = String(parts[0])
    guard !modulePart.isEmpty else { return nil }
    var components = modulePart.split(separator: ".", omittingEmptySubsequences: false).map(
      String.init
    )
    guard !components.contains(where: \.isEmpty) else { return nil }
    var symbol = Symbol(module: ModuleTable.canonical(components.removeFirst()))
    for component in components { symbol = attribute(of: symbol, component) }
    if parts.count == 2 {
      for component in parts[1].split(separator: ".") {
        symbol = attribute(of: symbol, String(component))
      }
    }
    return symbol
  }

  /// `__import__(name)` / `importlib.import_module(name)`: the module named.
  ///
  /// `__import__('os.path')` returns the top package `os`; `import_module` the leaf.
  static func importModule(_ name: String, topLevel: Bool) -> Symbol? {
    guard !name.isEmpty, !name.hasPrefix(".") else { return nil }
    if topLevel, let dot = name.firstIndex(of: ".") {
      return Symbol(module: ModuleTable.canonical(String(name[..<dot])))
    }
    return Symbol(module: ModuleTable.canonical(name))
  }
}
