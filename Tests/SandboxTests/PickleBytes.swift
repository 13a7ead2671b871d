/// Builds pickles byte by byte for tests, one opcode at a time.
struct PickleBytes {
  var bytes: [UInt8] = []

  /// Offset the next opcode will have.
  var offset: Int { bytes.count }

  /// Appends raw bytes.
  @discardableResult
  mutating func raw(_ values: UInt8...) -> Int {
    let start = offset
    bytes += values
    return start
  }

  /// Appends text as its UTF-8 bytes (protocol 0 opcodes and their arguments).
  @discardableResult
  mutating func text(_ value: String) -> Int {
    let start = offset
    bytes += Array(value.utf8)
    return start
  }

  /// `PROTO n`.
  mutating func proto(_ version: UInt8) { raw(0x80, version) }

  /// `GLOBAL module name`; returns its offset.
  @discardableResult
  mutating func global(_ module: String, _ name: String) -> Int {
    text("c\(module)\n\(name)\n")
  }

  /// `SHORT_BINUNICODE`.
  @discardableResult
  mutating func string(_ value: String) -> Int {
    let utf8 = Array(value.utf8)
    let start = offset
    bytes += [0x8C, UInt8(utf8.count)] + utf8
    return start
  }

  /// `SHORT_BINBYTES`.
  mutating func shortBytes(_ value: [UInt8]) { bytes += [0x43, UInt8(value.count)] + value }

  /// `BININT1`.
  mutating func int(_ value: UInt8) { raw(0x4B, value) }

  /// `STACK_GLOBAL`; returns its offset.
  @discardableResult
  mutating func stackGlobal() -> Int { raw(0x93) }

  /// `REDUCE`; returns its offset.
  @discardableResult
  mutating func reduce() -> Int { raw(0x52) }

  /// `BUILD`; returns its offset.
  @discardableResult
  mutating func build() -> Int { raw(0x62) }

  mutating func mark() { raw(0x28) }
  mutating func tuple() { raw(0x74) }
  mutating func tuple1() { raw(0x85) }
  mutating func tuple2() { raw(0x86) }
  mutating func tuple3() { raw(0x87) }
  mutating func emptyTuple() { raw(0x29) }
  mutating func emptyDict() { raw(0x7D) }
  mutating func emptyList() { raw(0x5D) }
  mutating func none() { raw(0x4E) }
  mutating func newFalse() { raw(0x89) }
  mutating func stop() { raw(0x2E) }
}
