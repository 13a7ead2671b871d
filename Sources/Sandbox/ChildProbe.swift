#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
#if os(Linux)
import CSeccomp
#endif

/// Test-only actions of the hidden child subcommand, run after confinement instead of a decode.
///
/// They exist so tests can prove that the real filter, rlimits and spawn settings hold in the
/// real child binary. They are compiled in always but reachable only through the hidden
/// `__sandbox-child --probe NAME` subcommand, which runs them inside the confinement they test.
public enum ChildProbe: String, CaseIterable, Sendable {
  /// Reports the environment and the open descriptors 3..<64 (checked before confinement).
  case inspect
  /// `open("/etc/hostname")`.
  case open
  /// `execve("/bin/true")`.
  case execve
  /// `socket(AF_INET, SOCK_STREAM)`.
  case socket
  /// `connect()` on stdout.
  case connect
  /// `fork()`.
  case fork
  /// `pthread_create()`.
  case thread
  /// `kill(1, 0)`: a signal to another process.
  case kill
  /// `write(3, …)`: a descriptor other than stdout and stderr.
  case writeFD3 = "write-fd3"
  /// `mmap(PROT_READ | PROT_EXEC)`.
  case mmapExec = "mmap-exec"
  /// `mprotect(PROT_READ | PROT_EXEC)` of a fresh page.
  case mprotectExec = "mprotect-exec"
  /// Allocates until the address-space limit stops it.
  case allocBomb = "alloc-bomb"
  /// Spins forever.
  case spin
  /// Writes to stdout forever.
  case flood
  /// Traps (`fatalError`).
  case crash

  /// What ``inspect`` reports: one `env NAME=VALUE` line per variable, one `fd N` per open
  /// descriptor from 3 to 63.
  static func inspection() -> String {
    var lines: [String] = []
    #if os(Linux)
    if var entry = sbx_environ() {
      while let pointer = entry.pointee {
        lines.append("env " + String(cString: pointer))
        entry += 1
      }
    }
    for fd in Int32(3)..<64 where fcntl(fd, F_GETFD) != -1 {
      lines.append("fd \(fd)")
    }
    #endif
    return lines.joined(separator: "\n")
  }

  /// Performs the forbidden action; returns only if the sandbox let it through.
  func run() {
    #if os(Linux)
    switch self {
    case .inspect:
      return
    case .open:
      _ = Glibc.open("/etc/hostname", O_RDONLY)
    case .execve:
      let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/true"), nil]
      let envp: [UnsafeMutablePointer<CChar>?] = [nil]
      _ = Glibc.execve("/bin/true", argv, envp)
    case .socket:
      _ = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    case .connect:
      var address = sockaddr()
      address.sa_family = sa_family_t(AF_INET)
      _ = Glibc.connect(1, &address, socklen_t(MemoryLayout<sockaddr>.size))
    case .fork:
      _ = Glibc.fork()
    case .thread:
      var thread = pthread_t()
      _ = pthread_create(&thread, nil, { _ in nil }, nil)
    case .kill:
      _ = Glibc.kill(1, 0)
    case .writeFD3:
      _ = Glibc.write(3, "x", 1)
    case .mmapExec:
      _ = mmap(nil, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
    case .mprotectExec:
      let page = mmap(nil, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
      _ = mprotect(page, 4096, PROT_READ | PROT_EXEC)
    case .allocBomb:
      var blocks: [UnsafeMutableRawPointer] = []
      while true {
        blocks.append(UnsafeMutableRawPointer.allocate(byteCount: 64 << 20, alignment: 16))
      }
    case .spin:
      var state: UInt64 = 1
      while true {
        state = state &* 6_364_136_223_846_793_005 &+ 1
        if state == 0 { _ = Glibc.write(2, "!", 1) }
      }
    case .flood:
      let chunk = [UInt8](repeating: 0x61, count: 1 << 16)
      while FileDescriptorIO.writeAll(1, chunk) {}
    case .crash:
      fatalError("probe crash")
    }
    #endif
  }
}
