/// Clear-box hooks for tests of name resolution; not API.
public enum NameResolverProbe {
  /// `find_class(module, name)` under `proto`, as `module.name`.
  public static func findClass(module: String, name: String, proto: Int) -> String {
    NameResolver.findClass(module: module, name: name, proto: proto).symbol.name.description
  }

  /// Entries of the compiled `IMPORT_MAPPING`.
  public static var importMappingCount: Int { CompatPickleTable.importMapping.count }
  /// Entries of the compiled `NAME_MAPPING`.
  public static var nameMappingCount: Int { CompatPickleTable.nameMapping.count }
}

/// Clear-box hook for module alias folding; not API.
public enum ModuleAliasProbe {
  /// The canonical spelling of a module.
  public static func canonical(_ module: String) -> String { ModuleTable.canonical(module) }
}
