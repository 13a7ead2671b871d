// swift-tools-version:6.2
import PackageDescription

let strictInCI: [SwiftSetting] =
  Context.environment["CI"] != nil ? [.treatAllWarnings(as: .error)] : []
let readsUntrustedBytes: [SwiftSetting] = [.strictMemorySafety()] + strictInCI

let package = Package(
  name: "PickleVet",
  platforms: [.macOS(.v15)],
  products: [
    .library(name: "PickleVet", targets: ["PickleVet"]),
    .executable(name: "picklevet", targets: ["picklevet"]),
    .executable(name: "picklevet-child", targets: ["picklevet-child"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
  ],
  targets: [
    .target(name: "PickleCore", swiftSettings: readsUntrustedBytes),
    .target(
      name: "PickleAnalysis",
      dependencies: ["PickleCore", "CZlib", "CBzip2", "CLzma"],
      swiftSettings: strictInCI
    ),
    .target(name: "PickleRules", dependencies: ["PickleAnalysis"], swiftSettings: strictInCI),
    .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
    .systemLibrary(name: "CBzip2", providers: [.apt(["libbz2-dev"])]),
    .systemLibrary(name: "CLzma", pkgConfig: "liblzma", providers: [.apt(["liblzma-dev"])]),
    .systemLibrary(
      name: "CArchive",
      pkgConfig: "libarchive",
      providers: [.apt(["libarchive-dev"])]
    ),
    .target(
      name: "ModelContainers",
      dependencies: ["PickleCore", "CZlib", "CBzip2", "CLzma", "CArchive"],
      swiftSettings: readsUntrustedBytes
    ),
    .target(
      name: "RestrictedDecoder",
      dependencies: ["PickleCore"],
      swiftSettings: readsUntrustedBytes
    ),
    .systemLibrary(
      name: "CSeccomp",
      pkgConfig: "libseccomp",
      providers: [.apt(["libseccomp-dev"])]
    ),
    .target(
      name: "Sandbox",
      dependencies: ["RestrictedDecoder", "CSeccomp"],
      swiftSettings: strictInCI
    ),
    .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
    .target(
      name: "PickleVet",
      dependencies: [
        "PickleCore", "PickleAnalysis", "PickleRules", "ModelContainers", "RestrictedDecoder",
        "Sandbox", "CSQLite",
      ],
      swiftSettings: strictInCI
    ),
    .executableTarget(
      name: "AnalysisBenchmark",
      dependencies: ["PickleAnalysis", "ModelContainers"]
    ),
    .executableTarget(
      name: "picklevet",
      dependencies: [
        "PickleVet",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: strictInCI
    ),
    .executableTarget(
      name: "picklevet-child",
      dependencies: ["Sandbox"],
      swiftSettings: strictInCI
    ),
    .executableTarget(name: "ReaderBenchmark", dependencies: ["PickleCore"]),
    .executableTarget(
      name: "PickleVetFuzz",
      dependencies: ["PickleVet", "ModelContainers", "PickleRules", "RestrictedDecoder"],
      swiftSettings: strictInCI
    ),
    .target(
      name: "PickleTestSupport",
      dependencies: ["PickleCore"],
      path: "Tests/PickleTestSupport",
      swiftSettings: strictInCI
    ),
    .testTarget(
      name: "PickleCoreTests",
      dependencies: ["PickleCore", "PickleTestSupport"],
      swiftSettings: strictInCI
    ),
    .testTarget(
      name: "PickleAnalysisTests",
      dependencies: ["PickleAnalysis", "PickleTestSupport"],
      swiftSettings: strictInCI
    ),
    .testTarget(
      name: "PickleRulesTests",
      dependencies: ["PickleRules", "PickleTestSupport"],
      exclude: ["Goldens"],
      swiftSettings: strictInCI
    ),
    .testTarget(
      name: "ModelContainersTests",
      dependencies: ["ModelContainers", "PickleTestSupport"],
      swiftSettings: strictInCI
    ),
    .testTarget(
      name: "SandboxTests",
      dependencies: ["Sandbox", "RestrictedDecoder", "PickleTestSupport"],
      swiftSettings: strictInCI
    ),
    .testTarget(
      name: "PickleVetTests",
      dependencies: ["PickleVet", "PickleTestSupport"],
      exclude: ["Goldens"],
      swiftSettings: strictInCI
    ),
  ]
)
