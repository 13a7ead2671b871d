import Foundation

/// Runs `work` on up to `concurrency` threads and hands results back in input order.
///
/// At most `window` results wait for an earlier slow item, so memory stays bounded however
/// long the input list is, and the output is the same whatever the scheduling.
public struct OrderedParallelMap<Result: Sendable>: Sendable {
  /// Worker threads.
  public let concurrency: Int
  /// Items started beyond the oldest unfinished one.
  public let window: Int

  /// A map with `concurrency` workers (at least one).
  public init(concurrency: Int, window: Int? = nil) {
    self.concurrency = max(1, concurrency)
    self.window = max(self.concurrency, window ?? self.concurrency * 4)
  }

  private final class Shared: @unchecked Sendable {
    let condition = NSCondition()
    var next = 0
    var emitted = 0
    var done: [Int: Result] = [:]
  }

  /// Maps `0..<count` through `work`, calling `emit` on the calling thread in index order.
  public func run(
    count: Int,
    work: @escaping @Sendable (Int) -> Result,
    emit: (Int, Result) -> Void
  ) {
    let shared = Shared()
    let window = self.window
    var threads: [Thread] = []
    for _ in 0..<min(concurrency, max(count, 1)) {
      let thread = Thread {
        while true {
          shared.condition.lock()
          while shared.next < count && shared.next >= shared.emitted + window {
            shared.condition.wait()
          }
          guard shared.next < count else {
            shared.condition.unlock()
            return
          }
          let index = shared.next
          shared.next += 1
          shared.condition.unlock()
          let result = work(index)
          shared.condition.lock()
          shared.done[index] = result
          shared.condition.broadcast()
          shared.condition.unlock()
        }
      }
      thread.stackSize = 8 << 20
      threads.append(thread)
      thread.start()
    }
    while true {
      shared.condition.lock()
      while shared.emitted < count && shared.done[shared.emitted] == nil {
        shared.condition.wait()
      }
      guard shared.emitted < count, let result = shared.done.removeValue(forKey: shared.emitted)
      else {
        shared.condition.unlock()
        break
      }
      let index = shared.emitted
      shared.emitted += 1
      shared.condition.broadcast()
      shared.condition.unlock()
      emit(index, result)
    }
  }
}
