import RestrictedDecoder

/// The child's answer on stdout: a header, a status line, named length-prefixed sections and
/// an end line.
///
/// ```
/// picklevet-sandbox 1
/// status decoded
/// json 123
/// <123 bytes>
/// inventory 45
/// <45 bytes>
/// end
/// ```
/// The parent treats the frame as hostile: every length is checked against what remains and
/// against a cap before anything is copied.
struct ResultFrame: Equatable {
  static let magic = "picklevet-sandbox 1"
  static let maxSections = 8
  static let maxLine = 256

  /// `decoded`, `refused` or `report`.
  var status: String
  /// Sections in order.
  var sections: [Section] = []

  struct Section: Equatable {
    var name: String
    var bytes: [UInt8]
  }

  func section(_ name: String) -> [UInt8]? {
    sections.first { $0.name == name }?.bytes
  }

  /// The frame as bytes.
  var encoded: [UInt8] {
    var out = Array("\(Self.magic)\nstatus \(status)\n".utf8)
    for section in sections {
      out += Array("\(section.name) \(section.bytes.count)\n".utf8)
      out += section.bytes
      out.append(0x0A)
    }
    out += Array("end\n".utf8)
    return out
  }

  /// Parses a frame, or says what is wrong with it.
  static func parse(_ bytes: [UInt8]) -> Result<ResultFrame, SandboxError> {
    var position = 0
    func fail(_ message: String) -> Result<ResultFrame, SandboxError> {
      .failure(SandboxError(.setup, "child frame: \(message) at byte \(position)"))
    }
    func line() -> String? {
      let end = min(bytes.count, position + maxLine)
      guard let newline = bytes[position..<end].firstIndex(of: 0x0A) else { return nil }
      defer { position = newline + 1 }
      return String(decoding: bytes[position..<newline], as: UTF8.self)
    }
    guard line() == magic else { return fail("missing header") }
    guard let statusLine = line(), statusLine.hasPrefix("status ") else {
      return fail("missing status")
    }
    var frame = ResultFrame(status: String(statusLine.dropFirst("status ".count)))
    while true {
      guard let header = line() else { return fail("missing section header") }
      if header == "end" { break }
      let parts = header.split(separator: " ")
      guard parts.count == 2, let count = Int(parts[1]), count >= 0,
        count < bytes.count - position
      else { return fail("bad section header") }
      guard frame.sections.count < maxSections else { return fail("too many sections") }
      frame.sections.append(
        Section(name: String(parts[0]), bytes: Array(bytes[position..<position + count]))
      )
      position += count
      guard bytes[position] == 0x0A else { return fail("section not terminated") }
      position += 1
    }
    guard position == bytes.count else { return fail("trailing bytes") }
    return .success(frame)
  }
}
