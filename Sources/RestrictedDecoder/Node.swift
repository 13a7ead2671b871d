import PickleCore

/// A Python object with identity: a container or an emulated object.
///
/// Containers keep their elements in ``items`` or ``entries``; emulated objects (tensors,
/// arrays, estimators) describe themselves as named ``fields``. ``type`` is the `"type"` of
/// the node in the JSON value tree.
public final class Node {
  /// The shape of the node's contents.
  public enum Kind: Sendable, Equatable {
    /// Ordered, mutable items (`list`, `collections.deque`).
    case list
    /// Ordered, immutable items.
    case tuple
    /// Key-value entries (`dict`, `OrderedDict`, `Counter`, `defaultdict`).
    case dict
    /// Unordered unique items.
    case set
    /// Immutable `set`.
    case frozenset
    /// Mutable bytes.
    case bytearray
    /// An emulated object described by named fields.
    case record
  }

  /// One entry of a dict-like node.
  public struct Entry {
    /// The key.
    public var key: Value
    /// The value.
    public var value: Value
  }

  /// The shape of the contents.
  public let kind: Kind
  /// The JSON `"type"` (`"list"`, `"OrderedDict"`, `"tensor"`, `"object"` …).
  public internal(set) var type: String
  /// Elements of list, tuple, set and frozenset nodes.
  public internal(set) var items: [Value] = []
  /// Entries of dict-like nodes (and of objects built over a `dict` base).
  public internal(set) var entries: [Entry] = []
  /// Named fields of records, and extra attributes of containers (a deque's `maxlen`).
  public internal(set) var fields: [(name: String, value: Value)] = []
  /// The bytes of a `bytearray`.
  public internal(set) var bytes = ByteString([])
  /// Dtype, shape and size of a tensor or array, for the inventory.
  public internal(set) var array: ArrayInfo? {
    get { arrayBox?.value }
    set { arrayBox = newValue.map(Box.init) }
  }
  /// Offset of the opcode that created the node.
  public let offset: Int

  var role: Role = .plain
  // Rare payloads stay boxed so that the many plain nodes stay small.
  private var arrayBox: Box<ArrayInfo>?
  var isUnhashable = false
  var holdsCallableOnlyGlobal = false
  var keyIndex: [ScalarKey: Int] = [:]
  /// Position in the ``NodeArena`` that frees cycles.
  var arenaIndex = 0
  private var isIndexed = false

  init(_ kind: Kind, type: String, at offset: Int) {
    self.kind = kind
    self.type = type
    self.offset = offset
    isUnhashable = kind == .list || kind == .dict || kind == .set || kind == .bytearray
  }

  /// Releases a deep tree without deep recursion: children that only this node holds are
  /// emptied one at a time from an explicit stack, so no `deinit` nests in another.
  deinit {
    var pending: [Node] = []
    moveChildren(into: &pending)
    while var node = pending.popLast() {
      if isKnownUniquelyReferenced(&node) { node.moveChildren(into: &pending) }
    }
  }

  /// Empties the node, dropping its references to other nodes (how the arena breaks cycles).
  func removeChildren() {
    items = []
    entries = []
    fields = []
  }

  private func moveChildren(into pending: inout [Node]) {
    guard !items.isEmpty || !entries.isEmpty || !fields.isEmpty else { return }
    forEachChild { pending.append($0) }
    removeChildren()
  }

  /// Entries a dict holds before its keys get a hash index; below it a linear scan is cheaper.
  static let indexThreshold = 8

  /// The position of the entry whose key equals `key` the way Python compares keys.
  func index(of key: ScalarKey) -> Int? {
    if !isIndexed {
      return entries.firstIndex { ScalarKey($0.key) == key }
    }
    return keyIndex[key]
  }

  /// Records the last entry in the hash index, building the index when the dict outgrows
  /// ``indexThreshold``.
  func indexLastEntry() {
    guard entries.count > Self.indexThreshold else { return }
    if !isIndexed {
      isIndexed = true
      for (position, entry) in entries.enumerated() {
        if let key = ScalarKey(entry.key), keyIndex[key] == nil { keyIndex[key] = position }
      }
    } else if let key = ScalarKey(entries[entries.count - 1].key) {
      keyIndex[key] = entries.count - 1
    }
  }

  /// The value of the field `name`, if the node has it.
  public func field(_ name: String) -> Value? {
    fields.first { $0.name == name }?.value
  }

  func setField(_ name: String, _ value: Value) {
    if let index = fields.firstIndex(where: { $0.name == name }) {
      fields[index].value = value
    } else {
      fields.append((name, value))
    }
  }
}
