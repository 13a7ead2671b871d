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
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
  ],
  targets: [
    .target(name: "PickleCore", swiftSettings: readsUntrustedBytes),
    .target(name: "PickleVet", dependencies: ["PickleCore"], swiftSettings: strictInCI),
    .executableTarget(
      name: "picklevet",
      dependencies: [
        "PickleVet",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
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
  ]
)
