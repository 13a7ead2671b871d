#if os(Linux)
import CSeccomp
import Glibc

/// One run of the child: spawned with `posix_spawn`, watched with `poll`, reaped with `wait4`.
struct ChildProcess {
  /// Why the parent killed the child, if it did.
  enum Kill: Equatable {
    case wallClock
    case outputLimit
  }

  /// What the parent saw.
  struct Run {
    var status: Int32 = 0
    var stdout: [UInt8] = []
    var stderr: [UInt8] = []
    var killed: Kill?
    var maxRSSKiB = 0
    var cpuSeconds = 0.0
    var wallSeconds = 0.0
  }

  /// Spawns `executable` with `arguments`, `input` on stdin and the environment
  /// `SWIFT_BACKTRACE=enable=no` only, and waits for it under `limits`.
  static func run(
    executable: String,
    arguments: [String],
    input: UnsafeRawBufferPointer,
    limits: SandboxLimits
  ) throws(SandboxError) -> Run {
    let start = now()
    let inputFD = sbx_memfd_create("picklevet-input")
    guard inputFD >= 0 else { throw failure("memfd_create") }
    defer { close(inputFD) }
    guard FileDescriptorIO.writeAll(inputFD, input), lseek(inputFD, 0, SEEK_SET) == 0 else {
      throw failure("write input")
    }
    var output: [Int32] = [-1, -1]
    var errors: [Int32] = [-1, -1]
    guard sbx_pipe_cloexec(&output) == 0 else { throw failure("pipe2") }
    guard sbx_pipe_cloexec(&errors) == 0 else {
      close(output[0])
      close(output[1])
      throw failure("pipe2")
    }
    defer {
      close(output[0])
      close(errors[0])
    }
    let pid: pid_t
    do {
      defer {
        close(output[1])
        close(errors[1])
      }
      pid = try spawn(executable, arguments, stdin: inputFD, stdout: output[1], stderr: errors[1])
    }
    var run = Run()
    let deadline = start + limits.wallSeconds
    collect(pid, output: output[0], errors: errors[0], deadline: deadline, limits, &run)
    reap(pid, deadline: deadline, &run)
    run.wallSeconds = now() - start
    return run
  }

  private static func spawn(
    _ executable: String,
    _ arguments: [String],
    stdin: Int32,
    stdout: Int32,
    stderr: Int32
  ) throws(SandboxError) -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, stdin, 0)
    posix_spawn_file_actions_adddup2(&actions, stdout, 1)
    posix_spawn_file_actions_adddup2(&actions, stderr, 2)
    posix_spawn_file_actions_addclosefrom_np(&actions, 3)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var empty = sigset_t()
    sigemptyset(&empty)
    var all = sigset_t()
    sigfillset(&all)
    posix_spawnattr_setsigmask(&attributes, &empty)
    posix_spawnattr_setsigdefault(&attributes, &all)
    posix_spawnattr_setpgroup(&attributes, 0)
    posix_spawnattr_setflags(
      &attributes,
      Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP)
    )
    let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp: [UnsafeMutablePointer<CChar>?] = [strdup(Sandbox.childEnvironment), nil]
    defer {
      for pointer in argv + envp { free(pointer) }
    }
    var pid: pid_t = 0
    let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
    guard result == 0 else {
      throw SandboxError(.setup, "posix_spawn \(executable): \(String(cString: strerror(result)))")
    }
    return pid
  }

  /// Reads both pipes until end of file, the deadline, or the output cap.
  private static func collect(
    _ pid: pid_t,
    output: Int32,
    errors: Int32,
    deadline: Double,
    _ limits: SandboxLimits,
    _ run: inout Run
  ) {
    var fds = [
      pollfd(fd: output, events: Int16(POLLIN), revents: 0),
      pollfd(fd: errors, events: Int16(POLLIN), revents: 0),
    ]
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while fds.contains(where: { $0.fd >= 0 }) {
      let remaining = deadline - now()
      if remaining <= 0 {
        terminate(pid, .wallClock, &run)
        return
      }
      let ready = poll(&fds, nfds_t(fds.count), Int32(min(remaining * 1000 + 1, 1000)))
      if ready < 0 {
        if errno == EINTR { continue }
        terminate(pid, .wallClock, &run)
        return
      }
      for index in fds.indices where fds[index].fd >= 0 && fds[index].revents != 0 {
        let count = chunk.withUnsafeMutableBytes { read(fds[index].fd, $0.baseAddress, $0.count) }
        if count < 0 && errno == EINTR { continue }
        if count <= 0 {
          fds[index].fd = -1
          continue
        }
        if index == 0 {
          guard run.stdout.count + count <= limits.maxOutputBytes else {
            terminate(pid, .outputLimit, &run)
            return
          }
          run.stdout += chunk[0..<count]
        } else if run.stderr.count < limits.maxDiagnosticBytes {
          run.stderr += chunk[0..<min(count, limits.maxDiagnosticBytes - run.stderr.count)]
        }
      }
    }
  }

  /// Waits for the child, killing it at the deadline.
  private static func reap(_ pid: pid_t, deadline: Double, _ run: inout Run) {
    var status: Int32 = 0
    var usage = rusage()
    while true {
      let result = wait4(pid, &status, run.killed == nil ? WNOHANG : 0, &usage)
      if result == pid { break }
      if result < 0 && errno != EINTR { break }
      if result == 0 {
        if now() >= deadline {
          terminate(pid, .wallClock, &run)
        } else {
          var pause = timespec(tv_sec: 0, tv_nsec: 200_000)
          nanosleep(&pause, nil)
        }
      }
    }
    run.status = status
    run.maxRSSKiB = usage.ru_maxrss
    run.cpuSeconds =
      Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
      + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
  }

  private static func terminate(_ pid: pid_t, _ reason: Kill, _ run: inout Run) {
    if run.killed == nil { run.killed = reason }
    kill(pid, SIGKILL)
  }

  private static func failure(_ call: String) -> SandboxError {
    SandboxError(.setup, "\(call): \(String(cString: strerror(errno)))")
  }

  static func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
  }
}
#endif
