import PickleCore

/// Finds every pickle a loader would run in a file, whatever its format or name.
///
/// Formats are recognised by content: raw pickles (several back to back form one stream),
/// `torch.save` zips (read with our own lenient directory reader), legacy and tar-based torch
/// files, `.npy`/`.npz`, joblib streams with raw array blocks, gzip/bz2/xz/lzma/zlib/lz4/zstd
/// wrappers, tar, 7z, and archives nested in each other, all within a ``ContainerBudget``.
public enum ContainerScanner {
  /// Scans `input`, named `name` (the name is used only to report extension mismatches).
  ///
  /// - Parameters:
  ///   - input: The file's bytes, ideally mapped with `InputBytes(mapping:)`.
  ///   - name: The file name, first step of every location.
  ///   - budget: Resource limits.
  /// - Returns: The pickle streams, the anomalies, and whether the scan saw everything.
  public static func scan(
    _ input: InputBytes,
    name: String,
    budget: ContainerBudget = .init()
  ) -> ContainerReport {
    var session = ScanSession(budget: budget)
    session.run(
      Region(
        bytes: input,
        range: input.all,
        path: [name],
        depth: 0,
        name: name,
        strictness: .lenient,
        role: .file,
        base: 0
      )
    )
    if session.report.format.isEmpty {
      session.report.format = [input.count == 0 ? "empty" : "unknown"]
    }
    return session.report
  }
}
