extension Checker {
  mutating func checkProfile(_ decl: ProfileDecl) {
    guard let name = decl.name else { return }
    if !Self.isKebabCase(name.text) {
      sink.error("profile name \"\(name.text)\" must be kebab-case", at: name.span)
    }
    if profiles.contains(where: { $0.name == name.text }) {
      sink.error("duplicate profile \(name.text)", at: name.span)
    }
    if decl.summary == nil { sink.error("profile \(name.text) has no summary", at: decl.keyword) }
    var entries: [AllowEntryInfo] = []
    for entry in decl.entries {
      guard let useWord = entry.use else { continue }
      guard let use = AllowUse(rawValue: useWord.text) else {
        sink.error(
          "unknown use \"\(useWord.text)\" (expected class, call or reference)",
          at: useWord.span
        )
        continue
      }
      let globs = entry.patterns.compactMap { compileGlob($0) }
      var condition: Condition?
      if let expr = entry.condition {
        if use == .reference {
          sink.error("a reference is never called, so it takes no where clause", at: entry.keyword)
        }
        condition = compile(expr, subject: .call)
      }
      guard let reason = entry.reason else { continue }
      if reason.text.isEmpty { sink.error("reason is empty", at: reason.span) }
      entries.append(
        AllowEntryInfo(
          use: use,
          patterns: entry.patterns.map(\.text),
          condition: entry.conditionRange.map { sourceText(from: $0.start, to: $0.end) },
          reason: reason.text
        )
      )
      allows.append(
        CompiledAllow(
          profile: name.text,
          use: use,
          patterns: PatternList(globs),
          condition: condition
        )
      )
    }
    profiles.append(
      Profile(name: name.text, summary: decl.summary?.text ?? "", entries: entries, file: sink.file)
    )
  }

  mutating func checkSuppress(_ decl: SuppressDecl) {
    guard let rule = decl.rule, let reason = decl.reason else { return }
    let scalars = Array(rule.text.unicodeScalars)
    let letters = scalars.prefix { $0 >= "A" && $0 <= "Z" }
    let digits = scalars.dropFirst(letters.count)
    guard letters.count >= 2, digits.count <= 3, digits.allSatisfy({ $0 >= "0" && $0 <= "9" })
    else {
      sink.error(
        "\"\(rule.text)\" is not a rule id or prefix such as PKL301 or PKL3",
        at: rule.span
      )
      return
    }
    if reason.text.unicodeScalars.filter({ $0 != " " }).isEmpty {
      sink.error("a suppression needs a reason", at: reason.span)
      return
    }
    var path: Glob?
    if let literal = decl.path {
      guard let glob = compileGlob(literal) else { return }
      path = glob
    }
    suppressions.append(
      CompiledSuppression(
        suppression: Suppression(
          rule: rule.text,
          path: decl.path?.text,
          reason: reason.text,
          origin: "\(sink.file):\(decl.keyword.start.line)"
        ),
        path: path
      )
    )
  }
}
