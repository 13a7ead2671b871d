#if os(Linux)
import CSeccomp
import Glibc
import PickleCore
import RestrictedDecoder

/// The sandboxed side: the hidden subcommand confines itself, decodes stdin, answers on stdout.
///
/// Order: parse arguments, pre-warm, set rlimits, load the seccomp filter, read stdin to its
/// announced size, decode, write one ResultFrame with `write(2)`, `_exit`. After the
/// filter it uses no Foundation, no `print`, no threads.
public enum ConfinedChild {
  /// Exit status when the arguments are wrong.
  public static let usageStatus: Int32 = 64
  /// Exit status when rlimits or the filter cannot be set.
  public static let setupStatus: Int32 = 71
  /// Exit status when stdin cannot be read.
  public static let inputStatus: Int32 = 74

  /// Runs the child; never returns.
  ///
  /// - Parameter arguments: The arguments after the subcommand name (ChildArguments).
  public static func main(arguments: [String]) -> Never {
    let options: ChildArguments
    do {
      options = try ChildArguments(parsing: arguments)
    } catch {
      fail(usageStatus, "\(error)")
    }
    let report = options.probe == .inspect ? ChildProbe.inspection() : nil
    prewarm(options.decode)
    do {
      try setLimits(options)
      try SeccompFilter(.restrictedDecoder, ownPID: getpid()).load()
    } catch {
      fail(setupStatus, "\(error)")
    }
    if let probe = options.probe {
      probe.run()
      let text = report ?? "probe \(probe.rawValue) was not stopped"
      finish(
        ResultFrame(status: "report", sections: [.init(name: "report", bytes: Array(text.utf8))])
      )
    }
    let input = FileDescriptorIO.readAll(0, limit: options.inputBytes, expected: options.inputBytes)
    if input.error != 0 { fail(inputStatus, "read stdin: errno \(input.error)") }
    if input.overflow { fail(inputStatus, "stdin holds more than \(options.inputBytes) bytes") }
    finish(
      frame(
        decoding: input.bytes,
        options.decode,
        skips: options.skips,
        includeJSON: options.includeJSON
      )
    )
  }

  /// The frame for decoding `bytes`: values and inventory, or the refusal.
  static func frame(
    decoding bytes: [UInt8],
    _ limits: DecodeLimits,
    skips: [ByteRange] = [],
    includeJSON: Bool = true
  ) -> ResultFrame {
    switch bytes.withUnsafeBytes({ RestrictedDecoder.decodeAll($0, skips: skips, limits: limits) })
    {
    case .success(let values):
      var json: [UInt8] = []
      for (index, value) in values.enumerated() where includeJSON {
        if index > 0 { json.append(0x0A) }
        json += value.jsonBytes
      }
      let inventory = RestrictedDecoder.inventory(of: values)
      return ResultFrame(
        status: "decoded",
        sections: [
          .init(name: "json", bytes: json),
          .init(name: "inventory", bytes: FieldText.encode(inventory)),
        ]
      )
    case .failure(let refusal):
      return ResultFrame(
        status: "refused",
        sections: [.init(name: "refusal", bytes: FieldText.encode(refusal))]
      )
    }
  }

  /// Runs the decode, JSON and frame paths once on a small built-in pickle, so that lazy
  /// runtime work (metadata, allowlist tables) happens before the filter.
  static func prewarm(_ limits: DecodeLimits) {
    _ = frame(decoding: warmUpPickle, limits).encoded
  }

