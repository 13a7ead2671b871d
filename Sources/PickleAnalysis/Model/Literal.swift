import PickleCore

/// A call argument or other value as far as the analysis knows it statically.
///
/// Literal trees are capped in depth and width (see ``AnalysisLimits``); what lies beyond the
/// caps, and plain data summarised on purpose, is an ``Literal/opaque(_:)`` description.
public indirect enum Literal: Sendable, Hashable {
  case none
  case bool(Bool)
  case int(PyInt)
  case float(Double)
  /// A `str`; `complete` is false when it was cut at the literal cap.
  case str(String, complete: Bool)
  /// `bytes` (a capped prefix) and the real length.
  case bytes([UInt8], length: Int)
  /// `bytearray` (a capped prefix) and the real length.
  case bytearray([UInt8], length: Int)
  case tuple([Literal])
  case list([Literal])
  case dict([DictEntry])
  case set([Literal])
  case frozenset([Literal])
  /// A reference to a global (called or not).
  case global(QualifiedName)
  /// A module object, as `__import__('os')` returns.
  case module(String)
  /// The result of call number `id` in the ``CallGraph``.
  case callResult(Int)
  /// The value a persistent id stands for (`PERSID`/`BINPERSID`), with the id itself.
  case persistent(Literal)
  /// An object whose state was set by `BUILD`: the object and the state.
  case built(Literal, state: Literal)
  /// `EXT1/2/4`: an object from the extension registry, unknown statically.
  case extensionCode(Int)
  /// A protocol 5 out-of-band buffer.
  case buffer(readonly: Bool)
  /// Something summarised or beyond the caps, described in words (`list of 10000 plain items`).
  case opaque(String)

  /// One key/value pair of a dict literal.
  public struct DictEntry: Sendable, Hashable {
    /// The key.
    public var key: Literal
    /// The value.
    public var value: Literal

    /// A pair.
    public init(key: Literal, value: Literal) {
      self.key = key
      self.value = value
    }
  }

  /// The string, if this is a `str` literal.
  public var stringValue: String? {
    if case .str(let text, _) = self { return text }
    return nil
  }
}
