/// The Python 2 names CPython's `_compat_pickle` maps for protocols 0-2, as far as the
/// allowlist or a refusal message needs them.
///
/// A test checks every entry against CPython's table in `Corpus/protocols/compat-pickle.txt`.
/// A Python 2 name missing here stays unmapped, is not in the allowlist, and is refused.
enum CompatNames {
  /// `IMPORT_MAPPING`: module renames.
  static let modules: [String: String] = [
    "__builtin__": "builtins", "copy_reg": "copyreg", "UserDict": "collections",
    "UserList": "collections", "UserString": "collections", "cPickle": "pickle",
    "commands": "subprocess", "thread": "_thread", "httplib": "http.client",
    "urllib2": "urllib.request", "cStringIO": "io", "StringIO": "io",
  ]

  /// `NAME_MAPPING`: `(module, name)` renames, checked before ``modules``.
  static let names: [String: (module: String, name: String)] = [
    "__builtin__.xrange": ("builtins", "range"), "__builtin__.unicode": ("builtins", "str"),
    "__builtin__.basestring": ("builtins", "str"), "__builtin__.long": ("builtins", "int"),
    "__builtin__.unichr": ("builtins", "chr"), "__builtin__.intern": ("sys", "intern"),
    "__builtin__.reduce": ("functools", "reduce"),
    "UserDict.UserDict": ("collections", "UserDict"),
    "UserDict.IterableUserDict": ("collections", "UserDict"),
    "UserList.UserList": ("collections", "UserList"),
  ]

  /// The Python 3 name `find_class` resolves `module.name` to at protocol < 3.
  static func map(module: String, name: String) -> (module: String, name: String) {
    if let renamed = names[module + "." + name] { return renamed }
    if let renamed = modules[module] { return (renamed, name) }
    return (module, name)
  }
}
