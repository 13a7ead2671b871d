import RestrictedDecoder

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
