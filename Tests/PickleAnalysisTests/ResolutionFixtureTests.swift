import PickleAnalysis
import PickleCore
import PickleTestSupport
import Testing

/// Name resolution as `find_class` does it (`Corpus/analysis/resolution`).
struct ResolutionFixtureTests {
  @Test(arguments: ["posix-system", "nt-system"])
  func implementationModulesFoldToOs(name: String) throws {
    let analysis = try Fixture.analyze("resolution/\(name).pkl")
    let call = try #require(analysis.calls(to: "os.system").first)
    #expect(call.arguments == [Fixture.canary(name)])
    #expect(call.callee?.writtenDescription == (name == "nt-system" ? "nt.system" : "posix.system"))
    #expect(!analysis.has(.compatRename))
  }

  @Test func compatRenamesBelowProtocol3() throws {
    let analysis = try Fixture.analyze("resolution/compat-commands.pkl")
    let call = try #require(analysis.calls(to: "subprocess.getoutput").first)
    #expect(call.callee?.writtenDescription == "commands.getoutput")
    #expect(analysis.has(.compatRename))
    let eval = try Fixture.analyze("resolution/compat-builtin-eval.pkl")
    #expect(eval.calls(to: "builtins.eval").first?.arguments == [Fixture.str("1+1")])
  }

  @Test(arguments: ["dotted-pathlib-os", "dotted-protocol2"])
  func dottedNamesWalkAttributes(name: String) throws {
    let analysis = try Fixture.analyze("resolution/\(name).pkl")
    let call = try #require(analysis.calls(to: "os.system").first)
    #expect(call.arguments == [Fixture.canary(name)])
    #expect(call.liveness == .returned)
    #expect(analysis.has(.dottedName))
  }

  @Test func posixpathIsOsPath() throws {
    let analysis = try Fixture.analyze("resolution/posixpath-alias.pkl")
    #expect(analysis.calls(to: "os.path.join").count == 1)
  }

  @Test func stackGlobalOperandsFromTheMemo() throws {
    let analysis = try Fixture.analyze("resolution/stack-global-memo.pkl")
    let call = try #require(analysis.calls(to: "os.system").first)
    #expect(call.arguments == [Fixture.canary("stack-global-memo")])
    #expect(analysis.graph.references.first?.origin == "STACK_GLOBAL")
    #expect(!analysis.has(.stackNotEmpty))
  }

  @Test func protoInTheMiddle() throws {
    let analysis = try Fixture.analyze("resolution/proto-switch.pkl")
    #expect(analysis.calls(to: "os.system").count == 1)
    #expect(analysis.has(.protoMisuse))
    #expect(analysis.has(.opcodeAboveProtocol))
  }

  /// The Swift table is generated from `Corpus/protocols/compat-pickle.txt` and must match it.
  @Test func compatTableMatchesTheExport() throws {
    let text = try Corpus.text("protocols/compat-pickle.txt")
    var modules = 0
    var names = 0
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
      let parts = line.split(separator: "\t").map(String.init)
      if parts[0] == "module" {
        modules += 1
        let resolved = NameResolverProbe.findClass(module: parts[1], name: "x", proto: 2)
        #expect(resolved.hasPrefix(ModuleAliasProbe.canonical(parts[2]) + "."), "\(line)")
      } else {
        names += 1
        let resolved = NameResolverProbe.findClass(module: parts[1], name: parts[2], proto: 0)
        #expect(resolved == ModuleAliasProbe.canonical(parts[3]) + "." + parts[4], "\(line)")
        // Protocol 3 and later never rename.
        let untouched = NameResolverProbe.findClass(module: parts[1], name: parts[2], proto: 3)
        #expect(untouched.hasSuffix("." + parts[2]) || untouched.contains(parts[2]))
      }
    }
    #expect(modules == NameResolverProbe.importMappingCount)
    #expect(names == NameResolverProbe.nameMappingCount)
  }
}
