#if os(Linux)
import CSeccomp
import Glibc

/// A ``SandboxPolicy`` compiled by libseccomp, ready to load into the calling process.
public final class SeccompFilter {
  private let context: scmp_filter_ctx

  /// Compiles `policy`, with `ownPID` standing for ``SandboxPolicy/Operand/ownPID``.
  ///
  /// - Throws: ``SandboxError`` with code `policy` when libseccomp refuses a rule.
  public init(_ policy: SandboxPolicy, ownPID: Int32) throws(SandboxError) {
    guard let context = seccomp_init(Self.action(policy.defaultAction)) else {
      throw SandboxError(.policy, "seccomp_init failed")
    }
    self.context = context
    let badArch = seccomp_attr_set(
      context,
      SCMP_FLTATR_ACT_BADARCH,
      Self.action(policy.badArchitectureAction)
    )
    guard badArch == 0 else { throw SandboxError(.policy, "seccomp_attr_set: \(-badArch)") }
    for group in policy.groups {
      for rule in group.rules {
        try add(rule, action: Self.action(group.action), ownPID: ownPID)
      }
    }
  }

  deinit { seccomp_release(context) }

  private func add(_ rule: SandboxPolicy.Rule, action: UInt32, ownPID: Int32) throws(SandboxError) {
    let number = seccomp_syscall_resolve_name(rule.syscall)
    guard number != __NR_SCMP_ERROR else {
      throw SandboxError(.policy, "unknown system call \(rule.syscall)")
    }
    let comparisons = rule.conditions.map { condition in
      let value: UInt64
      switch condition.operand {
      case .value(let constant): value = constant
      case .ownPID: value = UInt64(UInt32(bitPattern: ownPID))
      }
      if let mask = condition.mask {
        return scmp_arg_cmp(
          arg: condition.argument,
          op: SCMP_CMP_MASKED_EQ,
          datum_a: mask,
          datum_b: value
        )
      }
      return scmp_arg_cmp(arg: condition.argument, op: SCMP_CMP_EQ, datum_a: value, datum_b: 0)
    }
    let result = comparisons.withUnsafeBufferPointer { buffer in
      seccomp_rule_add_array(context, action, number, UInt32(buffer.count), buffer.baseAddress)
    }
    guard result == 0 else {
      throw SandboxError(
        .policy,
        "seccomp_rule_add \(rule.syscall): \(String(cString: strerror(-result)))"
      )
    }
  }

  /// Loads the filter into the calling thread (and, through no_new_privs, its future).
  ///
  /// - Throws: ``SandboxError`` when `prctl` or `seccomp` fails.
  public func load() throws(SandboxError) {
    guard sbx_set_no_new_privs() == 0 else {
      throw SandboxError(.setup, "prctl(PR_SET_NO_NEW_PRIVS): \(String(cString: strerror(errno)))")
    }
    let result = seccomp_load(context)
    guard result == 0 else {
      throw SandboxError(.policy, "seccomp_load: \(String(cString: strerror(-result)))")
    }
  }

  /// libseccomp's human-readable listing of the filter (`seccomp_export_pfc`).
  ///
  /// - Throws: ``SandboxError`` when the listing cannot be written or read back.
  public func exportPFC() throws(SandboxError) -> String {
    let fd = sbx_memfd_create("picklevet-pfc")
    guard fd >= 0 else {
      throw SandboxError(.setup, "memfd_create: \(String(cString: strerror(errno)))")
    }
    defer { close(fd) }
    let result = seccomp_export_pfc(context, fd)
    guard result == 0 else {
      throw SandboxError(.policy, "seccomp_export_pfc: \(String(cString: strerror(-result)))")
    }
    guard lseek(fd, 0, SEEK_SET) == 0 else { throw SandboxError(.setup, "lseek failed") }
    let bytes = FileDescriptorIO.readAll(fd, limit: 1 << 20)
    return String(decoding: bytes.bytes, as: UTF8.self)
  }

  private static func action(_ action: SandboxPolicy.Action) -> UInt32 {
    switch action {
    case .allow: SCMP_ACT_ALLOW
    case .killProcess: SCMP_ACT_KILL_PROCESS
    case .trap: SCMP_ACT_TRAP
    case .errno(let code): sbx_act_errno(UInt16(truncatingIfNeeded: code))
    }
  }
}
#endif
