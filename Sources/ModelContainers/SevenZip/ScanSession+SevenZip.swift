import PickleCore

extension ScanSession {
  /// Opens a 7z archive through libarchive and queues its members.
  ///
  /// A member is decoded past its first 64 KiB only when those bytes show a pickle or another
  /// container. Encrypted or unreadable members are reported as unopened.
  mutating func handleSevenZip(_ region: Region) -> String {
    let (allowance, limit) = decompressionAllowance
    let limits = outputLimits(cap: allowance, limit: limit)
    let maxMembers = max(0, budget.maxMembers - report.counters.members) + 1
    let listing = unsafe region.bytes.withUnsafeBytes { raw in
      let slice = unsafe UnsafeRawBufferPointer(
        rebasing: raw[region.range.start..<region.range.end]
      )
      return unsafe ArchiveLibrary.sevenZip(
        slice,
        maxMembers: maxMembers,
        window: Self.sniffWindow,
        limits
      ) { prefix in
        let bytes = InputBytes(prefix)
        return FormatSniffer.sniff(bytes, bytes.all, .lenient) != .unknown
      }
    }
    report.counters.decompressedBytes += listing.produced
    var children: [Region] = []
    for member in listing.members {
      let location = StreamLocation(members: region.path + [member.name], offset: 0)
      guard admitMember(location) else { break }
      if member.isLink { anomaly(.tarLink, "7z member \"\(member.name)\" is a link", location) }
      if member.encrypted {
        anomaly(.unopenedArchive, "7z member \"\(member.name)\" is encrypted", location)
        report.complete = false
      }
      reportStop(member.stop, codec: .sevenZip, produced: member.data.count, location)
      guard member.isRegularFile, !member.skipped, !member.data.isEmpty else { continue }
      let bytes = InputBytes(member.data)
      children.append(
        Region(
          bytes: bytes,
          range: bytes.all,
          path: region.path + [member.name],
          depth: region.depth + 1,
          name: member.name,
          strictness: Self.isPickleName(member.name) ? .lenient : .strict,
          role: .member,
          base: 0
        )
      )
    }
    if let error = listing.error {
      anomaly(
        .unopenedArchive,
        "7z archive could not be read completely: \(error)",
        region.location(region.range.start)
      )
      report.complete = false
    }
    enqueue(children)
    return "7z"
  }
}
