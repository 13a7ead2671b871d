import Glibc
import PickleRules

extension Scanner {
  /// Starts compiling the shipped policy on a thread of its own, so a one-file scan overlaps it
  /// with parsing its command line (each takes about 3 ms).
  ///
  /// Whoever needs the rules first waits for the same one-time initialisation, so calling this
  /// never changes a result.
  public static func warmUpShippedRules() {
    let thread = WorkerThread.start(stackSize: 8 << 20) { _ = try? RuleSet.shipped() }
    pthread_detach(thread)
  }
}
