import ModelContainers
import PickleCore

/// What reading a reported stream the way the analyzer will (jumping over its skips) finds.
struct StreamWalk {
  /// Complete pickles read.
  var pickles = 0
  /// The read error, if the stream does not read cleanly to its end.
  var error: ReadError?
  /// Offset where the last complete pickle ended.
  var lastStop: Int?
  /// Opcode names read, in order.
  var opcodes: [String] = []
  /// `module.name` of every `GLOBAL` read, in order.
  var globals: [String] = []

  /// Reads `stream` from start to end, continuing at `skip.end` whenever it reaches a skip.
  init(_ stream: PickleStream, keepOpcodes: Bool = false) {
    var skips = stream.skips[...]
    stream.bytes.withUnsafeBytes { raw in
      var reader = OpcodeReader(raw, start: stream.range.start, end: stream.range.end)
      do throws(ReadError) {
        while true {
          if let skip = skips.first, reader.position == skip.start {
            skips.removeFirst()
            reader.seek(to: skip.end)
          }
          guard let instruction = try reader.next() else { break }
          if keepOpcodes { opcodes.append(instruction.info.name) }
          if case .pair(let module, let name) = instruction.argument {
            let text = { (range: ByteRange) in
              String(
                decoding: UnsafeRawBufferPointer(rebasing: raw[range.start..<range.end]),
                as: UTF8.self
              )
            }
            globals.append(text(module) + "." + text(name))
          }
          if instruction.opcode == .stop {
            pickles += 1
            lastStop = instruction.end
          }
        }
      } catch {
        self.error = error
      }
    }
  }

  /// True when the stream reads without error and ends exactly after a `STOP`.
  func isClean(_ stream: PickleStream) -> Bool {
    error == nil && lastStop == stream.range.end
  }
}

extension PickleStream {
  /// A copy of the stream's bytes.
  var data: [UInt8] { bytes.copy(range) }

  /// The bytes the analyzer reads: the range without its skips.
  var readBytes: [UInt8] {
    var result: [UInt8] = []
    var position = range.start
    for skip in skips where skip.start >= position {
      result += bytes.copy(ByteRange(start: position, count: skip.start - position))
      position = skip.end
    }
    if position < range.end {
      result += bytes.copy(ByteRange(start: position, count: range.end - position))
    }
    return result
  }
}

extension Array where Element == UInt8 {
  /// True when `needle` occurs.
  func contains(_ needle: [UInt8]) -> Bool {
    guard !needle.isEmpty, needle.count <= count else { return needle.isEmpty }
    return (0...(count - needle.count)).contains {
      self[$0..<($0 + needle.count)].elementsEqual(needle)
    }
  }

  /// True when the array starts with `prefix`.
  func starts(with prefix: [UInt8]) -> Bool { self.starts(with: prefix[...]) }
}
