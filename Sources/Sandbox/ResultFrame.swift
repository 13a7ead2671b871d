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

/// Tab-separated fields with `\\`, `\t` and `\n` escaped, for refusals and inventories.
enum FieldText {
  static func escape(_ text: String) -> String {
    var out = ""
    for character in text {
      switch character {
      case "\\": out += "\\\\"
      case "\t": out += "\\t"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      default: out.append(character)
      }
    }
    return out
  }

  static func unescape(_ text: Substring) -> String {
    var out = ""
    var escaping = false
    for character in text {
      if escaping {
        switch character {
        case "t": out += "\t"
        case "n": out += "\n"
        case "r": out += "\r"
        default: out.append(character)
        }
        escaping = false
      } else if character == "\\" {
        escaping = true
      } else {
        out.append(character)
      }
    }
    return out
  }

  /// One line per refusal: code, offset, global (`-` when none), message.
  static func encode(_ refusal: Refusal) -> [UInt8] {
    let fields = [
      refusal.code.description, String(refusal.offset), refusal.global ?? "-", refusal.message,
    ]
    return Array(fields.map(escape).joined(separator: "\t").utf8)
  }

  static func decodeRefusal(_ bytes: [UInt8]) -> Refusal? {
    let fields = String(decoding: bytes, as: UTF8.self).split(
      separator: "\t",
      omittingEmptySubsequences: false
    )
    guard fields.count == 4, let offset = Int(fields[1]),
      let code = Refusal.Code.all.first(where: { $0.description == fields[0] })
    else { return nil }
    let global = fields[2] == "-" ? nil : unescape(fields[2])
    return Refusal(code, unescape(fields[3]), at: offset, global: global)
  }

  /// One line per item: path, kind, dtype, shape (comma-separated), byte count, same-as path
  /// (empty for a first occurrence).
  static func encode(_ items: [InventoryItem]) -> [UInt8] {
    var out = ""
    for item in items {
      let shape = item.shape.map(String.init).joined(separator: ",")
      let fields = [
        escape(item.path), escape(item.kind), escape(item.dtype), shape, String(item.byteCount),
        item.sameAs.map { "=" + escape($0) } ?? "",
      ]
      out += fields.joined(separator: "\t") + "\n"
    }
    return Array(out.utf8)
  }

  static func decodeInventory(_ bytes: [UInt8]) -> [InventoryItem]? {
    var items: [InventoryItem] = []
    for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
      let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
      guard fields.count == 6, let byteCount = Int(fields[4]) else { return nil }
      var shape: [Int] = []
      for dimension in fields[3].split(separator: ",") {
        guard let value = Int(dimension) else { return nil }
        shape.append(value)
      }
      items.append(
        InventoryItem(
          path: unescape(fields[0]),
          kind: unescape(fields[1]),
          dtype: unescape(fields[2]),
          shape: shape,
          byteCount: byteCount,
          sameAs: fields[5].isEmpty ? nil : unescape(fields[5].dropFirst())
        )
      )
    }
    return items
  }
}
