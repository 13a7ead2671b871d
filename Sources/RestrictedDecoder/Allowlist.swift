/// The globals a pickle may name, and what it may do with each (the one place that says so).
///
/// A global is found by its full `module.qualname`. A qualname with dots (attribute traversal)
/// is found only if that exact dotted name is listed. The one pattern rule admits scikit-learn
/// classes for instantiation only, see ``estimatorModules``.
enum Allowlist {
  /// Looks up `module.name`.
  static func permission(module: String, name: String) -> Permission? {
    if let permission = table[module + "." + name] { return permission }
    if isEstimatorClass(module: module, name: name) { return .instance }
    return nil
  }

  /// The full names of a class group.
  static func contains(_ name: String, in group: ClassGroup) -> Bool {
    switch group {
    case .instantiable:
      guard let dot = name.lastIndex(of: ".") else { return false }
      let module = String(name[..<dot])
      let qualname = String(name[name.index(after: dot)...])
      return permission(module: module, name: qualname)?.instantiable ?? false
    case .ndarray: return NumPyNames.ndarrayClasses.contains(name)
    case .pandasIndex: return FrameworkNames.pandasIndexClasses.contains(name)
    case .pandasArray: return FrameworkNames.pandasArrayClasses.contains(name)
    case .bitGenerator: return NumPyNames.bitGenerators.contains(name)
    case .seedSequence: return name == "numpy.random.bit_generator.SeedSequence"
    }
  }

  /// scikit-learn modules whose classes may be instantiated (never called through `REDUCE`).
  static let estimatorModules = ["sklearn"]
  /// Modules under those that hold no estimators and are never instantiated from a pickle.
  static let excludedEstimatorModules = ["sklearn.externals", "sklearn.utils._testing"]

  /// True for `sklearn[.sub].Name` where `Name` looks like a class (`Name`, `_Name`).
  static func isEstimatorClass(module: String, name: String) -> Bool {
    func under(_ prefix: String) -> Bool { module == prefix || module.hasPrefix(prefix + ".") }
    guard estimatorModules.contains(where: under),
      !excludedEstimatorModules.contains(where: under)
    else { return false }
    let scalars = Array(name.unicodeScalars)
    guard let first = scalars.first(where: { $0 != "_" }), ("A"..."Z").contains(first) else {
      return false
    }
    return scalars.allSatisfy { scalar in
      ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
        || scalar == "_"
    }
  }

  static let table: [String: Permission] = {
    var table: [String: Permission] = [:]
    for (name, permission) in standardLibrary + NumPyNames.rows + TorchNames.rows
      + FrameworkNames.rows
    {
      precondition(table[name] == nil, "\(name) is listed twice")
      table[name] = permission
    }
    return table
  }()

  /// Builtins and the standard library.
  static let standardLibrary: [(String, Permission)] = [
    // Types kept as values: reconstructor bases, defaultdict factories, dtype parameters.
    ("builtins.object", .value), ("builtins.list", .value), ("builtins.dict", .value),
    ("builtins.tuple", .value), ("builtins.int", .value), ("builtins.float", .value),
    ("builtins.str", .value), ("builtins.bool", .value),
    // Constructors of plain values, emulated.
    ("builtins.set", .calls(.set, storable: true)),
    ("builtins.frozenset", .calls(.frozenset, storable: true)),
    ("builtins.bytes", .calls(.bytes, storable: true)),
    ("builtins.bytearray", .calls(.bytearray, storable: true)),
    ("builtins.complex", .calls(.complex, storable: true)),
    ("builtins.slice", .calls(.slice, storable: true)),
    ("builtins.range", .calls(.range, storable: true)),
    // getattr(cls, name) only where `cls.name` is itself listed; callable only.
    ("builtins.getattr", .calls(.getattr)),
    // How protocol 0-2 pickles carry bytes: _codecs.encode(str, 'latin1').
    ("_codecs.encode", .calls(.codecsEncode)),
    // copyreg._reconstructor(cls, object|dict|list, state) for instantiable classes only.
    ("copyreg._reconstructor", .calls(.reconstructor)),
    ("collections.OrderedDict", .calls(.orderedDict, storable: true)),
    ("collections.Counter", .calls(.counter, storable: true)),
    ("collections.defaultdict", .calls(.defaultdict, storable: true)),
    ("collections.deque", .calls(.deque, storable: true)),
    ("datetime.date", .calls(.date, storable: true)),
    ("datetime.datetime", .calls(.datetime, storable: true)),
    ("datetime.time", .calls(.time, storable: true)),
    ("datetime.timedelta", .calls(.timedelta, storable: true)),
    ("datetime.timezone", .calls(.timezone, storable: true)),
    ("decimal.Decimal", .calls(.decimal, storable: true)),
    ("fractions.Fraction", .calls(.fraction, storable: true)),
    ("zoneinfo.ZoneInfo", .value),
    ("zoneinfo.ZoneInfo._unpickle", .calls(.zoneInfo)),
    ("uuid.UUID", .instance),
    ("uuid.SafeUUID", .calls(.call(.data, buildable: false), storable: true)),
    ("pathlib.PurePath", .calls(.call(.strings, buildable: false), storable: true)),
    ("pathlib.PurePosixPath", .calls(.call(.strings, buildable: false), storable: true)),
    ("pathlib.PureWindowsPath", .calls(.call(.strings, buildable: false), storable: true)),
    ("pathlib.Path", .calls(.call(.strings, buildable: false), storable: true)),
    ("pathlib.PosixPath", .calls(.call(.strings, buildable: false), storable: true)),
    ("pathlib.WindowsPath", .calls(.call(.strings, buildable: false), storable: true)),
    // Enum members pickle as Class(value).
    ("http.HTTPStatus", .calls(.call(.data, buildable: false), storable: true)),
    ("re.RegexFlag", .calls(.call(.data, buildable: false), storable: true)),
    ("enum.Enum", .value),
    // A compiled pattern pickles as re._compile(pattern, flags).
    ("re._compile", .calls(.call(.data, buildable: false))),
  ]
}
