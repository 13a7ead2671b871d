import PickleTestSupport
import Testing

@testable import PickleRules

private let rulesFolder = repositoryRoot + "/Rules"

@Test func shippedPolicyChecksWithoutDiagnostics() throws {
  let (set, diagnostics) = RuleSet.combine(ShippedRules.files)
  #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description).joined(separator: "\n"))")
  let shipped = try #require(set)
  #expect(shipped.rules.count >= 40)
  #expect(shipped.profiles.count >= 8)
  #expect(shipped.policyVersion.split(separator: ".").count == 3)
  #expect(try RuleSet.shipped().policyVersion == shipped.policyVersion)
}

@Test func embeddedRulesEqualTheRulesFolder() throws {
  let names = try RuleSet.ruleFiles(in: rulesFolder)
  #expect(names == ShippedRules.files.map(\.name), "run Tools/generate-shipped-rules.sh")
  for (name, text) in ShippedRules.files {
    let onDisk = try RuleSet.readText(rulesFolder + "/" + name)
    #expect(
      onDisk == text,
      "Rules/\(name) differs from the embedded copy; run Tools/generate-shipped-rules.sh"
    )
  }
  let loaded = try RuleSet.load(directory: rulesFolder)
  #expect(loaded.rules == (try RuleSet.shipped()).rules)
}

@Test func ruleIDsFollowTheirFamilyFile() throws {
  let families: [Character: (file: String, subjects: Set<Subject>)] = [
    "0": ("structure.rules", [.anomaly]),
    "1": ("limits.rules", [.anomaly, .incomplete]),
    "2": ("imports.rules", [.global]),
    "3": ("calls.rules", [.call, .build]),
    "4": ("containers.rules", [.container]),
    "5": ("evasion.rules", [.anomaly, .nested, .global, .call]),
    "9": ("analyzer.rules", [.anomaly, .container, .incomplete, .unreadable]),
  ]
  for rule in try RuleSet.shipped().rules {
    #expect(rule.id.hasPrefix("PKL") && rule.id.count == 6, "\(rule.id)")
    let digit = rule.id.dropFirst(3).first ?? "?"
    let family = try #require(families[digit], "\(rule.id) is in no family")
    #expect(rule.file == family.file, "\(rule.id) belongs in Rules/\(family.file)")
    #expect(family.subjects.contains(rule.subject), "\(rule.id) matches \(rule.subject)")
    #expect(!rule.why.isEmpty && !rule.summary.isEmpty)
    #expect(rule.helpURI.hasSuffix("#" + rule.id.lowercased()))
  }
}

@Test func retiredIDsAreNeverReused() throws {
  let retired = try RuleSet.readText(rulesFolder + "/RETIRED")
    .split(separator: "\n")
    .filter { !$0.hasPrefix("#") && !$0.isEmpty }
  var retiredIDs: Set<String> = []
  for line in retired {
    let parts = line.split(separator: " ", maxSplits: 1)
    #expect(parts.count == 2, "RETIRED line \"\(line)\" needs an id and a reason")
    retiredIDs.insert(String(parts[0]))
  }
  for rule in try RuleSet.shipped().rules {
    #expect(!retiredIDs.contains(rule.id), "\(rule.id) is retired and may not be reused")
  }
}

@Test func everyProfileEntryHasAReason() throws {
  for profile in try RuleSet.shipped().profiles {
    #expect(!profile.summary.isEmpty)
    for entry in profile.entries {
      #expect(!entry.reason.isEmpty, "\(profile.name): \(entry.patterns)")
    }
  }
}
