#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Buffered writes of text lines to a file descriptor (stdout by default).
public final class OutputSink {
  private var buffer: [UInt8] = []
  private let fd: Int32
  private let flushThreshold = 1 << 16

  /// A sink writing to `fd`.
  public init(fd: Int32 = 1) {
    self.fd = fd
    buffer.reserveCapacity(flushThreshold * 2)
  }

  deinit { flush() }

  /// Appends `line` and a newline.
  public func line(_ line: String) {
    buffer.append(contentsOf: line.utf8)
    buffer.append(0x0A)
    if buffer.count >= flushThreshold { flush() }
  }

  /// Appends `text` as is.
  public func write(_ text: String) {
    buffer.append(contentsOf: text.utf8)
    if buffer.count >= flushThreshold { flush() }
  }

  /// Writes out what is buffered, retrying on EINTR; a closed pipe ends the output quietly.
  public func flush() {
    var written = 0
    while written < buffer.count {
      let result = buffer.withUnsafeBytes { bytes in
        Glibc.write(fd, bytes.baseAddress.map { $0 + written }, bytes.count - written)
      }
      if result < 0 {
        if errno == EINTR { continue }
        break
      }
      written += result
    }
    buffer.removeAll(keepingCapacity: true)
  }
}

/// Writes a line to standard error, unbuffered.
public func printError(_ message: String) {
  let sink = OutputSink(fd: 2)
  sink.line(message)
}
