/// A place in a rule file: 1-based line and column (in Unicode scalars) and the scalar offset.
public struct SourcePosition: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// Line, from 1.
  public var line: Int
  /// Column, from 1, counted in Unicode scalars.
  public var column: Int
  /// Offset of the scalar in the file.
  public var offset: Int

  /// A position.
  public init(line: Int, column: Int, offset: Int) {
    self.line = line
    self.column = column
    self.offset = offset
  }

  /// `line:column`.
  public var description: String { "\(line):\(column)" }

  /// Orders by offset.
  public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
    lhs.offset < rhs.offset
  }
}

/// A range of a rule file, from `start` up to (not including) `end`.
public struct SourceSpan: Sendable, Hashable {
  /// The first scalar.
  public var start: SourcePosition
  /// Just past the last scalar.
  public var end: SourcePosition

  /// A span.
  public init(start: SourcePosition, end: SourcePosition) {
    self.start = start
    self.end = end
  }

  /// The span from the start of `self` to the end of `other`.
  func through(_ other: SourceSpan) -> SourceSpan {
    SourceSpan(start: start, end: Swift.max(end, other.end))
  }
}

extension String {
  /// The text of `scalars`; ASCII (nearly all of a rule file) is copied byte for byte, which
  /// is many times faster than appending scalar by scalar.
  init(scalars: some Collection<Unicode.Scalar>) {
    if scalars.allSatisfy(\.isASCII) {
      self.init(unsafeUninitializedCapacity: scalars.count) { buffer in
        for (position, scalar) in scalars.enumerated() { buffer[position] = UInt8(scalar.value) }
        return scalars.count
      }
    } else {
      var view = String.UnicodeScalarView()
      view.append(contentsOf: scalars)
      self.init(view)
    }
  }
}
