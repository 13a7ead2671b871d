import PickleCore

/// A span of bytes waiting to be sniffed: a file, an archive member, a decompressed buffer, or
/// bytes found before or after another format.
struct Region {
  /// Who reads the region, which decides how its pickles are loaded.
  enum Role {
    /// The scanned file itself.
    case file
    /// A member of an archive.
    case member
    /// The output of a compression wrapper.
    case decompressed
    /// A member of a torch zip: its pickles use persistent ids into the archive.
    case torchMember(TorchArchive)
    /// Bytes before or after another format.
    case leftover
  }

  /// The buffer: the mapped file, or a decompressed copy.
  var bytes: InputBytes
  /// Where the region is in ``bytes``.
  var range: ByteRange
  /// The location path: file, members, wrapper steps.
  var path: [String]
  /// Containers opened to reach the region.
  var depth: Int
  /// The name whose extension is checked against the content; empty for none.
  var name: String
  /// How much evidence a pickle needs.
  var strictness: PickleSniff.Strictness
  /// Who reads the region.
  var role: Role
  /// The offset that location offsets count from (the start of the member).
  var base: Int
  /// A format the enclosing container already implies (`pickle` in a torch zip, `npy` in an
  /// npz), left out of the report's format chain.
  var impliedLabel: String?

  /// The location of `offset` inside the region's member.
  func location(_ offset: Int) -> StreamLocation {
    StreamLocation(members: path, offset: offset - base)
  }

  /// A region for `range` of the same buffer and member, such as data after a pickle.
  func leftover(_ range: ByteRange) -> Region {
    Region(
      bytes: bytes,
      range: range,
      path: path,
      depth: depth,
      name: "",
      strictness: .lenient,
      role: .leftover,
      base: base
    )
  }
}

/// What the members of one torch zip need to check each other.
final class TorchArchive: Sendable {
  /// Uncompressed size of every member, by name.
  let sizes: [String: Int]

  init(sizes: [String: Int]) { self.sizes = sizes }
}
