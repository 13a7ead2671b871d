/// The `decode --summary` table: one row per tensor or array.
public enum InventoryTable {
  /// Renders `items` as aligned columns NAME, KIND, DTYPE, SHAPE, BYTES (and SAME AS when an
  /// object is reached twice), then a total line that counts each object once.
  ///
  /// - Parameter items: The inventory.
  /// - Returns: The table, each line ending in a newline.
  public static func render(_ items: [InventoryItem]) -> String {
    let hasRepeats = items.contains { $0.sameAs != nil }
    var rows = [["NAME", "KIND", "DTYPE", "SHAPE", "BYTES"] + (hasRepeats ? ["SAME AS"] : [])]
    var total = 0
    for item in items {
      let shape = "[" + item.shape.map(String.init).joined(separator: ", ") + "]"
      let name = item.path.isEmpty ? "(root)" : TerminalText.safe(item.path)
      var row = [name, item.kind, item.dtype, shape, String(item.byteCount)]
      if hasRepeats {
        row.append(item.sameAs.map { $0.isEmpty ? "(root)" : TerminalText.safe($0) } ?? "")
      }
      rows.append(row)
      if item.sameAs == nil { total = total.addingReportingOverflow(item.byteCount).partialValue }
    }
    var widths = [Int](repeating: 0, count: rows[0].count)
    for row in rows {
      for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
    }
    var out = ""
    for row in rows {
      var line = ""
      for (index, cell) in row.enumerated() {
        let padding = String(repeating: " ", count: widths[index] - cell.count)
        line += index == 4 ? padding + cell + "  " : cell + padding + "  "
      }
      while line.last == " " { line.removeLast() }
      out += line + "\n"
    }
    let unique = items.filter { $0.sameAs == nil }.count
    out += "\(unique) tensor(s)/array(s), \(total) bytes\n"
    return out
  }
}
