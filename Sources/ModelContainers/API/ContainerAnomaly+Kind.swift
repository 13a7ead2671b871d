extension ContainerAnomaly {
  /// The category of an anomaly: a stable kebab-case name and a level.
  public struct Kind: Sendable, Hashable, CustomStringConvertible {
    /// The stable kebab-case name, like `zip-name-mismatch`.
    public let name: String
    /// How much the anomaly matters on its own.
    public let level: Level

    private init(_ name: String, _ level: Level) {
      self.name = name
      self.level = level
    }

    /// The kebab-case name.
    public var description: String { name }

    /// Kinds are equal when their names are.
    public static func == (lhs: Kind, rhs: Kind) -> Bool { lhs.name == rhs.name }

    /// Hashes the name.
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    /// The file name promises a format its content is not.
    public static let extensionMismatch = Kind("extension-mismatch", .suspicious)
    /// The bytes are a pickle and another format at once, such as a pickle with a zip appended.
    public static let polyglot = Kind("polyglot", .suspicious)
    /// Bytes follow the end of a container or stream that its loader never reads.
    public static let trailingData = Kind("trailing-data", .suspicious)
    /// A container ends before the data its headers announce.
    public static let truncatedContainer = Kind("truncated-container", .suspicious)
    /// Compressed data is corrupt; what decoded before the error is still scanned.
    public static let decompressionError = Kind("decompression-error", .suspicious)
    /// A limit of the budget stopped part of the scan.
    public static let budgetExceeded = Kind("budget-exceeded", .suspicious)
    /// Containers nest deeper than the budget allows.
    public static let nestingTooDeep = Kind("nesting-too-deep", .suspicious)
    /// An archive or member that could not be opened (encrypted, unsupported method or format).
    public static let unopenedArchive = Kind("unopened-archive", .suspicious)
    /// A compressed file made of several members or streams, which loaders concatenate.
    public static let multiMemberCompression = Kind("multi-member-compression", .informational)
    /// A zip local header names its entry differently from the central directory.
    public static let zipNameMismatch = Kind("zip-name-mismatch", .suspicious)
    /// Two zip entries share a name; loaders disagree on which one they read.
    public static let zipDuplicateName = Kind("zip-duplicate-name", .suspicious)
    /// A zip entry's CRC-32 does not match its data.
    public static let zipCRCMismatch = Kind("zip-crc-mismatch", .suspicious)
    /// A zip entry has the encryption flag set.
    public static let zipEncryptedFlag = Kind("zip-encrypted-flag", .suspicious)
    /// A zip entry has unusual general-purpose flags, or different flags in its local header.
    public static let zipOddFlags = Kind("zip-odd-flags", .suspicious)
    /// A zip local header disagrees with the central directory on method or sizes.
    public static let zipHeaderMismatch = Kind("zip-header-mismatch", .suspicious)
    /// Two zip entries share bytes.
    public static let zipOverlappingEntries = Kind("zip-overlapping-entries", .suspicious)
    /// Bytes precede the first zip entry.
    public static let zipDataBefore = Kind("zip-data-before", .suspicious)
    /// Bytes follow the zip end record and its comment.
    public static let zipDataAfter = Kind("zip-data-after", .suspicious)
    /// A zip local header the central directory does not list.
    public static let zipHiddenEntry = Kind("zip-hidden-entry", .suspicious)
    /// The zip uses zip64 records (torch and numpy always do).
    public static let zip64 = Kind("zip64", .informational)
    /// A zip structure cannot be read.
    public static let zipCorrupt = Kind("zip-corrupt", .suspicious)
    /// A zip entry name escapes the extraction folder (`../`, absolute).
    public static let zipPathTraversal = Kind("zip-path-traversal", .suspicious)
    /// A tensor's persistent id names a storage member that does not exist.
    public static let torchMissingStorage = Kind("torch-missing-storage", .suspicious)
    /// A storage member is smaller than its tensor's element count needs.
    public static let torchStorageTooSmall = Kind("torch-storage-too-small", .suspicious)
    /// A torch persistent id is not a `('storage', type, key, location, numel)` tuple.
    public static let torchMalformedPersistentID = Kind(
      "torch-malformed-persistent-id",
      .suspicious
    )
    /// A TorchScript archive carries code that `torch.jit.load` compiles and runs.
    public static let torchScriptCode = Kind("torchscript-code", .suspicious)
    /// The raw storage section after a legacy torch file's pickles does not parse.
    public static let torchLegacyStorageMalformed = Kind(
      "torch-legacy-storage-malformed",
      .suspicious
    )
    /// A `.npy` array of object dtype: a pickle follows its header.
    public static let npyObjectDType = Kind("npy-object-dtype", .informational)
    /// A `.npy` header numpy would refuse.
    public static let npyMalformedHeader = Kind("npy-malformed-header", .suspicious)
    /// A `.npy` data section is not the size its header's shape and dtype give.
    public static let npyDataSizeMismatch = Kind("npy-data-size-mismatch", .suspicious)
    /// A joblib raw array block whose length cannot be computed, or that is not where joblib reads it.
    public static let joblibMalformedArrayBlock = Kind("joblib-malformed-array-block", .suspicious)
    /// A tar member is a symbolic or hard link.
    public static let tarLink = Kind("tar-link", .suspicious)
    /// A tar member name escapes the extraction folder (`../`, absolute).
    public static let tarPathTraversal = Kind("tar-path-traversal", .suspicious)
    /// A tar header cannot be read (bad checksum or size).
    public static let tarCorrupt = Kind("tar-corrupt", .suspicious)

    /// Every kind, in catalog order.
    public static let all: [Kind] = [
      .extensionMismatch,
      .polyglot,
      .trailingData,
      .truncatedContainer,
      .decompressionError,
      .budgetExceeded,
      .nestingTooDeep,
      .unopenedArchive,
      .multiMemberCompression,
      .zipNameMismatch,
      .zipDuplicateName,
      .zipCRCMismatch,
      .zipEncryptedFlag,
      .zipOddFlags,
      .zipHeaderMismatch,
      .zipOverlappingEntries,
      .zipDataBefore,
      .zipDataAfter,
      .zipHiddenEntry,
      .zip64,
      .zipCorrupt,
      .zipPathTraversal,
      .torchMissingStorage,
      .torchStorageTooSmall,
      .torchMalformedPersistentID,
      .torchScriptCode,
      .torchLegacyStorageMalformed,
      .npyObjectDType,
      .npyMalformedHeader,
      .npyDataSizeMismatch,
      .joblibMalformedArrayBlock,
      .tarLink,
      .tarPathTraversal,
      .tarCorrupt,
    ]
  }
}
