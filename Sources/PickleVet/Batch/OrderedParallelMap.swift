import Glibc

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
    let condition = ConditionVariable()
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
    var threads: [pthread_t] = []
    for _ in 0..<min(concurrency, max(count, 1)) {
      let thread = WorkerThread.start(stackSize: 8 << 20) {
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
      threads.append(thread)
    }
    defer { for thread in threads { pthread_join(thread, nil) } }
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

/// A mutex with one condition variable (pthreads: Foundation's `NSCondition` would pull in
/// ICU and cost every run milliseconds of start-up).
final class ConditionVariable: @unchecked Sendable {
  private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
  private let variable = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

  init() {
    pthread_mutex_init(mutex, nil)
    pthread_cond_init(variable, nil)
  }

  deinit {
    pthread_cond_destroy(variable)
    pthread_mutex_destroy(mutex)
    variable.deallocate()
    mutex.deallocate()
  }

  func lock() { pthread_mutex_lock(mutex) }
  func unlock() { pthread_mutex_unlock(mutex) }
  func wait() { pthread_cond_wait(variable, mutex) }
  func broadcast() { pthread_cond_broadcast(variable) }
}

/// Starts a joinable pthread running `body`.
enum WorkerThread {
  private final class Body {
    let run: () -> Void
    init(_ run: @escaping () -> Void) { self.run = run }
  }

  static func start(stackSize: Int, _ body: @escaping @Sendable () -> Void) -> pthread_t {
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setstacksize(&attributes, stackSize)
    let context = Unmanaged.passRetained(Body(body)).toOpaque()
    var thread = pthread_t()
    let status = pthread_create(
      &thread,
      &attributes,
      { context in
        guard let context else { return nil }
        Unmanaged<Body>.fromOpaque(context).takeRetainedValue().run()
        return nil
      },
      context
    )
    precondition(status == 0, "pthread_create failed: \(status)")
    return thread
  }
}
