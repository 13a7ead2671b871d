import CArchive
import PickleCore

/// Formats read through libarchive from memory: 7z archives, and lz4 / zstd streams.
///
/// Only these formats are enabled, so libarchive's other readers never see the input.
enum ArchiveLibrary {
  /// One 7z member and what was read of it.
  struct Member {
    var name: String
    var isRegularFile: Bool
    var isLink: Bool
    var encrypted: Bool
    /// The member's bytes; only a prefix when ``skipped``.
    var data: [UInt8] = []
    /// Why reading stopped early.
    var stop: Decompression.Stop?
    /// True when the prefix showed nothing worth reading further.
    var skipped = false
  }

  /// The members of an archive and the error that ended the listing, if any.
  struct Listing {
    var members: [Member] = []
    var error: String?
    /// Bytes produced while reading members.
    var produced = 0
  }

  private static let chunkSize = 1 << 16
  private static let entryOK: Int32 = 0  // ARCHIVE_OK
  private static let entryEnd: Int32 = 1  // ARCHIVE_EOF
  private static let entryWarning: Int32 = -20  // ARCHIVE_WARN

  /// Decodes a single lz4 frame or zstd stream.
  static func decodeRaw(_ input: UnsafeRawBufferPointer, _ limits: OutputLimits) -> Decompression {
    var result = Decompression()
    guard let base = input.baseAddress, let archive = unsafe archive_read_new() else {
      result.stop = .truncated
      return result
    }
    defer { unsafe archive_read_free(archive) }
    unsafe archive_read_support_filter_lz4(archive)
    unsafe archive_read_support_filter_zstd(archive)
    unsafe archive_read_support_format_raw(archive)
    var entry: OpaquePointer?
    // SAFETY: libarchive only reads the buffer, which outlives the archive handle.
    guard
      unsafe archive_read_open_memory(archive, UnsafeMutableRawPointer(mutating: base), input.count)
        == entryOK, unsafe archive_read_next_header(archive, &entry) == entryOK
    else {
      result.stop = .corrupt(unsafe errorText(archive))
      return result
    }
    result.stop = unsafe readData(archive, into: &result.output, limits)
    if result.stop == nil {
      result.members = 1
      result.consumed = input.count
    }
    return result
  }

  /// Lists a 7z archive, reading each regular member's first `window` bytes and the rest only
  /// when `keep` says so, within `limits` for the whole archive.
  static func sevenZip(
    _ input: UnsafeRawBufferPointer,
    maxMembers: Int,
    window: Int,
    _ limits: OutputLimits,
    keep: ([UInt8]) -> Bool
  ) -> Listing {
    var listing = Listing()
    guard let base = input.baseAddress, let archive = unsafe archive_read_new() else {
      listing.error = "empty input"
      return listing
    }
    defer { unsafe archive_read_free(archive) }
    unsafe archive_read_support_format_7zip(archive)
    // SAFETY: libarchive only reads the buffer, which outlives the archive handle.
    guard
      unsafe archive_read_open_memory(archive, UnsafeMutableRawPointer(mutating: base), input.count)
        == entryOK
    else {
      listing.error = unsafe errorText(archive)
      return listing
    }
    while listing.members.count < maxMembers {
      var entry: OpaquePointer?
      let status = unsafe archive_read_next_header(archive, &entry)
      if status == entryEnd { return listing }
      guard status == entryOK || status == entryWarning, let entry = unsafe entry else {
        listing.error = unsafe errorText(archive)
        return listing
      }
      let type = unsafe archive_entry_filetype(entry)
      let name = unsafe (archive_entry_pathname_utf8(entry) ?? archive_entry_pathname(entry))
      var member = Member(
        name: unsafe name.map { unsafe String(cString: $0) } ?? "",
        // 7z writers may store no attributes (type 0): such a member is read as a file, never
        // skipped, so a payload cannot hide behind a missing mode.
        isRegularFile: type == 0o100000 || type == 0,
        isLink: unsafe (type == 0o120000 || archive_entry_hardlink(entry) != nil),
        encrypted: unsafe archive_entry_is_encrypted(entry) != 0
      )
      if member.isRegularFile {
        var memberLimits = limits
        memberLimits.maxOutput = max(0, min(window, limits.maxOutput - listing.produced))
        member.stop = unsafe readData(archive, into: &member.data, memberLimits)
        if member.stop == .limit(limits.outputLimit), member.data.count == window {
          if keep(member.data) {
            memberLimits.maxOutput = max(0, limits.maxOutput - listing.produced)
            member.stop = unsafe readData(archive, into: &member.data, memberLimits)
          } else {
            member.skipped = true
            member.stop = nil
          }
        }
        listing.produced += member.data.count
      }
      listing.members.append(member)
    }
    return listing
  }

  /// Reads the current entry's data into `output` within `limits`.
  private static func readData(
    _ archive: OpaquePointer,
    into output: inout [UInt8],
    _ limits: OutputLimits
  ) -> Decompression.Stop? {
    var chunk = [UInt8](repeating: 0, count: chunkSize)
    while true {
      let count = unsafe chunk.withUnsafeMutableBytes { buffer in
        unsafe archive_read_data(archive, buffer.baseAddress, buffer.count)
      }
      if count == 0 { return nil }
      guard count > 0 else { return .corrupt(unsafe errorText(archive)) }
      let used = Int(unsafe archive_filter_bytes(archive, -1))
      if let limit = limits.accept(chunk[0..<count], into: &output, inputUsed: used) {
        return .limit(limit)
      }
    }
  }

  private static func errorText(_ archive: OpaquePointer) -> String {
    guard let text = unsafe archive_error_string(archive) else { return "libarchive error" }
    return unsafe String(cString: text)
  }
}
