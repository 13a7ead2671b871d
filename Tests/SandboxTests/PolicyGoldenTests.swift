import PickleTestSupport
import Sandbox
import Testing

/// The compiled seccomp policy, as libseccomp lists it, against the committed golden.
@Suite(.enabled(if: Sandbox.isSupported)) struct PolicyGoldenTests {
  /// A fixed stand-in for the child's pid, so the listing is reproducible.
  static let pid: Int32 = 4242

  @Test func pfcListingMatchesGolden() throws {
    #if os(Linux)
    let listing = try SeccompFilter(.restrictedDecoder, ownPID: Self.pid).exportPFC()
    #expect(listing.contains("action KILL_PROCESS"))
    let golden = try Golden.compare(listing, to: "decode/seccomp-policy.pfc")
    #expect(!golden.updated, "rewrote Corpus/decode/seccomp-policy.pfc")
    #expect(golden.expected == listing)
    #endif
  }

  @Test func everyGroupHasAReasonAndRules() {
    let policy = SandboxPolicy.restrictedDecoder
    #expect(policy.defaultAction == .killProcess)
    #expect(policy.badArchitectureAction == .killProcess)
    for group in policy.groups {
      #expect(!group.reason.isEmpty)
      #expect(!group.rules.isEmpty)
    }
  }

  @Test func onlyStdinIsReadableAndOnlyStdoutAndStderrWritable() {
    let rules = SandboxPolicy.restrictedDecoder.groups.flatMap(\.rules)
    let reads = rules.filter { $0.syscall == "read" }.map(\.conditions)
    let writes = rules.filter { $0.syscall == "write" }.map(\.conditions)
    #expect(reads == [[.equal(0, .value(0))]])
    #expect(writes == [[.equal(0, .value(1))], [.equal(0, .value(2))]])
    let forbidden = [
      "open", "openat", "execve", "socket", "connect", "clone", "clone3", "fork", "kill",
    ]
    #expect(rules.allSatisfy { !forbidden.contains($0.syscall) })
  }

  @Test func unknownSystemCallIsAPolicyError() {
    #if os(Linux)
    let policy = SandboxPolicy(
      defaultAction: .killProcess,
      badArchitectureAction: .killProcess,
      groups: [.allow("test", [SandboxPolicy.Rule("no_such_call")])]
    )
    #expect(throws: SandboxError(.policy, "")) { try SeccompFilter(policy, ownPID: 1) }
    #endif
  }
}
