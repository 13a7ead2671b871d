/// Bounds the regular-expression work of one evaluation, and carries its allowlist memo.
///
/// Matching is linear, but a hostile file can hold 100,000 calls with 4 KiB strings each; once
/// the budget is spent, further `matches` tests are false and the coverage says so.
final class WorkBudget {
  let limit: Int
  private(set) var used = 0
  private(set) var exhausted = false
  let allowlistMemo = AllowlistMemo()

  init(limit: Int) { self.limit = limit }

  /// Charges `count` scalars; false once the budget is spent.
  func charge(_ count: Int) -> Bool {
    guard !exhausted else { return false }
    used += count
    if used > limit { exhausted = true }
    return !exhausted
  }

  /// Whether `regex` matches `text`, charging the text's length.
  func matches(_ regex: Regex, _ text: String) -> Bool {
    charge(text.utf8.count) && regex.matches(text)
  }
}
