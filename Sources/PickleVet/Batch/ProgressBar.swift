import FoundationEssentials
import Glibc

/// A one-line progress display on standard error: files done/total, bytes, rate and ETA.
///
/// Only drawn when standard error is a terminal; redrawn at most ten times a second.
public final class ProgressBar {
  private let total: Int
  private let enabled: Bool
  private let start = Date()
  private var lastDraw = Date.distantPast
  private var files = 0
  private var bytes = 0
  private let standardError = OutputSink(fd: 2)

  /// A bar for `total` files; silent unless standard error is a TTY.
  public init(total: Int, enabled: Bool = isatty(2) == 1) {
    self.total = total
    self.enabled = enabled
  }

  /// Counts one more file of `size` bytes.
  public func advance(bytes size: Int) {
    files += 1
    bytes += size
    guard enabled else { return }
    let now = Date()
    guard now.timeIntervalSince(lastDraw) >= 0.1 || files == total else { return }
    lastDraw = now
    let elapsed = max(now.timeIntervalSince(start), 0.001)
    let rate = Double(bytes) / elapsed
    let remaining = files > 0 ? elapsed / Double(files) * Double(total - files) : 0
    let width = 24
    let filled = total > 0 ? width * files / total : width
    let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
    let line =
      "\r[\(bar)] \(files)/\(total) files  \(byteCount(bytes))  \(byteCount(Int(rate)))/s  ETA \(clock(remaining)) "
    standardError.write(line)
    standardError.flush()
  }

  /// Clears the line.
  public func finish() {
    guard enabled else { return }
    standardError.write("\r\u{1B}[K")
    standardError.flush()
  }

  private func clock(_ seconds: Double) -> String {
    let whole = Int(seconds.rounded())
    let minutes = whole / 60
    let rest = whole % 60
    return "\(minutes):" + (rest < 10 ? "0" : "") + "\(rest)"
  }
}
