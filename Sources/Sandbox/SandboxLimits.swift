import RestrictedDecoder

/// Resource bounds of one sandboxed decode, enforced by the kernel and by the parent.
public struct SandboxLimits: Sendable, Equatable {
  /// Wall-clock deadline; the parent kills the child when it passes.
  public var wallSeconds: Double = 30
  /// CPU seconds (`RLIMIT_CPU`); the kernel sends `SIGXCPU` when they are used up.
  public var cpuSeconds = 10
  /// Address space beyond the input buffer (`RLIMIT_AS` is this plus the input size).
  public var addressSpaceBytes = 1 << 30
  /// Largest input the parent hands to a child.
  public var maxInputBytes = 1 << 31
  /// Largest stdout the parent accepts; beyond it the child is killed.
  public var maxOutputBytes = 64 << 20
  /// Stderr kept for diagnostics; the rest is read and dropped.
  public var maxDiagnosticBytes = 64 << 10
  /// The decoder's own limits, passed to the child.
  public var decode = DecodeLimits()

  /// The default limits.
  public init() {}
}
