import Testing

@testable import RestrictedDecoder

/// The memo keeps dense keys in an array and sparse ones aside, counting each key once.
@Suite struct MemoTests {
  @Test func denseAndSparseKeysAreFoundAndCountedOnce() {
    var memo = Memo()
    memo.set(0, .int(0))
    memo.set(1_000_000, .int(1))
    memo.set(1, .int(2))
    memo.set(0, .int(3))
    #expect(memo.count == 3)
    #expect(memo[0]?.int == 3)
    #expect(memo[1]?.int == 2)
    #expect(memo[1_000_000]?.int == 1)
    #expect(memo[2] == nil)
    #expect(memo[-1] == nil)
  }

  @Test func aSparseKeyStaysFoundWhenTheArrayGrowsPastIt() {
    var memo = Memo()
    memo.set(5000, .int(7))
    for key in Int64(0)..<6000 where key != 5000 { memo.set(key, .int(key)) }
    #expect(memo[5000]?.int == 7)
    memo.set(5000, .int(8))
    #expect(memo[5000]?.int == 8)
    #expect(memo.count == 6000)
  }
}
