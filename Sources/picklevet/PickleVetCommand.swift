import ArgumentParser
import PickleVet

@main
struct PickleVetCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "picklevet",
    abstract: "Tell whether a Python pickle or ML model file is safe to load, without loading it.",
    version: ToolInfo.version,
    subcommands: [
      Scan.self, Dis.self, Graph.self, Decode.self, RulesCommand.self, Report.self,
      Database.self, SandboxChild.self,
    ],
    defaultSubcommand: Scan.self
  )

  /// Subcommands that never read the policy; every other command line scans or checks rules.
  static let withoutRules: Set<String> = [
    "dis", "graph", "decode", "report", "db", "help", "--help", "-h", "--version",
    Sandbox.childSubcommand,
  ]

  static func main() {
    let arguments = CommandLine.arguments.dropFirst()
    if let first = arguments.first, !withoutRules.contains(first) {
      Scanner.warmUpShippedRules()
    }
    main(nil)
  }
}
