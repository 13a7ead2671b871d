/// What loaded a pickle stream, which decides how its bytes are read.
public enum StreamKind: String, Sendable, Equatable, CaseIterable {
  /// A raw pickle file; several pickles back to back form one stream.
  case pickle
  /// A pickle member of a `torch.save` zip (`<prefix>/data.pkl`).
  case torchZipPickle = "torch-zip-pickle"
  /// The five pickles of a legacy `torch.save` file; the raw storage bytes after them are not
  /// part of the stream.
  case torchLegacy = "torch-legacy"
  /// A pickle member of the tar-based torch format (`sys_info`, `pickle`, `storages`, `tensors`).
  case torchTar = "torch-tar"
  /// The pickle after the header of an object-dtype `.npy`.
  case npyObjectArray = "npy-object-array"
  /// A joblib stream: a pickle interrupted by raw array blocks, listed in `skips`.
  case joblib
  /// The nested pickle joblib writes for an object-dtype array.
  case joblibObjectArray = "joblib-object-array"
  /// The `constants.pkl` of a TorchScript archive.
  case torchScriptConstants = "torchscript-constants"
}
