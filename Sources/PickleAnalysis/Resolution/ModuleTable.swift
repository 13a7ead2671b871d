/// Facts about Python modules that name resolution needs: aliases and re-exported modules.
enum ModuleTable {
  /// Implementation modules folded into the module users know, so rules match one name.
  static let aliases: [String: String] = [
    "posix": "os", "nt": "os",
    "posixpath": "os.path", "ntpath": "os.path", "macpath": "os.path", "genericpath": "os.path",
    "_io": "io", "_pyio": "io",
    "_operator": "operator",
    "_pickle": "pickle", "cPickle": "pickle",
    "_codecs": "codecs",
    "__builtin__": "builtins",
    "_functools": "functools",
    "_collections": "collections",
    "_collections_abc": "collections.abc",
    "copy_reg": "copyreg",
    "_socket": "socket",
    "_signal": "signal",
    "_warnings": "warnings",
    "_weakref": "weakref",
    "_heapq": "heapq",
    "_bisect": "bisect",
    "_struct": "struct",
    "_datetime": "datetime",
    "_stat": "stat",
    "_locale": "locale",
    "_frozen_importlib": "importlib._bootstrap",
    "_frozen_importlib_external": "importlib._bootstrap_external",
    "_marshal": "marshal",
  ]

  /// Modules that a great many modules import under their own name, so `anything.os` is `os`.
  ///
  /// Resolving these through any module errs towards flagging: a dangerous module reached as an
  /// attribute is what an attacker means.
  static let widelyImported: Set<String> = [
    "os", "sys", "subprocess", "shutil", "builtins", "__builtin__", "importlib", "socket", "pickle",
    "marshal", "ctypes", "pty", "runpy", "posix", "nt", "codecs", "base64", "zlib", "tempfile",
    "webbrowser", "pydoc", "pkgutil", "commands", "popen2", "_thread", "signal", "operator",
    "functools", "dill", "cloudpickle",
  ]

  /// Explicit submodules and re-exports: `(module, attribute)` → module.
  static let reexports: [String: [String: String]] = [
    "os": ["path": "os.path"],
    "importlib": [
      "util": "importlib.util", "machinery": "importlib.machinery",
      "abc": "importlib.abc", "resources": "importlib.resources",
      "_bootstrap": "importlib._bootstrap",
      "_bootstrap_external": "importlib._bootstrap_external", "metadata": "importlib.metadata",
    ],
    "xml": ["etree": "xml.etree", "dom": "xml.dom", "sax": "xml.sax"],
    "xml.etree": ["ElementTree": "xml.etree.ElementTree"],
    "email": ["mime": "email.mime", "utils": "email.utils", "parser": "email.parser"],
    "logging": ["config": "logging.config", "handlers": "logging.handlers"],
    "multiprocessing": [
      "connection": "multiprocessing.connection", "pool": "multiprocessing.pool",
      "managers": "multiprocessing.managers",
    ],
    "concurrent": ["futures": "concurrent.futures"],
    "urllib": ["request": "urllib.request", "parse": "urllib.parse", "error": "urllib.error"],
    "http": ["client": "http.client", "server": "http.server", "cookies": "http.cookies"],
    "ctypes": ["util": "ctypes.util"],
    "distutils": ["spawn": "distutils.spawn", "util": "distutils.util"],
    "collections": ["abc": "collections.abc"],
  ]

  /// The canonical spelling of a module name.
  static func canonical(_ module: String) -> String {
    aliases[module] ?? module
  }

  /// The module that `module.attribute` is, if it is a module.
  static func submodule(of module: String, _ attribute: String) -> String? {
    if let target = reexports[module]?[attribute] { return target }
    if widelyImported.contains(attribute), attribute != module { return canonical(attribute) }
    return nil
  }
}
