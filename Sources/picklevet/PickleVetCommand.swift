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
}
