import PickleCore

extension ScanSession {
  /// Reports the pickle streams of a region that starts with a pickle; returns its label.
  mutating func handlePickle(_ region: Region) -> String {
    var options = PickleWalk.Options()
    options.maxPlainShapeCount = budget.maxPlainShapeCount
    var kind = StreamKind.pickle
    var torch: TorchArchive?
    if case .torchMember(let archive) = region.role {
      torch = archive
      options.joblib = false
      options.legacyTorch = false
      options.stopAtForeignMagic = false
      kind =
        region.name.lastPathComponent == "constants.pkl" ? .torchScriptConstants : .torchZipPickle
    }
    // Reading stops where the stream budget would cut the stream anyway.
    let readable = ByteRange(
      start: region.range.start,
      count: min(region.range.count, budget.maxStreamBytes)
    )
    let walk = PickleWalk.run(region.bytes, readable, options)
    for note in walk.notes { anomaly(note.kind, note.message, region.location(note.offset)) }
    if walk.legacy != nil { return handleLegacyTorch(region, walk) }
    if walk.wrappers > 0 { kind = .joblib }

    var end = region.range.end
    let lastPickleEnd = walk.pickles.last?.end
    if walk.stoppedEarly {
      end = walk.end
    } else if let error = walk.error, let lastPickleEnd, error.offset == lastPickleEnd {
      // Bytes after a complete pickle that do not start another: another format, or junk the
      // analyzer should see.
      let rest = ByteRange(from: lastPickleEnd, to: region.range.end)
      let format = FormatSniffer.sniff(region.bytes, rest, .lenient)
      if format != .unknown { end = lastPickleEnd }
    }
    emit(
      region,
      ByteRange(from: region.range.start, to: end),
      kind,
      skips: walk.skips,
      plainShape: walk.plainShape
    )
    for nested in walk.nestedPickles { emit(region, nested, .joblibObjectArray) }
    for block in walk.blocksReadableAsPickles { emit(region, block, .pickle) }
    if end < region.range.end {
      let rest = ByteRange(from: end, to: region.range.end)
      let format = FormatSniffer.sniff(region.bytes, rest, .lenient)
      anomaly(
        .polyglot,
        "a pickle of \(end - region.range.start) bytes is followed by \(format.rawValue) data",
        region.location(end)
      )
      enqueue([region.leftover(rest)])
    }
    if let torch { checkStorages(walk, region, torch) }
    return kind == .joblib ? "joblib" : "pickle"
  }

  /// Checks that every storage a torch zip pickle names exists and is large enough.
  private mutating func checkStorages(_ walk: PickleWalk, _ region: Region, _ archive: TorchArchive)
  {
    var folder = region.name
    if folder.hasSuffix(".pkl") { folder.removeLast(4) }
    var reported = 0
    for (_, id, offset) in walk.persistentIDs where reported < 50 {
      guard let id else {
        anomaly(
          .torchMalformedPersistentID,
          "persistent id is not a ('storage', type, key, location, numel) tuple",
          region.location(offset)
        )
        reported += 1
        continue
      }
      let member = folder + "/" + id.key
      guard let size = archive.sizes[member] else {
        anomaly(
          .torchMissingStorage,
          "tensor storage \"\(member)\" named by the pickle is not in the archive",
          region.location(offset)
        )
        reported += 1
        continue
      }
      if let needed = id.byteCount, size < needed {
        anomaly(
          .torchStorageTooSmall,
          "storage \"\(member)\" has \(size) bytes but \(id.numel ?? 0) × \(id.storageType) "
            + "elements need \(needed)",
          region.location(offset)
        )
        reported += 1
      }
    }
  }

  /// Looks for a zip whose end record sits at the end of a region that does not start with
  /// one (a pickle with a zip appended, a zip with data prepended); true when it handled one.
  mutating func lookForAppendedZip(_ region: Region, _ format: ContainerFormat) -> Bool {
    switch region.role {
    case .file, .decompressed, .leftover: break
    case .member, .torchMember: guard format == .pickle else { return false }
    }
    let found = region.bytes.withCursor { cursor -> (start: Int, count: Int)? in
      guard let directory = ZipDirectory.read(cursor, region.bytes, region.range, maxEntries: 1),
        directory.problems.isEmpty, let first = directory.entries.first, first.local != nil
      else { return nil }
      let start = min(directory.base, first.headerOffset)
      return start > region.range.start ? (start, directory.announcedEntries) : nil
    }
    guard let found else { return false }
    let prefix = ByteRange(from: region.range.start, to: found.start)
    var zip = region.leftover(ByteRange(from: found.start, to: region.range.end))
    zip.name = region.name
    let label = format == .unknown ? "data" : format.rawValue
    if format == .pickle {
      anomaly(
        .polyglot,
        "the file is a pickle and also a zip of \(found.count) entries starting at "
          + "\(found.start - region.base)",
        region.location(found.start)
      )
    } else {
      anomaly(
        .zipDataBefore,
        "\(prefix.count) bytes of \(label) precede a zip starting at \(found.start - region.base)",
        region.location(region.range.start)
      )
    }
    var head = region
    head.range = prefix
    head.name = ""
    enqueue([head, zip])
    return true
  }

  /// Bytes of a non-pickle format (an image, a document) searched for an embedded pickle.
  static let embeddedProbeBytes = 4_096

  /// Reports a complete pickle hidden near the start of a format that carries none.
  ///
  /// Think of a PNG signature followed by a pickle. No loader runs it from there, so it is an
  /// anomaly, not a stream.
  mutating func probeEmbeddedPickle(_ region: Region, _ format: ContainerFormat) {
    let limit = min(region.range.end, region.range.start + Self.embeddedProbeBytes)
    var position = region.range.start + 1
    while let hit = region.bytes.withCursor({
      $0.find([Opcode.proto.rawValue], from: position, to: limit)
    }) {
      position = hit + 1
      let rest = ByteRange(from: hit, to: region.range.end)
      guard PickleSniff.isPickle(region.bytes, rest, .strict) else { continue }
      anomaly(
        .polyglot,
        "a pickle is embedded at \(hit - region.base) inside \(format.rawValue) data",
        region.location(hit)
      )
      return
    }
  }
}
