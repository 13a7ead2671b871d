import PickleTestSupport
import PickleVet
import Testing

/// Each fixed bug, replayed from `Corpus/regressions/<id>/`.
@Suite struct RegressionTests {
  @Test func sevenZipMemberWithoutModeIsScanned() throws {
    let report = try Scanner().scan(
      path: Corpus.root + "/regressions/7z-member-without-mode/model.7z"
    )
    #expect(report.verdict == .malicious)
    #expect(report.formats == ["7z", "pickle"])
    #expect(report.findings.contains { $0.call?.hasPrefix("builtins.eval(") == true })
  }
}

/// Gadgets from published picklescan bypasses (GHSA advisories): the allowlist already made
/// them suspicious; the denylist now names them, so they are malicious.
@Suite struct PublishedBypassTests {
  /// `GLOBAL module name`, one string argument, `REDUCE`, `STOP` (protocol 0 text forms).
  static func call(_ module: String, _ name: String, _ argument: String) -> [UInt8] {
    Array("c\(module)\n\(name)\n(V\(argument)\ntR.".utf8)
  }

  @Test(arguments: [
    ("_aix_support", "_read_cmd_output"),
    ("test.support.script_helper", "assert_python_ok"),
    ("asyncio.unix_events", "_UnixSubprocessTransport._start"),
    ("lib2to3.pgen2.grammar", "Grammar.loads"),
    ("torch.utils._config_module", "ConfigModule.load_config"),
    ("torch.utils.data.datapipes.utils.decoder", "basichandlers"),
  ])
  func gadgetIsMalicious(_ module: String, _ name: String) throws {
    let report = try Scanner().scan(
      bytes: Self.call(module, name, "touch /tmp/picklevet-canary-ghsa"),
      name: "gadget.pkl"
    )
    #expect(report.verdict == .malicious, "\(report.findings.map(\.rule))")
  }
}
