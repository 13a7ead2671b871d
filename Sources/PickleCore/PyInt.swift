/// An arbitrary-precision integer, as Python's `int`, for pickle arguments beyond 64 bits.
///
/// Only what reading and printing pickles needs: build from digits or two's-complement bytes,
/// compare, narrow to `Int64`, print in decimal.
public struct PyInt: Sendable, Hashable, CustomStringConvertible {
  /// True when the value is below zero.
  public private(set) var isNegative: Bool
  /// Magnitude, base 2^32, least significant limb first, no trailing zero limbs.
  public private(set) var limbs: [UInt32]

  /// Zero.
  public init() {
    isNegative = false
    limbs = []
  }

  /// The value of a 64-bit integer.
  public init(_ value: Int64) {
    isNegative = value < 0
    var magnitude = value.magnitude
    limbs = []
    while magnitude != 0 {
      limbs.append(UInt32(truncatingIfNeeded: magnitude))
      magnitude >>= 32
    }
  }

  /// Reads Python's `decode_long`: little-endian two's complement, empty meaning zero.
  public init<Bytes: Collection>(twosComplementLittleEndian bytes: Bytes)
  where Bytes.Element == UInt8 {
    let negative = (bytes.reversed().first ?? 0) & 0x80 != 0
    var result: [UInt32] = []
    result.reserveCapacity((bytes.count + 3) / 4)
    var limb: UInt32 = 0
    var shift: UInt32 = 0
    var borrow = true  // for negation: invert and add one
    for byte in bytes {
      var value = byte
      if negative {
        value = ~value
        if borrow {
          let (sum, overflow) = value.addingReportingOverflow(1)
          value = sum
          borrow = overflow
        }
      }
      limb |= UInt32(value) << shift
      shift += 8
      if shift == 32 {
        result.append(limb)
        limb = 0
        shift = 0
      }
    }
    if shift != 0 { result.append(limb) }
    while result.last == 0 { result.removeLast() }
    isNegative = negative && !result.isEmpty
    limbs = result
  }

  /// Multiplies by `factor` and adds `addend` (both small): the digit-accumulation step.
  mutating func multiplyAdd(_ factor: UInt32, _ addend: UInt32) {
    var carry = UInt64(addend)
    for index in limbs.indices {
      let product = UInt64(limbs[index]) * UInt64(factor) + carry
      limbs[index] = UInt32(truncatingIfNeeded: product)
      carry = product >> 32
    }
    if carry != 0 { limbs.append(UInt32(carry)) }
  }

  /// Divides the magnitude by `divisor` in place and returns the remainder.
  mutating func divideMagnitude(by divisor: UInt32) -> UInt32 {
    var remainder: UInt64 = 0
    for index in limbs.indices.reversed() {
      let current = (remainder << 32) | UInt64(limbs[index])
      limbs[index] = UInt32(current / UInt64(divisor))
      remainder = current % UInt64(divisor)
    }
    while limbs.last == 0 { limbs.removeLast() }
    return UInt32(remainder)
  }

  /// Sets the sign; zero stays non-negative.
  mutating func setNegative(_ negative: Bool) { isNegative = negative && !limbs.isEmpty }

  /// The value as `Int64`, or `nil` when it does not fit.
  public var int64: Int64? {
    guard limbs.count <= 2 else { return nil }
    var magnitude: UInt64 = 0
    for (index, limb) in limbs.enumerated() { magnitude |= UInt64(limb) << (32 * UInt64(index)) }
    if isNegative {
      if magnitude == UInt64(Int64.max) + 1 { return .min }
      return magnitude <= UInt64(Int64.max) ? -Int64(magnitude) : nil
    }
    return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
  }

  /// Number of decimal digits the magnitude would print with, at most (cheap upper bound).
  public var decimalDigitsUpperBound: Int { limbs.count * 10 + 1 }

  /// Decimal text, as Python's `repr(int)`.
  public var description: String {
    if limbs.isEmpty { return "0" }
    var work = self
    var chunks: [UInt32] = []
    while !work.limbs.isEmpty { chunks.append(work.divideMagnitude(by: 1_000_000_000)) }
    var text = isNegative ? "-" : ""
    text += String(chunks.removeLast())
    for chunk in chunks.reversed() {
      let digits = String(chunk)
      text += String(repeating: "0", count: 9 - digits.count) + digits
    }
    return text
  }
}

extension PyInt {
  /// The value of a text `INT`/`LONG` line as the C unpickler reads it (`PyLong_FromString`
  /// with base 0, one trailing `L` dropped), or `nil` where it refuses the line.
  public init?<Bytes: Collection<UInt8>>(pickleTextInteger line: Bytes) {
    var body = Array(line)
    if body.last == UInt8(ascii: "L") { body.removeLast() }
    guard case .success(let value) = PythonNumberText.pyLongFromString(body, base0: true) else {
      return nil
    }
    self = value
  }
}
