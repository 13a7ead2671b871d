import Foundation

/// The result of running a command.
public struct ToolRun: Sendable {
  /// Exit status (or 128 + signal).
  public let status: Int32
  /// Standard output.
  public let stdout: String
  /// Standard error.
  public let stderr: String
}

/// The `picklevet` binary `swift test` built next to the test bundle.
public let picklevetBinary: String = {
  // The test runner (…/debug/PickleVetPackageTests.xctest) sits beside the CLI (…/debug/picklevet).
  let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
  var directory = runner.deletingLastPathComponent()
  while directory.path != "/" {
    let candidate = directory.appendingPathComponent("picklevet").path
    if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    directory = directory.deletingLastPathComponent()
  }
  return "picklevet"
}()

/// Runs `executable` with `arguments`, optional standard input and environment additions.
public func runTool(
  _ arguments: [String],
  executable: String = picklevetBinary,
  stdin: [UInt8]? = nil,
  environment: [String: String] = [:],
  directory: String? = nil
) throws -> ToolRun {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: executable)
  process.arguments = arguments
  var env = ProcessInfo.processInfo.environment
  for (key, value) in environment { env[key] = value }
  process.environment = env
  if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
  let out = Pipe()
  let errorPath = FileManager.default.temporaryDirectory
    .appendingPathComponent("picklevet-stderr-\(UUID().uuidString)").path
  _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
  defer { try? FileManager.default.removeItem(atPath: errorPath) }
  let errorHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
  let input = Pipe()
  process.standardOutput = out
  process.standardError = errorHandle
  process.standardInput = input
  try process.run()
  try errorHandle.close()
  if let stdin { input.fileHandleForWriting.write(Data(stdin)) }
  try input.fileHandleForWriting.close()
  let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  let stderrData = FileManager.default.contents(atPath: errorPath) ?? Data()
  let status =
    process.terminationReason == .uncaughtSignal
    ? 128 + process.terminationStatus : process.terminationStatus
  return ToolRun(
    status: status,
    stdout: String(decoding: stdoutData, as: UTF8.self),
    stderr: String(decoding: stderrData, as: UTF8.self)
  )
}
