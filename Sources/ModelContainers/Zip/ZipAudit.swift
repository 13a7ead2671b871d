import PickleCore

/// The anomalies of a zip directory: everything readers disagree on or could be fooled by.
struct ZipAudit {
  /// An anomaly at an absolute offset, for a member when `member` is set.
  struct Note {
    let kind: ContainerAnomaly.Kind
    let message: String
    let offset: Int
    let member: String?
  }

  private(set) var notes: [Note] = []
  /// Most anomalies of one kind reported for one archive; the rest are summarised.
  static let maxPerKind = 20
  private var counts: [ContainerAnomaly.Kind: Int] = [:]

  /// Audits `directory`, read from `region`.
  static func audit(_ directory: ZipDirectory, _ region: ByteRange) -> ZipAudit {
    var audit = ZipAudit()
    for problem in directory.problems {
      audit.add(.zipCorrupt, problem, directory.endRecord, nil)
    }
    if directory.zip64 || directory.entries.contains(where: \.zip64) {
      audit.add(.zip64, "the archive uses zip64 records", directory.endRecord, nil)
    }
    if !directory.truncatedListing, directory.problems.isEmpty,
      directory.announcedEntries != directory.entries.count
    {
      audit.add(
        .zipCorrupt,
        "the end record announces \(directory.announcedEntries) entries but the directory "
          + "holds \(directory.entries.count)",
        directory.endRecord,
        nil
      )
    }
    var seen: [[UInt8]: Int] = [:]
    for entry in directory.entries {
      audit.entry(entry)
      seen[entry.nameBytes, default: 0] += 1
      if seen[entry.nameBytes] == 2 {
        audit.add(
          .zipDuplicateName,
          "several entries are named \"\(entry.name)\"",
          entry.headerOffset,
          entry.name
        )
      }
    }
    audit.overlaps(directory)
    audit.summarise()
    return audit
  }

  private mutating func add(
    _ kind: ContainerAnomaly.Kind,
    _ message: String,
    _ offset: Int,
    _ member: String?
  ) {
    counts[kind, default: 0] += 1
    if counts[kind, default: 0] <= Self.maxPerKind {
      notes.append(Note(kind: kind, message: message, offset: offset, member: member))
    }
  }

  private mutating func summarise() {
    for (kind, count) in counts.sorted(by: { $0.key.name < $1.key.name })
    where count > Self.maxPerKind {
      notes.append(
        Note(
          kind: kind,
          message: "\(count - Self.maxPerKind) more entries with \(kind.name)",
          offset: 0,
          member: nil
        )
      )
    }
  }

  /// Per-entry checks: local header agreement, flags, names.
  private mutating func entry(_ entry: ZipEntry) {
    let name = entry.name
    if ZipEntry.escapesFolder(name) {
      add(
        .zipPathTraversal,
        "entry \"\(name)\" escapes the extraction folder",
        entry.headerOffset,
        name
      )
    }
    guard let local = entry.local else {
      add(
        .zipCorrupt,
        "entry \"\(name)\" has no local header where the directory points",
        entry.headerOffset,
        name
      )
      return
    }
    if local.nameBytes != entry.nameBytes {
      let localName = String(decoding: local.nameBytes, as: UTF8.self)
      add(
        .zipNameMismatch,
        "central directory names \"\(name)\" but its local header says \"\(localName)\"",
        entry.headerOffset,
        name
      )
    }
    if entry.isEncrypted || local.flags & 1 != 0 {
      add(
        .zipEncryptedFlag,
        "entry \"\(name)\" has the encryption flag set",
        entry.headerOffset,
        name
      )
    }
    let usual: UInt16 = 0x0001 | 0x0002 | 0x0004 | 0x0008 | 0x0800
    for flags in [entry.flags, local.flags] where flags & ~usual != 0 {
      add(
        .zipOddFlags,
        "entry \"\(name)\" has unusual flags 0x\(String(flags, radix: 16))",
        entry.headerOffset,
        name
      )
      break
    }
    if local.flags != entry.flags {
      add(
        .zipOddFlags,
        "entry \"\(name)\": local flags 0x\(String(local.flags, radix: 16)) differ from central "
          + "0x\(String(entry.flags, radix: 16))",
        entry.headerOffset,
        name
      )
    }
    if local.method != entry.method {
      add(
        .zipHeaderMismatch,
        "entry \"\(name)\": local method \(local.method) differs from central \(entry.method)",
        entry.headerOffset,
        name
      )
    }
    let streamed = local.flags & 0x0008 != 0
    if !streamed, local.compressedSize != .max,
      Int(local.compressedSize) != entry.compressedSize
        || Int(local.uncompressedSize) != entry.uncompressedSize
    {
      add(
        .zipHeaderMismatch,
        "entry \"\(name)\": local sizes \(local.compressedSize)/\(local.uncompressedSize) differ "
          + "from central \(entry.compressedSize)/\(entry.uncompressedSize)",
        entry.headerOffset,
        name
      )
    }
    if entry.truncated {
      add(
        .truncatedContainer,
        "entry \"\(name)\" runs past the end of the archive",
        entry.headerOffset,
        name
      )
    }
  }

  /// Entries that share bytes with each other or with the central directory.
  private mutating func overlaps(_ directory: ZipDirectory) {
    let sorted = directory.entries.filter { $0.local != nil }.sorted {
      $0.headerOffset < $1.headerOffset
    }
    var furthest: (end: Int, name: String)?
    for entry in sorted {
      if let previous = furthest, entry.headerOffset < previous.end {
        add(
          .zipOverlappingEntries,
          "entry \"\(entry.name)\" at \(entry.headerOffset - directory.base) overlaps "
            + "\"\(previous.name)\"",
          entry.headerOffset,
          entry.name
        )
      }
      if entry.extentEnd > (furthest?.end ?? Int.min) { furthest = (entry.extentEnd, entry.name) }
      if entry.headerOffset < directory.central.end, entry.extentEnd > directory.central.start,
        directory.central.count > 0
      {
        add(
          .zipOverlappingEntries,
          "entry \"\(entry.name)\" overlaps the central directory",
          entry.headerOffset,
          entry.name
        )
      }
    }
  }
}
