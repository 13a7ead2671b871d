import PickleTestSupport
import Sandbox
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real child binary, under the real filter and rlimits: every forbidden class of system
/// call ends in `SIGSYS`, and each resource limit ends in its own outcome.
@Suite(.enabled(if: Sandbox.isSupported)) struct SandboxDeathTests {
  static func configuration(_ adjust: (inout SandboxLimits) -> Void = { _ in })
    -> Sandbox.Configuration
  {
    var configuration = Sandbox.Configuration()
    configuration.executable = builtProduct("picklevet")
    configuration.limits.wallSeconds = 20
    adjust(&configuration.limits)
    return configuration
  }

  static let forbidden: [ChildProbe] = [
    .open, .execve, .socket, .connect, .fork, .thread, .kill, .writeFD3, .mmapExec, .mprotectExec,
  ]

  @Test(arguments: forbidden)
  func forbiddenCallIsKilledBySeccomp(_ probe: ChildProbe) {
    let run = Sandbox.probe(probe, configuration: Self.configuration())
    guard case .sandboxViolation = run.outcome else {
      Issue.record("\(probe.rawValue): \(run.outcome.summary) stderr=\(run.diagnostics)")
      return
    }
  }

  @Test func childEnvironmentIsOneVariableAndNoExtraDescriptors() throws {
    let run = Sandbox.probe(.inspect, configuration: Self.configuration())
    guard case .probeReport(let report) = run.outcome else {
      Issue.record("inspect: \(run.outcome.summary) stderr=\(run.diagnostics)")
      return
    }
    #expect(report == "env " + Sandbox.childEnvironment)
  }

  @Test func allocationBombEndsAsMemoryLimit() {
    let run = Sandbox.probe(
      .allocBomb,
      configuration: Self.configuration { $0.addressSpaceBytes = 256 << 20 }
    )
    guard case .memoryLimit = run.outcome else {
      Issue.record("alloc-bomb: \(run.outcome.summary) stderr=\(run.diagnostics)")
      return
    }
  }

  @Test func endlessLoopEndsAsCPUTimeout() {
    let run = Sandbox.probe(.spin, configuration: Self.configuration { $0.cpuSeconds = 1 })
    guard case .cpuTimeout = run.outcome else {
      Issue.record("spin: \(run.outcome.summary)")
      return
    }
  }

  @Test func endlessLoopPastTheDeadlineEndsAsWallTimeout() {
    let run = Sandbox.probe(
      .spin,
      configuration: Self.configuration {
        $0.cpuSeconds = 60
        $0.wallSeconds = 0.5
      }
    )
    guard case .wallTimeout = run.outcome else {
      Issue.record("spin: \(run.outcome.summary)")
      return
    }
  }

  @Test func floodEndsAsOutputLimit() {
    let run = Sandbox.probe(
      .flood,
      configuration: Self.configuration { $0.maxOutputBytes = 1 << 20 }
    )
    guard case .outputLimit = run.outcome else {
      Issue.record("flood: \(run.outcome.summary)")
      return
    }
  }

  @Test func trapEndsAsCrash() {
    let run = Sandbox.probe(.crash, configuration: Self.configuration())
    guard case .crashed(let signal, _) = run.outcome else {
      Issue.record("crash: \(run.outcome.summary)")
      return
    }
    #expect([SIGILL, SIGTRAP].contains(signal))
  }

  @Test func missingExecutableIsAFailureNotACrash() {
    var configuration = Self.configuration()
    configuration.executable = "/nonexistent/picklevet"
    let run = Sandbox.probe(.inspect, configuration: configuration)
    guard case .failed = run.outcome else {
      Issue.record("missing executable: \(run.outcome.summary)")
      return
    }
  }
}
