import PickleCore

extension ScanSession {
  /// Reads a zip with our own directory reader, reports its anomalies and queues its members.
  mutating func handleZip(_ region: Region) -> String {
    let remaining = max(0, budget.maxMembers - report.counters.members) + 1
    let read = region.bytes.withCursor { cursor in
      ZipDirectory.read(cursor, region.bytes, region.range, maxEntries: remaining)
    }
    guard let directory = read, !directory.entries.isEmpty || directory.problems.isEmpty else {
      // Python and PyTorch cannot open it; streaming readers still find its local headers.
      anomaly(
        .zipCorrupt,
        read == nil
          ? "no end of central directory record: loaders cannot open this zip"
          : "the central directory cannot be read: \(read?.problems.first ?? "")",
        region.location(region.range.start)
      )
      let found = hiddenEntries(region, gaps: [region.range])
      openMembers(found, region, archive: nil, implied: nil)
      return "zip"
    }
    for note in ZipAudit.audit(directory, region.range).notes {
      let location =
        note.member.map { StreamLocation(members: region.path + [$0], offset: 0) }
        ?? region.location(note.offset)
      anomaly(note.kind, note.message, location)
    }
    let label = Self.classify(directory.entries)
    var archive: TorchArchive?
    if label == "torch-zip" || label == "torchscript" {
      var sizes: [String: Int] = [:]
      for entry in directory.entries { sizes[entry.name] = entry.uncompressedSize }
      archive = TorchArchive(sizes: sizes)
      reportTorchScriptCode(directory.entries, region)
    }
    let firstStart = min(
      directory.central.start,
      directory.entries.filter { $0.local != nil }.map(\.headerOffset).min() ?? Int.max
    )
    var leftovers: [Region] = []
    if firstStart > region.range.start, directory.problems.isEmpty {
      let prefix = ByteRange(from: region.range.start, to: firstStart)
      anomaly(
        .zipDataBefore,
        "\(prefix.count) bytes precede the first zip entry",
        region.location(region.range.start)
      )
      leftovers.append(region.leftover(prefix))
    }
    if directory.end < region.range.end {
      let suffix = ByteRange(from: directory.end, to: region.range.end)
      anomaly(
        .zipDataAfter,
        "\(suffix.count) bytes follow the zip end record",
        region.location(directory.end)
      )
      leftovers.append(region.leftover(suffix))
    }
    var hidden = hiddenEntries(region, gaps: gaps(directory, region))
    for index in hidden.indices { hidden[index].hidden = true }
    if directory.truncatedListing {
      budgetExceeded(
        .maxMembers,
        "the central directory lists more than \(budget.maxMembers) members",
        region.location(directory.central.start)
      )
    }
    noteFormat(label)
    let implied = label == "npz" ? "npy" : archive == nil ? nil : "pickle"
    openMembers(directory.entries + hidden, region, archive: archive, implied: implied)
    enqueue(leftovers)
    return label
  }

  /// `torch-zip`, `torchscript`, `npz` or `zip`, from the member names.
  static func classify(_ entries: [ZipEntry]) -> String {
    let names = entries.map(\.name)
    let lastComponents = names.map(\.lastPathComponent)
    if lastComponents.contains("constants.pkl")
      || names.contains(where: { $0.containsBytes("/code/") })
    {
      return "torchscript"
    }
    if lastComponents.contains("data.pkl") { return "torch-zip" }
    if !names.isEmpty, names.allSatisfy({ $0.hasSuffix(".npy") }) { return "npz" }
    return "zip"
  }

  private mutating func reportTorchScriptCode(_ entries: [ZipEntry], _ region: Region) {
    let code = entries.filter { $0.name.containsBytes("/code/") && !$0.name.hasSuffix("/") }
    guard let first = code.first else { return }
    anomaly(
      .torchScriptCode,
      "TorchScript archive carries \(code.count) code member(s), like \"\(first.name)\"; "
        + "torch.jit.load compiles and runs them",
      StreamLocation(members: region.path + [first.name], offset: 0)
    )
  }

  /// Bytes of the archive that no listed entry, directory or end record covers.
  private func gaps(_ directory: ZipDirectory, _ region: Region) -> [ByteRange] {
    var covered = directory.entries.filter { $0.local != nil }.map {
      ByteRange(from: $0.headerOffset, to: $0.extentEnd)
    }
    covered.append(ByteRange(from: directory.central.start, to: directory.end))
    covered.sort { $0.start < $1.start }
    var gaps: [ByteRange] = []
    var position = region.range.start
    for span in covered {
      if span.start > position { gaps.append(ByteRange(from: position, to: span.start)) }
      position = max(position, span.end)
    }
    return gaps
  }

  /// Local headers inside `gaps`, read as entries (sizes from the local header or up to the
  /// next data descriptor).
  private mutating func hiddenEntries(_ region: Region, gaps: [ByteRange]) -> [ZipEntry] {
    var scanned = 0
    var found: [ZipEntry] = []
    let limit = budget.maxHiddenEntryScanBytes
    let signature = ZipEntry.LocalHeader.signature
    let complete: Bool = region.bytes.withCursor { cursor in
      for gap in gaps {
        guard scanned + gap.count <= limit else { return false }
        scanned += gap.count
        var position = gap.start
        while let hit = cursor.find(signature, from: position, to: gap.end) {
          guard let local = ZipEntry.LocalHeader.read(cursor, at: hit), local.dataStart <= gap.end
          else {
            position = hit + 1
            continue
          }
          var size = Int(local.compressedSize)
          var crc = local.crc
          if local.flags & 0x0008 != 0 || size > gap.end - local.dataStart {
            let descriptor = cursor.find(
              [0x50, 0x4B, 0x07, 0x08],
              from: local.dataStart,
              to: gap.end
            )
            size = (descriptor ?? gap.end) - local.dataStart
            crc = descriptor.flatMap { cursor.uint32(at: $0 + 4) } ?? crc
          }
          let data = ByteRange(start: local.dataStart, count: size)
          var entry = ZipEntry(
            name: String(decoding: local.nameBytes, as: UTF8.self),
            nameBytes: local.nameBytes,
            flags: local.flags,
            method: local.method,
            crc: crc,
            compressedSize: size,
            uncompressedSize: Int(local.uncompressedSize),
            headerOffset: hit,
            extentEnd: data.end
          )
          entry.local = local
          entry.data = data
          found.append(entry)
          position = max(hit + 1, data.end)
        }
      }
      return true
    }
    if !complete {
      budgetExceeded(
        .maxHiddenEntryScanBytes,
        "gaps between zip entries exceed \(limit) bytes; not all were searched",
        region.location(region.range.start)
      )
    }
    return found
  }
}
