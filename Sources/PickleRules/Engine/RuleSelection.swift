/// Which rules run: `--select` and `--ignore` by id or prefix (`PKL2`, `PKL204`).
///
/// The longest matching prefix decides, so `--select PKL2 --ignore PKL204` runs every PKL2xx
/// rule but PKL204, and `--ignore PKL2 --select PKL204` runs only PKL204 of them. With no
/// `select`, every rule runs unless ignored. At equal length, ignore wins.
public struct RuleSelection: Sendable, Hashable {
  /// Ids or prefixes to run.
  public var select: [String]
  /// Ids or prefixes to skip.
  public var ignore: [String]

  /// A selection.
  public init(select: [String] = [], ignore: [String] = []) {
    self.select = select
    self.ignore = ignore
  }

  /// True when the rule `id` runs.
  public func includes(_ id: String) -> Bool {
    let selected = select.filter { id.hasPrefix($0) }.map(\.count).max()
    let ignored = ignore.filter { id.hasPrefix($0) }.map(\.count).max()
    switch (selected, ignored) {
    case (nil, nil): return select.isEmpty
    case (.some, nil): return true
    case (nil, .some): return false
    case (.some(let s), .some(let i)): return s > i
    }
  }
}
