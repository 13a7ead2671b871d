#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Immutable input bytes: a read-only memory map of a file, or an owned copy.
///
/// Large model files are mapped, not read, so scanning touches only the pages a check needs.
@safe public final class InputBytes: @unchecked Sendable {
  private let base: UnsafeRawBufferPointer
  /// The mapped file, kept open for ``readSmall(_:)``; -1 when the bytes are in memory.
  private let descriptor: Int32
  private var mapped: Bool { descriptor >= 0 }

  /// Why a file could not be opened or mapped.
  public struct OpenError: Error, CustomStringConvertible, Sendable {
    /// The path.
    public let path: String
    /// The failing call and its errno text.
    public let reason: String
    /// The message, naming the path and the failing call.
    public var description: String { "cannot read \(path): \(reason)" }
  }

  /// Files up to this size are read into memory rather than mapped.
  public static let readInsteadOfMapLimit = 1 << 20

  /// Copies `bytes`.
  public init(_ bytes: [UInt8]) {
    let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 16)
    unsafe memory.copyBytes(from: bytes)
    unsafe base = UnsafeRawBufferPointer(memory)
    descriptor = -1
  }

  /// Maps the regular file at `path` read-only.
  ///
  /// - Throws: ``OpenError`` when the file cannot be opened, is not a regular file, or cannot
  ///   be mapped.
  public init(mapping path: String) throws(OpenError) {
    let fd = unsafe open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw OpenError(path: path, reason: "open: \(Self.errnoText())") }
    var keepOpen = false
    defer { if !keepOpen { close(fd) } }
    var info = stat()
    guard unsafe fstat(fd, &info) == 0 else {
      throw OpenError(path: path, reason: "fstat: \(Self.errnoText())")
    }
    guard info.st_mode & S_IFMT == S_IFREG else {
      throw OpenError(path: path, reason: "not a regular file")
    }
    let size = Int(info.st_size)
    if size == 0 {
      unsafe base = UnsafeRawBufferPointer(start: nil, count: 0)
      descriptor = -1
      return
    }
    if size <= Self.readInsteadOfMapLimit {
      // Small files are read: mapping and unmapping each one costs more (page-table work and
      // TLB shootdowns on every core), which dominates a scan of many small files.
      let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
      var filled = 0
      while filled < size {
        let destination = unsafe memory.baseAddress.map { unsafe $0 + filled }
        let count = unsafe Glibc.read(fd, destination, size - filled)
        if count < 0, errno == EINTR { continue }
        guard count > 0 else {
          let reason = count == 0 ? "file shrank while reading" : "read: \(Self.errnoText())"
          unsafe memory.deallocate()
          throw OpenError(path: path, reason: reason)
        }
        filled += count
      }
      unsafe base = UnsafeRawBufferPointer(memory)
      descriptor = -1
      return
    }
    let address = unsafe mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0)
    guard let address = unsafe address, unsafe address != MAP_FAILED else {
      throw OpenError(path: path, reason: "mmap: \(Self.errnoText())")
    }
    // Model files are read sparsely (a zip's headers, its pickle members, never its tensor
    // data): without this the kernel reads ahead ~128 KiB around every header it touches.
    _ = unsafe madvise(address, size, MADV_RANDOM)
    unsafe base = UnsafeRawBufferPointer(start: address, count: size)
    descriptor = fd
    keepOpen = true
  }

  deinit {
    if descriptor >= 0 { close(descriptor) }
    if mapped, let start = unsafe base.baseAddress {
      unsafe munmap(UnsafeMutableRawPointer(mutating: start), base.count)
    } else if let start = unsafe base.baseAddress {
      unsafe UnsafeMutableRawPointer(mutating: start).deallocate()
    }
  }

  /// Number of bytes.
  public var count: Int { unsafe base.count }

  /// Calls `body` with the bytes, valid only during the call.
  public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R)
    throws(E) -> R
  {
    try unsafe body(base)
  }

  /// Calls `body` with the bytes in consecutive pieces of at most `pieceSize`, for one
  /// sequential pass such as hashing.
  ///
  /// A mapped file is read ahead piece by piece and each piece is dropped from memory after
  /// `body`, so the pass neither faults page by page (the map is `MADV_RANDOM`) nor leaves a
  /// file-sized resident set behind.
  public func forEachPiece(
    ofSize pieceSize: Int = 8 << 20,
    _ body: (UnsafeRawBufferPointer) -> Void
  ) {
    precondition(pieceSize > 0 && pieceSize % 65536 == 0, "pieces must keep page alignment")
    var offset = 0
    while offset < count {
      let length = min(pieceSize, count - offset)
      let piece = unsafe UnsafeRawBufferPointer(rebasing: base[offset..<(offset + length)])
      // SAFETY: the piece lies inside the map and starts on a page boundary (the map does, and
      // offsets are multiples of pieceSize).
      let address = unsafe piece.baseAddress.map { unsafe UnsafeMutableRawPointer(mutating: $0) }
      if mapped { _ = unsafe madvise(address, length, MADV_WILLNEED) }
      unsafe body(piece)
      if mapped { _ = unsafe madvise(address, length, MADV_DONTNEED) }
      offset += length
    }
  }

  /// A copy of a few bytes far from others read, such as one zip member's local header; nil when
  /// `range` is outside the input or the file cannot be read there.
  ///
  /// A mapped file is read with `pread`: touching the map would fault in, and count as resident,
  /// 64 KiB around each header (the kernel's fault-around).
  public func readSmall(_ range: ByteRange) -> [UInt8]? {
    guard range.start >= 0, range.count >= 0, range.end <= count else { return nil }
    guard mapped else { return copy(range) }
    var bytes = [UInt8](repeating: 0, count: range.count)
    var filled = 0
    while filled < range.count {
      let got = unsafe bytes.withUnsafeMutableBytes { buffer in
        unsafe pread(
          descriptor,
          buffer.baseAddress.map { unsafe $0 + filled },
          range.count - filled,
          off_t(range.start + filled)
        )
      }
      if got < 0, errno == EINTR { continue }
      guard got > 0 else { return nil }
      filled += got
    }
    return bytes
  }

  /// Unmaps the pages the kernel mapped around `offset` when it was read (its fault-around
  /// window, 64 KiB); the bytes stay readable and are read again from the page cache if needed.
  ///
  /// A torch model's thousands of tensor members are each sniffed at their first bytes: without
  /// this, each sniff leaves 64 KiB resident, over 100 MB for a 2,000-tensor model.
  public func releasePages(around offset: Int) {
    guard mapped, offset >= 0, offset < count, let start = unsafe base.baseAddress else { return }
    let window = 64 << 10
    let first = offset & ~(window - 1)
    let length = min(window, count - first)
    // SAFETY: [first, first + length) lies inside the map, and first is page aligned because the
    // map starts on a page boundary and window is a multiple of the page size.
    let address = unsafe UnsafeMutableRawPointer(mutating: start + first)
    _ = unsafe madvise(address, length, MADV_DONTNEED)
  }

  /// A copy of `range`.
  public func copy(_ range: ByteRange) -> [UInt8] {
    precondition(range.start >= 0 && range.end <= count, "range outside the input")
    return unsafe Array(base[range.start..<range.end])
  }

  private static func errnoText() -> String {
    guard let text = unsafe strerror(errno) else { return "errno \(errno)" }
    return unsafe String(cString: text)
  }
}
