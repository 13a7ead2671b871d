import CZlib
import PickleCore

extension ScanSession {
  /// Bytes of a compressed member decoded to decide what it is.
  static let sniffWindow = 64 << 10

  /// Opens `entries` of the zip in `region` and queues their contents.
  ///
  /// Stored members are slices of the buffer; compressed members are decoded only when their
  /// first bytes show a pickle, another container, or an object `.npy`.
  mutating func openMembers(
    _ entries: [ZipEntry],
    _ region: Region,
    archive: TorchArchive?,
    implied: String?
  ) {
    var children: [Region] = []
    for entry in entries {
      let location = StreamLocation(members: region.path + [entry.name], offset: 0)
      guard admitMember(location) else { break }
      if entry.hidden {
        anomaly(
          .zipHiddenEntry,
          "local header \"\(entry.name)\" at \(entry.headerOffset - region.base) is not in the "
            + "central directory",
          location
        )
      }
      guard let data = entry.data else { continue }
      var child = Region(
        bytes: region.bytes,
        range: data,
        path: region.path + [entry.name],
        depth: region.depth + 1,
        name: entry.name,
        strictness: Self.isPickleName(entry.name) ? .lenient : .strict,
        role: archive.map { .torchMember($0) } ?? .member,
        base: data.start,
        impliedLabel: implied
      )
      switch entry.method {
      case 0:
        if archive == nil || !Self.isTorchStorage(entry.name) {
          checkStoredCRC(entry, data, region, location)
        }
        children.append(child)
      case 8, 12, 14:
        guard let inner = decodeMember(entry, data, region, location, implied: implied) else {
          continue
        }
        child.bytes = inner.bytes
        child.range = inner.range
        child.base = 0
        children.append(child)
      default:
        anomaly(
          .unopenedArchive,
          "entry \"\(entry.name)\" uses compression method \(entry.method), which is not opened",
          location
        )
        report.complete = false
      }
      if entry.isEncrypted, entry.method == 0,
        FormatSniffer.sniff(region.bytes, data, .lenient) == .unknown
      {
        anomaly(.unopenedArchive, "entry \"\(entry.name)\" is encrypted", location)
        report.complete = false
      }
    }
    enqueue(children)
  }

  /// True for a torch tensor storage member, `<archive>/data/<key>`.
  static func isTorchStorage(_ name: String) -> Bool {
    let parts = name.split(separator: "/")
    return parts.count >= 2 && parts[parts.count - 2] == "data" && !isPickleName(name)
  }

  /// Names a loader unpickles whatever their content.
  static func isPickleName(_ name: String) -> Bool {
    guard let ext = ExtensionCheck.fileExtension(name) else { return false }
    return ["pkl", "pickle", "p", "dill", "joblib", "sav"].contains(ext)
  }

  private mutating func checkStoredCRC(
    _ entry: ZipEntry,
    _ data: ByteRange,
    _ region: Region,
    _ location: StreamLocation
  ) {
    let startsWithProto = region.bytes.withCursor { $0.uint8(at: data.start) == 0x80 }
    guard data.count <= budget.maxChecksumBytes || Self.isPickleName(entry.name) || startsWithProto,
      !entry.truncated
    else { return }
    let crc = unsafe region.bytes.withUnsafeBytes { raw in
      unsafe Self.crc32(UnsafeRawBufferPointer(rebasing: raw[data.start..<data.end]))
    }
    reportCRC(entry, crc, location)
  }

  private mutating func reportCRC(_ entry: ZipEntry, _ crc: UInt32, _ location: StreamLocation) {
    guard crc != entry.crc else { return }
    anomaly(
      .zipCRCMismatch,
      "entry \"\(entry.name)\" has CRC-32 0x\(String(crc, radix: 16)) but the directory says "
        + "0x\(String(entry.crc, radix: 16))",
      location
    )
  }

  /// zlib's CRC-32 of `bytes`.
  static func crc32(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
    guard let base = bytes.baseAddress else { return 0 }
    var crc: UInt = 0
    var offset = 0
    while offset < bytes.count {
      let length = min(bytes.count - offset, 1 << 30)
      // SAFETY: [offset, offset + length) lies inside `bytes`.
      crc = unsafe CZlib.crc32(
        crc,
        (base + offset).assumingMemoryBound(to: UInt8.self),
        UInt32(length)
      )
      offset += length
    }
    return UInt32(truncatingIfNeeded: crc)
  }

  /// Decodes a deflate, bzip2 or LZMA member when its content needs reading; nil when it does not
  /// (tensor data, plain arrays) or cannot be decoded.
  private mutating func decodeMember(
    _ entry: ZipEntry,
    _ data: ByteRange,
    _ region: Region,
    _ location: StreamLocation,
    implied: String?
  ) -> (bytes: InputBytes, range: ByteRange)? {
    let codec: Codec = entry.method == 8 ? .deflate : entry.method == 12 ? .bzip2 : .zipLZMA
    let (allowance, limit) = decompressionAllowance
    guard allowance > 0 else {
      budgetExceeded(limit, "no decompression budget left for \"\(entry.name)\"", location)
      return nil
    }
    let compressed = region.leftover(data)
    var window = min(Self.sniffWindow, allowance)
    var head = decode(compressed, codec, outputLimits(cap: window, limit: limit))
    let headBytes = InputBytes(head.output)
    let format = FormatSniffer.sniff(headBytes, headBytes.all, .lenient)
    if format == .npy, !Self.isPickleName(entry.name) {
      if let end = headBytes.withCursor({ NPYHeader.headerEnd($0, at: 0) }), end > window,
        head.stop != nil
      {
        window = min(end, allowance)
        head = decode(compressed, codec, outputLimits(cap: window, limit: limit))
      }
      let prefix = InputBytes(head.output)
      let parsed = prefix.withCursor { NPYHeader.parse($0, prefix.all) }
      if case .success(let header) = parsed, !header.dtype.hasObject {
        report.counters.decompressedBytes += head.output.count
        let view = Region(
          bytes: prefix,
          range: prefix.all,
          path: region.path + [entry.name],
          depth: region.depth + 1,
          name: "",
          strictness: .strict,
          role: .member,
          base: 0
        )
        _ = handleNPY(view, declaredSize: entry.uncompressedSize)
        if implied != "npy" { noteFormat("npy") }
        return nil
      }
    }
    let worthReading: Bool
    switch format {
    case .pickle, .zip, .tar, .npy, .sevenZip, .gzip, .bzip2, .xz, .lzma, .zlib, .lz4, .zstd,
      .rar:
      worthReading = true
    default:
      worthReading = Self.isPickleName(entry.name)
    }
    guard worthReading else {
      report.counters.decompressedBytes += head.output.count
      return nil
    }
    let full = decode(compressed, codec, outputLimits(cap: allowance, limit: limit))
    report.counters.decompressedBytes += full.output.count
    reportStop(full.stop, codec: codec, produced: full.output.count, location)
    if full.stop == nil, !entry.hidden {
      unsafe full.output.withUnsafeBytes { raw in reportCRC(entry, unsafe Self.crc32(raw), location)
      }
    }
    let bytes = InputBytes(full.output)
    return (bytes, bytes.all)
  }
}
