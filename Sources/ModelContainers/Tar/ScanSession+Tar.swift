import PickleCore

extension ScanSession {
  /// Reads a tar archive by hand and queues its regular members; recognises torch's tar format.
  mutating func handleTar(_ region: Region) -> String {
    let remaining = max(0, budget.maxMembers - report.counters.members) + 1
    let archive = region.bytes.withCursor { cursor in
      TarArchive.read(cursor, region.range, maxEntries: remaining)
    }
    if let broken = archive.brokenHeader {
      anomaly(
        .tarCorrupt,
        "tar header at \(broken - region.base) has a bad checksum or size",
        region.location(broken)
      )
    }
    if archive.truncated {
      anomaly(
        .truncatedContainer,
        "the last tar member runs past the end of the data",
        region.location(archive.end)
      )
    }
    let lastNames = Set(
      archive.entries.map(\.name.lastPathComponent)
    )
    let torch =
      lastNames.contains("pickle")
      && (lastNames.contains("storages") || lastNames.contains("tensors"))
    var children: [Region] = []
    for entry in archive.entries {
      let location = StreamLocation(members: region.path + [entry.name], offset: 0)
      guard admitMember(location) else { break }
      if entry.isLink {
        anomaly(.tarLink, "member \"\(entry.name)\" links to \"\(entry.linkName)\"", location)
      }
      if ZipEntry.escapesFolder(entry.name)
        || (entry.isLink && ZipEntry.escapesFolder(entry.linkName))
      {
        anomaly(
          .tarPathTraversal,
          "member \"\(entry.name)\" escapes the extraction folder",
          location
        )
      }
      guard entry.isRegularFile, entry.data.count > 0 else { continue }
      let child = Region(
        bytes: region.bytes,
        range: entry.data,
        path: region.path + [entry.name],
        depth: region.depth + 1,
        name: entry.name,
        strictness: Self.isPickleName(entry.name) ? .lenient : .strict,
        role: .member,
        base: entry.data.start
      )
      let last = entry.name.lastPathComponent
      if torch, ["pickle", "sys_info", "storages", "tensors"].contains(last) {
        handleTorchTarMember(child, last)
      } else {
        children.append(child)
      }
    }
    if archive.brokenHeader == nil, !archive.truncated, archive.end < region.range.end {
      let rest = ByteRange(from: archive.end, to: region.range.end)
      let allZero = region.bytes.withCursor { cursor in
        rest.count <= 1 << 20 && (rest.start..<rest.end).allSatisfy { cursor.byte(at: $0) == 0 }
      }
      if !allZero {
        anomaly(
          .trailingData,
          "\(rest.count) bytes follow the end of the tar archive",
          region.location(rest.start)
        )
        children.append(region.leftover(rest))
      }
    }
    enqueue(children)
    return torch ? "torch-tar" : "tar"
  }
}
