import PickleAnalysis

/// The active allow entries, indexed by exact name, answering "may this name be used so?".
struct Allowlist: Sendable {
  private let entries: [CompiledAllow]
  private let byName: [String: [Int]]
  private let byRoot: [Substring: [Int]]
  private let wild: [Int]

  init(_ entries: [CompiledAllow]) {
    self.entries = entries
    var byName: [String: [Int]] = [:]
    var byRoot: [Substring: [Int]] = [:]
    var wild: [Int] = []
    for (index, entry) in entries.enumerated() {
      for name in entry.patterns.exact { byName[name, default: []].append(index) }
      for root in entry.patterns.byRoot.keys { byRoot[root, default: []].append(index) }
      if !entry.patterns.wild.isEmpty || !entry.patterns.byLastComponent.isEmpty {
        wild.append(index)
      }
    }
    self.byName = byName
    self.byRoot = byRoot
    self.wild = wild
  }

  /// Indices of the entries whose patterns match the resolved name, memoised for the file.
  private func matching(_ name: QualifiedName, _ memo: AllowlistMemo) -> [Int] {
    let key = AllowlistMemo.Key(module: name.module, name: name.name)
    if let known = memo.indices[key] { return known }
    let text = name.description
    var found = byName[text] ?? []
    for index in (byRoot[rootComponent(text)] ?? []) + wild
    where entries[index].patterns.matches(text) {
      found.append(index)
    }
    if memo.indices.count < AllowlistMemo.capacity { memo.indices[key] = found }
    return found
  }

  private func anyEntry(
    _ name: QualifiedName,
    _ memo: AllowlistMemo,
    where test: (CompiledAllow) -> Bool
  ) -> Bool {
    matching(name, memo).contains { test(entries[$0]) }
  }

  /// Some entry names it: it may at least be referenced.
  func permitsReference(_ name: QualifiedName, memo: AllowlistMemo) -> Bool {
    !matching(name, memo).isEmpty
  }

  /// It may be created without a call: a `class` entry, or a `call` entry without constraints.
  func permitsInstantiation(_ name: QualifiedName, memo: AllowlistMemo) -> Bool {
    anyEntry(name, memo) { $0.use == .class || ($0.use == .call && $0.condition == nil) }
  }

  /// Some `call` entry for the name constrains its arguments.
  func constrains(_ name: QualifiedName, memo: AllowlistMemo) -> Bool {
    anyEntry(name, memo) { $0.use == .call && $0.condition != nil }
  }

  /// The call is allowed for its kind, within the entry's argument constraints.
  func permits(_ call: Call, facts: SubjectFacts, evaluator: ConditionEvaluator) -> Bool {
    guard let callee = call.callee else { return false }
    let memo = facts.budget.allowlistMemo
    switch call.kind {
    case .setstate:
      return anyEntry(Self.stripSetstate(callee), memo) { $0.use != .reference }
    case .newobj, .newobjEx:
      return anyEntry(callee, memo) { entry in
        entry.use != .reference
          && (entry.condition.map { evaluator.holds($0, facts) } ?? true)
      }
    case .reduce, .obj, .inst, .indirect:
      return anyEntry(callee, memo) { entry in
        entry.use == .call && (entry.condition.map { evaluator.holds($0, facts) } ?? true)
      }
    }
  }

  /// `X.__setstate__` → `X`, so a class entry covers its own `__setstate__`.
  static func stripSetstate(_ name: QualifiedName) -> QualifiedName {
    let suffix = ".__setstate__"
    guard name.name.hasSuffix(suffix) else { return name }
    return QualifiedName(module: name.module, name: String(name.name.dropLast(suffix.count)))
  }
}

/// Allowlist answers of one file: a model calls the same few names thousands of times, and
/// matching a name against every pattern entry costs more than the rest of a rule.
final class AllowlistMemo {
  /// Names remembered per file; a hostile file with more distinct names is matched afresh.
  static let capacity = 4096

  struct Key: Hashable {
    let module: String
    let name: String
  }

  fileprivate var indices: [Key: [Int]] = [:]
}
