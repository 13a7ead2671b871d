/// A torch storage named by a persistent id; its bytes stay in the container.
struct TorchStorage: Sendable, Equatable {
  /// Element type of the storage class (`float32`).
  var dtype: String
  /// Bytes per element.
  var elementSize: Int
  /// Elements in the storage.
  var count: Int
}
