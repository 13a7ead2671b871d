#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A seccomp allowlist as data: a default action and groups of rules, each with its reason.
///
/// The policy is compiled by ``SeccompFilter``; its `seccomp_export_pfc` listing is a golden
/// file (`Corpus/decode/seccomp-policy.pfc`), so every change to it shows up in review.
public struct SandboxPolicy: Sendable {
  /// What the kernel does with a system call.
  public enum Action: Sendable, Equatable {
    /// Let it run.
    case allow
    /// Kill the whole process with `SIGSYS`.
    case killProcess
    /// Deliver `SIGSYS` to the caller (for debugging a policy).
    case trap
    /// Fail it with this errno.
    case errno(Int32)
  }

  /// A value compared with a system-call argument.
  public enum Operand: Sendable, Equatable {
    /// A constant.
    case value(UInt64)
    /// The confined process's own id, known only when the filter is built.
    case ownPID
  }

  /// A test on one system-call argument; all conditions of a rule must hold.
  public struct Condition: Sendable, Equatable {
    /// Argument index, from 0.
    public let argument: UInt32
    /// The bits compared (all bits when `nil`).
    public let mask: UInt64?
    /// The value the (masked) argument must equal.
    public let operand: Operand

    /// Argument `argument` equals `operand`.
    public static func equal(_ argument: UInt32, _ operand: Operand) -> Condition {
      Condition(argument: argument, mask: nil, operand: operand)
    }

    /// Argument `argument` has none of the bits of `mask`.
    public static func clear(_ argument: UInt32, _ mask: UInt64) -> Condition {
      Condition(argument: argument, mask: mask, operand: .value(0))
    }
  }

  /// One system call, allowed when its conditions hold.
  public struct Rule: Sendable, Equatable {
    /// The system call's name as libseccomp spells it.
    public let syscall: String
    /// Conditions on its arguments.
    public let conditions: [Condition]

    /// A rule for `syscall` under `conditions`.
    public init(_ syscall: String, _ conditions: [Condition] = []) {
      self.syscall = syscall
      self.conditions = conditions
    }
  }

  /// Rules that share an action and a reason.
  public struct Group: Sendable {
    /// Why the child needs these calls.
    public let reason: String
    /// What happens when a rule matches.
    public let action: Action
    /// The rules.
    public let rules: [Rule]

    /// Allows `rules`, because `reason`.
    public static func allow(_ reason: String, _ rules: [Rule]) -> Group {
      Group(reason: reason, action: .allow, rules: rules)
    }
  }

  /// The action for system calls no rule matches.
  public let defaultAction: Action
  /// The action for system calls of another architecture (the x32 and i386 ABIs).
  public let badArchitectureAction: Action
  /// The groups, in listing order.
  public let groups: [Group]

  /// A policy of `groups` over `defaultAction`.
  public init(defaultAction: Action, badArchitectureAction: Action, groups: [Group]) {
    self.defaultAction = defaultAction
    self.badArchitectureAction = badArchitectureAction
    self.groups = groups
  }

  /// The restricted decoder's child: read stdin, write stdout and stderr, manage memory, exit.
  ///
  /// Everything else (opening files, sockets, processes, threads, signals to others,
  /// executable memory) kills the process.
  public static let restrictedDecoder = SandboxPolicy(
    defaultAction: .killProcess,
    badArchitectureAction: .killProcess,
    groups: [
      .allow(
        "the pickle arrives on stdin (fd 0); nothing else may be read",
        [Rule("read", [.equal(0, .value(0))])]
      ),
      .allow(
        "the result frame goes to stdout (fd 1), diagnostics to stderr (fd 2)",
        [Rule("write", [.equal(0, .value(1))]), Rule("write", [.equal(0, .value(2))])]
      ),
      .allow(
        "the allocator maps, grows and returns memory, never executable",
        [
          Rule("brk"), Rule("mmap", [.clear(2, UInt64(PROT_EXEC))]),
          Rule("mprotect", [.clear(2, UInt64(PROT_EXEC))]), Rule("munmap"), Rule("mremap"),
          Rule("madvise"),
        ]
      ),
      .allow("the child ends itself", [Rule("exit"), Rule("exit_group")]),
      .allow(
        "the Swift runtime's locks and thread identity (the child has one thread)",
        [Rule("futex"), Rule("gettid"), Rule("getpid")]
      ),
      .allow(
        "abort() on allocation failure must reach SIGABRT so the parent reports a memory limit",
        [
          Rule("rt_sigprocmask"), Rule("rt_sigreturn"),
          Rule(
            "tgkill",
            [.equal(0, .ownPID), .equal(1, .ownPID), .equal(2, .value(UInt64(SIGABRT)))]
          ),
        ]
      ),
      .allow(
        "clocks and randomness the standard library may read when the vDSO is unavailable",
        [Rule("clock_gettime"), Rule("gettimeofday"), Rule("getrandom")]
      ),
    ]
  )
}
