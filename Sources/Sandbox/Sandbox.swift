import CSeccomp

/// Namespace of the `Sandbox` module; its types land with their issue.
public enum SandboxModule {}
