/// The PyTorch part of the ``Allowlist``: what torch's weights-only unpickler admits.
enum TorchNames {
  /// Storage classes named in persistent ids: class name → (dtype, element size in bytes).
  static let storages: [String: (dtype: String, size: Int)] = [
    "torch.FloatStorage": ("float32", 4), "torch.DoubleStorage": ("float64", 8),
    "torch.HalfStorage": ("float16", 2), "torch.BFloat16Storage": ("bfloat16", 2),
    "torch.LongStorage": ("int64", 8), "torch.IntStorage": ("int32", 4),
    "torch.ShortStorage": ("int16", 2), "torch.CharStorage": ("int8", 1),
    "torch.ByteStorage": ("uint8", 1), "torch.BoolStorage": ("bool", 1),
    "torch.ComplexFloatStorage": ("complex64", 8), "torch.ComplexDoubleStorage": ("complex128", 16),
    "torch.QInt8Storage": ("qint8", 1), "torch.QUInt8Storage": ("quint8", 1),
    "torch.QInt32Storage": ("qint32", 4), "torch.QUInt4x2Storage": ("quint4x2", 1),
    "torch.QUInt2x4Storage": ("quint2x4", 1), "torch.UntypedStorage": ("uint8", 1),
    "torch.storage.UntypedStorage": ("uint8", 1),
  ]

  /// `torch.<dtype>` values (`torch.float16` in a checkpoint's hyper-parameters).
  static let dtypes = [
    "float32", "float", "float64", "double", "float16", "half", "bfloat16", "int8", "uint8",
    "int16", "short", "int32", "int", "int64", "long", "bool", "complex64", "cfloat",
    "complex128", "cdouble", "qint8", "quint8", "qint32", "quint4x2", "float8_e4m3fn",
    "float8_e5m2", "uint16", "uint32", "uint64",
  ]

  /// Quantization schemes and memory layouts, kept as values.
  static let enums = [
    "per_tensor_affine", "per_channel_affine", "per_tensor_symmetric", "per_channel_symmetric",
    "per_channel_affine_float_qparams", "strided", "sparse_coo", "sparse_csr", "sparse_csc",
    "sparse_bsr", "sparse_bsc", "contiguous_format", "channels_last", "preserve_format",
  ]

  /// Layout names `torch.serialization._get_layout` accepts.
  static let layouts: Set<String> = Set(enums.map { "torch.\($0)" })

  static let rows: [(String, Permission)] = {
    var rows: [(String, Permission)] = [
      ("torch._utils._rebuild_tensor", .calls(.rebuildTensor)),
      ("torch._utils._rebuild_tensor_v2", .calls(.rebuildTensorV2)),
      ("torch._utils._rebuild_parameter", .calls(.rebuildParameter)),
      ("torch._utils._rebuild_parameter_with_state", .calls(.rebuildParameterWithState)),
      ("torch._utils._rebuild_qtensor", .calls(.rebuildQTensor)),
      ("torch._utils._rebuild_sparse_tensor", .calls(.rebuildSparseTensor)),
      ("torch.serialization._get_layout", .calls(.torchLayout)),
      ("torch.Size", .calls(.torchSize, storable: true)),
      ("torch.device", .calls(.torchDevice, storable: true)),
    ]
    rows += storages.keys.sorted().map { ($0, .value) }
    rows += (dtypes + enums).map { ("torch.\($0)", .value) }
    return rows
  }()
}