  /// `{'a': [1, 1.5, True, None, 'x', b'y', (1, 2), {3}], 'b': OrderedDict(k=2**70)}`,
  /// protocol 2.
  static let warmUpPickle: [UInt8] = [
    0x80, 0x02, 0x7d, 0x71, 0x00, 0x28, 0x58, 0x01, 0x00, 0x00, 0x00, 0x61,
    0x71, 0x01, 0x5d, 0x71, 0x02, 0x28, 0x4b, 0x01, 0x47, 0x3f, 0xf8, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x88, 0x4e, 0x58, 0x01, 0x00, 0x00, 0x00,
    0x78, 0x71, 0x03, 0x63, 0x5f, 0x63, 0x6f, 0x64, 0x65, 0x63, 0x73, 0x0a,
    0x65, 0x6e, 0x63, 0x6f, 0x64, 0x65, 0x0a, 0x71, 0x04, 0x58, 0x01, 0x00,
    0x00, 0x00, 0x79, 0x71, 0x05, 0x58, 0x06, 0x00, 0x00, 0x00, 0x6c, 0x61,
    0x74, 0x69, 0x6e, 0x31, 0x71, 0x06, 0x86, 0x71, 0x07, 0x52, 0x71, 0x08,
    0x4b, 0x01, 0x4b, 0x02, 0x86, 0x71, 0x09, 0x63, 0x5f, 0x5f, 0x62, 0x75,
    0x69, 0x6c, 0x74, 0x69, 0x6e, 0x5f, 0x5f, 0x0a, 0x73, 0x65, 0x74, 0x0a,
    0x71, 0x0a, 0x5d, 0x71, 0x0b, 0x4b, 0x03, 0x61, 0x85, 0x71, 0x0c, 0x52,
    0x71, 0x0d, 0x65, 0x58, 0x01, 0x00, 0x00, 0x00, 0x62, 0x71, 0x0e, 0x63,
    0x63, 0x6f, 0x6c, 0x6c, 0x65, 0x63, 0x74, 0x69, 0x6f, 0x6e, 0x73, 0x0a,
    0x4f, 0x72, 0x64, 0x65, 0x72, 0x65, 0x64, 0x44, 0x69, 0x63, 0x74, 0x0a,
    0x71, 0x0f, 0x29, 0x52, 0x71, 0x10, 0x58, 0x01, 0x00, 0x00, 0x00, 0x6b,
    0x71, 0x11, 0x8a, 0x09, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x40, 0x73, 0x75, 0x2e,
  ]

  static func setLimits(_ options: ChildArguments) throws(SandboxError) {
    let (budget, overflow1) = options.addressSpaceBytes.addingReportingOverflow(options.inputBytes)
    let (addressSpace, overflow2) = currentAddressSpace().addingReportingOverflow(budget)
    guard !overflow1, !overflow2 else {
      throw SandboxError(.setup, "address-space limit overflows")
    }
    let cpu = rlim_t(options.cpuSeconds)
    let limits: [(__rlimit_resource, String, rlim_t, rlim_t)] = [
      (RLIMIT_CORE, "RLIMIT_CORE", 0, 0),
      (RLIMIT_CPU, "RLIMIT_CPU", cpu, cpu + 1),
      (RLIMIT_FSIZE, "RLIMIT_FSIZE", 0, 0),
      (RLIMIT_NOFILE, "RLIMIT_NOFILE", 4, 4),
      (RLIMIT_AS, "RLIMIT_AS", rlim_t(addressSpace), rlim_t(addressSpace)),
    ]
    for (resource, name, soft, hard) in limits {
      var value = rlimit(rlim_cur: soft, rlim_max: hard)
      guard setrlimit(__rlimit_resource_t(resource.rawValue), &value) == 0 else {
        throw SandboxError(.setup, "setrlimit(\(name)): \(String(cString: strerror(errno)))")
      }
    }
  }

  /// Bytes of address space mapped now (`/proc/self/statm`), read before confinement.
  static func currentAddressSpace() -> Int {
    let fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return 0 }
    defer { close(fd) }
    let text = FileDescriptorIO.readAll(fd, limit: 256).bytes
    var pages = 0
    for byte in text.prefix(while: { $0 >= 0x30 && $0 <= 0x39 }).prefix(18) {
      pages = pages * 10 + Int(byte - 0x30)
    }
    let (bytes, overflow) = pages.multipliedReportingOverflow(by: Int(sysconf(Int32(_SC_PAGESIZE))))
    return overflow ? 0 : bytes
  }

  static func finish(_ frame: ResultFrame) -> Never {
    guard FileDescriptorIO.writeAll(1, frame.encoded) else { _exit(inputStatus) }
    _exit(0)
  }

  static func fail(_ status: Int32, _ message: String) -> Never {
    FileDescriptorIO.writeAll(2, "picklevet sandbox child: \(message)\n")
    _exit(status)
  }
}
#endif
