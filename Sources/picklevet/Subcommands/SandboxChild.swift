import ArgumentParser
import PickleVet

/// The hidden subcommand the sandbox re-executes: confine, decode stdin, answer, exit.
///
/// Not for people: `picklevet decode` runs it. Its `--probe` mode performs a forbidden action
/// after confinement, for the sandbox's death tests.
struct SandboxChild: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: Sandbox.childSubcommand,
    abstract: "Internal: the confined child of `picklevet decode`.",
    shouldDisplay: false
  )

  @Argument(parsing: .allUnrecognized, help: "Arguments written by the parent.")
  var arguments: [String] = []

  func run() throws {
    #if os(Linux)
    ConfinedChild.main(arguments: arguments)
    #else
    throw ValidationError("the sandbox child needs Linux")
    #endif
  }
}
