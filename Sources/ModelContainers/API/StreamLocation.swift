/// Where a pickle stream lives: the file, the members leading to it, and a byte offset.
///
/// Compression wrappers appear as steps such as `<gzip>` or `<xz>`; the offset counts from the
/// start of the innermost member or decompressed buffer.
public struct StreamLocation: Hashable, Sendable, CustomStringConvertible {
  /// The file name, then each member or wrapper step, outermost first.
  public var members: [String]
  /// Byte offset inside the innermost member.
  public var offset: Int

  /// A location of `offset` inside the last of `members`.
  public init(members: [String], offset: Int) {
    self.members = members
    self.offset = offset
  }

  /// The path joined by ` › `, then `@ offset`, like `model.tar.gz › <gzip> › inner.pkl @ 0`.
  public var description: String { members.joined(separator: " › ") + " @ \(offset)" }
}
