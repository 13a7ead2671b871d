/// Element type, shape and byte size of a tensor or array.
public struct ArrayInfo: Sendable, Equatable {
  /// `"tensor"`, `"parameter"` or `"ndarray"`.
  public var kind: String
  /// Element type as the framework spells it (`float32`, `<f8`).
  public var dtype: String
  /// Dimensions.
  public var shape: [Int]
  /// Bytes the elements take (element count × element size).
  public var byteCount: Int
}
