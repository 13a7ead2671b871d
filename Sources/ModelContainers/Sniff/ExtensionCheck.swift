/// What a file name promises, to report names that lie about their content.
enum ExtensionCheck {
  /// Labels each extension may carry.
  ///
  /// Extensions not listed (`.bin`, `.data`, none) promise nothing, since hub blobs and generic
  /// names carry every format.
  private static let promises: [String: Set<String>] = {
    let pickles: Set = [
      "pickle", "joblib", "torch-legacy", "gzip", "zlib", "bz2", "xz", "lzma", "lz4",
    ]
    let torch: Set = ["torch-zip", "torchscript", "torch-legacy", "torch-tar", "pickle", "zip"]
    var table: [String: Set<String>] = [:]
    for ext in ["pkl", "pickle", "sav", "p", "dill", "dat", "joblib", "jbl"] {
      table[ext] = pickles
    }
    for ext in ["pt", "pth", "ckpt", "pt2"] { table[ext] = torch }
    table["tar"] = ["tar", "torch-tar"]
    table["npy"] = ["npy"]
    table["npz"] = ["npz", "zip"]
    table["zip"] = ["zip", "npz", "torch-zip", "torchscript"]
    table["safetensors"] = ["safetensors"]
    table["gguf"] = ["gguf"]
    table["h5"] = ["hdf5"]
    table["hdf5"] = ["hdf5"]
    table["keras"] = ["zip", "hdf5"]
    table["gz"] = ["gzip"]
    table["tgz"] = ["gzip"]
    table["bz2"] = ["bz2"]
    table["xz"] = ["xz"]
    table["lzma"] = ["lzma"]
    table["z"] = ["zlib"]
    table["lz4"] = ["lz4"]
    table["zst"] = ["zstd"]
    table["7z"] = ["7z"]
    table["png"] = ["png"]
    table["jpg"] = ["jpeg"]
    table["jpeg"] = ["jpeg"]
    // Text and other model formats promise content that is none of the formats sniffed here.
    for ext in [
      "json", "txt", "md", "yaml", "yml", "csv", "model", "vocab", "onnx", "msgpack", "tflite",
    ] {
      table[ext] = ["unknown"]
    }
    return table
  }()

  /// The lowercased extension of the last path component, if any.
  static func fileExtension(_ name: String) -> String? {
    let last = name.lastPathComponent
    guard let dot = last.lastIndex(of: "."), dot != last.startIndex else { return nil }
    let ext = last[last.index(after: dot)...].lowercased()
    return ext.isEmpty ? nil : ext
  }

  /// The name without a compression extension (`model.pkl.gz` → `model.pkl`).
  static func strippingCompression(_ name: String, _ codec: Codec) -> String {
    guard let ext = fileExtension(name) else { return "" }
    let compression: Set = ["gz", "tgz", "bz2", "xz", "lzma", "z", "lz4", "zst", "joblib"]
    guard compression.contains(ext), ext != "joblib" else { return name }
    let stem = String(name.dropLast(ext.count + 1))
    return ext == "tgz" ? stem + ".tar" : stem
  }

  /// A message when `name` promises something else than `label`.
  static func mismatch(name: String, label: String) -> String? {
    guard let ext = fileExtension(name), let allowed = promises[ext], !allowed.contains(label)
    else {
      return nil
    }
    return "\"\(name)\" is named .\(ext) but its content is \(label)"
  }
}
