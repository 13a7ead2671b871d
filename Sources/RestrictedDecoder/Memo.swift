/// The unpickler's memo: dense keys (the usual `MEMOIZE`/`BINPUT` 0, 1, 2 …) in an array,
/// others in a dictionary.
///
/// The array never grows past twice the entry count plus a margin, so sparse keys cannot
/// make it large.
struct Memo {
  private var dense: [Value?] = []
  private var sparse: [Int64: Value] = [:]
  /// Number of keys stored (`len(memo)` in Python).
  private(set) var count = 0

  private static let margin = 1024

  subscript(key: Int64) -> Value? {
    if key >= 0, key < dense.count, let value = dense[Int(key)] { return value }
    return sparse.isEmpty ? nil : sparse[key]
  }

  /// Stores `value` under `key` (`key` is not negative).
  mutating func set(_ key: Int64, _ value: Value) {
    if !sparse.isEmpty, sparse[key] != nil {
      sparse[key] = value
    } else if key < dense.count {
      if dense[Int(key)] == nil { count += 1 }
      dense[Int(key)] = value
    } else if key < 2 * Int64(count) + Int64(Self.margin) {
      dense.append(contentsOf: repeatElement(nil, count: Int(key) - dense.count + 1))
      dense[Int(key)] = value
      count += 1
    } else {
      sparse[key] = value
      count += 1
    }
  }
}
