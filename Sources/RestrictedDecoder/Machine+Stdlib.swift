import PickleCore

/// Emulations of `datetime`, `decimal`, `fractions` and `zoneinfo` values.
extension Machine {
  /// `date`, `datetime` and `time` from their C pickle state (packed bytes) or from ints.
  func dateOrTime(_ emulation: Emulation, _ call: Call) throws(Refusal) -> Value {
    let hasDate = emulation != .time
    let hasTime = emulation != .date
    var parts: [Int] = []
    var fold = 0
    var tzIndex: Int?
    if case .bytes(let packed) = call.args.first {
      try call.count(1...(hasTime ? 2 : 1))
      let expected = emulation == .date ? 4 : emulation == .time ? 6 : 10
      guard packed.isComplete, packed.count == expected else {
        throw call.fail("packed state must be \(expected) bytes")
      }
      let bytes = packed.prefix.map(Int.init)
      var index = 0
      if hasDate {
        fold = bytes[2] >> 7
        parts = [bytes[0] << 8 | bytes[1], bytes[2] & 0x7F, bytes[3]]
        index = 4
      }
      if hasTime {
        if !hasDate { fold = bytes[0] >> 7 }
        parts += [bytes[index] & 0x7F, bytes[index + 1], bytes[index + 2]]
        parts.append(bytes[index + 3] << 16 | bytes[index + 4] << 8 | bytes[index + 5])
      }
      tzIndex = hasTime ? 1 : nil
    } else {
      let fieldCount = (hasDate ? 3 : 0) + (hasTime ? 4 : 0)
      try call.count((hasDate ? 3 : 0)...(fieldCount + (hasTime ? 1 : 0)))
      for index in 0..<min(call.args.count, fieldCount) {
        parts.append(try call.nonNegative(index))
      }
      while parts.count < fieldCount { parts.append(0) }
      tzIndex = hasTime ? fieldCount : nil
    }
    var text = ""
    if hasDate {
      guard (1...9999).contains(parts[0]), (1...12).contains(parts[1]), (1...31).contains(parts[2])
      else { throw call.fail("date out of range") }
      text = pad(parts[0], 4) + "-" + pad(parts[1], 2) + "-" + pad(parts[2], 2)
    }
    if hasTime {
      let time = Array(parts.suffix(4))
      guard time[0] < 24, time[1] < 60, time[2] < 60, time[3] < 1_000_000 else {
        throw call.fail("time out of range")
      }
      text += (hasDate ? "T" : "") + pad(time[0], 2) + ":" + pad(time[1], 2) + ":" + pad(time[2], 2)
      if time[3] != 0 { text += "." + pad(time[3], 6) }
    }
    let type = emulation == .date ? "date" : emulation == .time ? "time" : "datetime"
    var fields: [(name: String, value: Value)] = [("value", .string(text))]
    if let tzIndex, let tz = call.optional(tzIndex) {
      try requireStorable(tz, "a tzinfo")
      fields.append(("tzinfo", tz))
    }
    if fold != 0 { fields.append(("fold", .int(1))) }
    return .node(record(type, fields))
  }

  func timedelta(_ call: Call) throws(Refusal) -> Value {
    try call.count(0...3)
    var fields: [(name: String, value: Value)] = []
    for (index, name) in ["days", "seconds", "microseconds"].enumerated() {
      fields.append((name, .int(index < call.args.count ? try call.int(index) : 0)))
    }
    return .node(record("timedelta", fields))
  }

  func timezone(_ call: Call) throws(Refusal) -> Value {
    try call.count(1...2)
    let offset = try call.node(0, .record)
    guard offset.type == "timedelta" else { throw call.fail("offset must be a timedelta") }
    var fields: [(name: String, value: Value)] = [("offset", .node(offset))]
    if call.args.count == 2 { fields.append(("name", .string(try call.string(1)))) }
    return .node(record("timezone", fields))
  }

  func decimal(_ call: Call) throws(Refusal) -> Value {
    try call.count(1...1)
    let text = try call.string(0)
    let allowed = Set("0123456789+-.eEinfatyINFATYsS")
    guard !text.isEmpty, text.allSatisfy(allowed.contains) else {
      throw call.fail("not a decimal literal")
    }
    return .node(record("decimal", [("value", .string(text))]))
  }

  func fraction(_ call: Call) throws(Refusal) -> Value {
    try call.count(1...2)
    if call.args.count == 1 {
      return .node(record("fraction", [("value", .string(try call.string(0)))]))
    }
    for index in 0..<2 {
      switch call.args[index] {
      case .int, .bigInt: continue
      default: throw call.fail("numerator and denominator must be ints")
      }
    }
    return .node(
      record("fraction", [("numerator", call.args[0]), ("denominator", call.args[1])])
    )
  }

  /// `zoneinfo.ZoneInfo._unpickle(key, from_cache)`.
  func zoneInfo(_ call: Call) throws(Refusal) -> Value {
    try call.count(1...2)
    return .node(record("zoneinfo", [("key", .string(try call.string(0)))]))
  }
}

/// `value` in decimal, left-padded with zeros to `width` digits.
func pad(_ value: Int, _ width: Int) -> String {
  let digits = String(value)
  return digits.count >= width
    ? digits : String(repeating: "0", count: width - digits.count) + digits
}
