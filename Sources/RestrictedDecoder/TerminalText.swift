/// Text from the input made safe to print: control characters become visible escapes.
///
/// Global names, dict keys and child diagnostics are attacker-controlled; printed raw they
/// could move the cursor or rewrite a terminal's title.
public enum TerminalText {
  /// `text` with C0 and C1 control characters and DEL written as `\xNN` / `\u{NN}`.
  ///
  /// - Parameter text: Text that may come from the input.
  /// - Returns: Text without control characters.
  public static func safe(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isControl) else { return text }
    var out = ""
    for scalar in text.unicodeScalars {
      if isControl(scalar) {
        out += scalar.value < 0x80 ? "\\x" + hex(scalar.value) : "\\u{" + hex(scalar.value) + "}"
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
  }

  private static func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return digits.count < 2 ? "0" + digits : digits
  }
}
