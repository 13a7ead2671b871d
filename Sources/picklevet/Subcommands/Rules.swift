import ArgumentParser
import PickleVet

struct RulesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rules",
    abstract: "List, explain and check detection rules.",
    subcommands: [List.self, Check.self, Explain.self],
    defaultSubcommand: List.self
  )

  struct RuleFiles: ParsableArguments {
    @Option(
      name: .customLong("rules"),
      help: "A rule file to add to the shipped policy (repeatable)."
    )
    var files: [String] = []

    @Flag(
      name: .customLong("replace-rules"),
      help: "Use only the --rules files, not the shipped policy."
    )
    var replace = false

    func load() throws -> RuleSet {
      do {
        return try RuleSet.configured(files: files, replace: replace)
      } catch {
        printError("picklevet: \(error)")
        throw ExitCode(2)
      }
    }
  }

  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List rule ids, names and severities.",
      discussion: "--markdown prints the generated part of Rules/README.md."
    )

    @OptionGroup var rules: RuleFiles

    @Flag(help: "Markdown: rule table, rule docs, profiles and fields.")
    var markdown = false

    func run() throws {
      let set = try rules.load()
      let sink = OutputSink()
      sink.write(markdown ? RuleCatalog.markdown(set) : RuleCatalog.table(set))
      sink.flush()
    }
  }

  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Parse and check rule files; diagnostics go to stderr.",
      discussion:
        "Exit status: 0 when every file checks, 1 when there are errors, 2 when a file cannot be read."
    )

    @Argument(help: "Rule files to check.")
    var files: [String]

    func run() throws {
      var failed = false
      for file in files {
        let outcome: RuleCheck.Outcome
        do {
          outcome = try RuleCheck.run(path: file)
        } catch {
          printError("picklevet: \(error)")
          throw ExitCode(2)
        }
        for diagnostic in outcome.diagnostics { printError(diagnostic.description) }
        failed = failed || outcome.set == nil
        if let set = outcome.set {
          let sink = OutputSink()
          sink.line(
            "\(file): ok (\(set.rules.count) rules, \(set.profiles.count) profiles, "
              + "\(set.suppressions.count) suppressions)"
          )
          sink.flush()
        }
      }
      if failed { throw ExitCode(1) }
    }
  }

  struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Explain one rule.")

    @OptionGroup var rules: RuleFiles

    @Argument(help: "A rule id such as PKL201.")
    var id: String

    func run() throws {
      let set = try rules.load()
      guard let rule = set.rule(id.uppercased()) else {
        printError("picklevet: no rule \(id) (see picklevet rules list)")
        throw ExitCode(64)
      }
      let sink = OutputSink()
      sink.write(RuleCatalog.explain(rule, in: set))
      sink.flush()
    }
  }
}
