// The confined child of `picklevet decode`, as a binary of its own: it links only the sandbox
// and the decoder (no Foundation, no ICU, no SQLite), so it starts in a third of the time the
// whole CLI takes. `picklevet decode` uses it when it sits next to `picklevet`, and otherwise
// re-executes itself with the same hidden subcommand.
import Sandbox

#if canImport(Glibc)
import Glibc
#endif

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.first == Sandbox.childSubcommand else {
  let message = "picklevet-child: run by `picklevet decode`, not by hand\n"
  _ = message.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
  exit(64)
}
#if os(Linux)
ConfinedChild.main(arguments: Array(arguments.dropFirst()))
#else
exit(2)
#endif
