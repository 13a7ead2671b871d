/// What a rule's `match` clause ranges over.
public enum Subject: String, Sendable, Hashable, CaseIterable {
  /// Every global a pickle resolves (`GLOBAL`, `STACK_GLOBAL`, `INST`, trampolines), called or not.
  case global
  /// Every call edge (`REDUCE`, `NEWOBJ`, `OBJ`, `INST`, `BUILD` via `__setstate__`, trampolines).
  case call
  /// Every `BUILD`: state set on an object.
  case build
  /// Every structural anomaly of a stream.
  case anomaly
  /// Every anomaly a container reader reported (zip, tar, npy, joblib, …).
  case container
  /// Every payload embedded as literal bytes and handed to a deserializer.
  case nested
  /// Every reason why the analysis of a stream is incomplete.
  case incomplete
  /// The file could not be read at all.
  case unreadable

  /// One line on what the subject is, for the generated docs.
  public var summary: String {
    switch self {
    case .global: "each global the pickle resolves, called or only referenced"
    case .call: "each call the pickle would make"
    case .build: "each BUILD (state set on an object)"
    case .anomaly: "each structural anomaly of a pickle stream"
    case .container: "each anomaly reported by a container reader (zip, tar, npy, joblib …)"
    case .nested: "each embedded payload handed to a deserializer"
    case .incomplete: "each reason the analysis stopped early"
    case .unreadable: "the file could not be read"
    }
  }

  /// The field `match SUBJECT in [...]` tests.
  var primaryField: Field? {
    switch self {
    case .global: .name
    case .call: .callee
    case .build: nil
    case .anomaly, .container: .kind
    case .nested: .deserializer
    case .incomplete: .reason
    case .unreadable: .message
    }
  }
}

/// The type of a field, which decides the predicates it takes.
enum FieldType: Sendable, Hashable {
  /// Text: `== "x"`, `in ["glob", …]`, `matches "regex"`.
  case text
  /// Several texts; a predicate holds when it holds for one of them.
  case textList
  /// A number: `==`, `!=`, `<`, `<=`, `>`, `>=`, `in [1, 2]`.
  case integer
  /// A boolean, written bare: `called`, `not allowed`.
  case flag
  /// One of a fixed set of words: `kind in [reduce, newobj]`.
  case enumeration([String])
  /// A value from the pickle: `== "x"`, `in [...]`, `matches`, `is TYPE`.
  case value
}

/// The fields conditions read, by name.
enum Field: String, Sendable, Hashable, CaseIterable {
  case name, module, origin, called, callee, kind, liveness, arity, via, resolved, constrained
  case allowed, target, state, message, known, deserializer, transform, size, readable, reason
  case depth
}

/// One field a condition can read; the table below is the one place that lists them.
struct FieldSpec: Sendable {
  let field: Field
  var name: String { field.rawValue }
  let type: FieldType
  let subjects: [Subject]
  let summary: String

  static let all: [FieldSpec] = [
    .init(
      .name,
      .text,
      [.global],
      "the resolved `module.name` (also matches the written spelling)"
    ),
    .init(.module, .text, [.global, .call], "the module part of the name or callee"),
    .init(
      .origin,
      .text,
      [.global],
      "what produced it: `GLOBAL`, `STACK_GLOBAL`, `INST`, or a trampoline such as `builtins.getattr`"
    ),
    .init(.called, .flag, [.global], "some call in the graph calls it"),
    .init(
      .callee,
      .text,
      [.call],
      "the resolved callee `module.name` (also matches the written spelling)"
    ),
    .init(.kind, .enumeration(CallKindName.all), [.call], "how the call is made"),
    .init(.kind, .text, [.anomaly, .container], "the anomaly kind (kebab-case)"),
    .init(
      .liveness,
      .enumeration(["returned", "discarded", "unknown"]),
      [.call],
      "whether the result reaches the returned object"
    ),
    .init(.arity, .integer, [.call], "number of positional arguments"),
    .init(.via, .textList, [.call], "trampolines the callee came through (`builtins.getattr`)"),
    .init(.resolved, .flag, [.call], "the callee is known statically"),
    .init(
      .constrained,
      .flag,
      [.call],
      "an active `allow call` entry names the callee with an argument constraint"
    ),
    .init(
      .allowed,
      .flag,
      [.global, .call],
      "an active allowlist profile permits this use of the name"
    ),
    .init(.target, .value, [.build], "the object whose state is set"),
    .init(.state, .value, [.build], "the state"),
    .init(.message, .text, [.anomaly, .container, .unreadable], "the reader's message"),
    .init(.known, .flag, [.anomaly, .container], "some rule of the policy names this kind"),
    .init(
      .deserializer,
      .text,
      [.nested],
      "the function the payload is handed to (`pickle.loads`)"
    ),
    .init(.transform, .textList, [.nested], "static decodings applied first (`base64.b64decode`)"),
    .init(.size, .integer, [.nested], "decoded payload size in bytes"),
    .init(.readable, .flag, [.nested], "the payload is a pickle that was analysed"),
    .init(.reason, .text, [.incomplete], "why the analysis is incomplete"),
    .init(
      .depth,
      .integer,
      [.global, .call, .build, .anomaly, .nested, .incomplete],
      "nesting depth: 0 in the file's own streams, 1 inside an embedded payload, …"
    ),
  ]

  init(_ field: Field, _ type: FieldType, _ subjects: [Subject], _ summary: String) {
    self.field = field
    self.type = type
    self.subjects = subjects
    self.summary = summary
  }

  static func lookup(_ name: String, subject: Subject) -> FieldSpec? {
    all.first { $0.name == name && $0.subjects.contains(subject) }
  }
}

/// Spellings of `CallKind` in rule files.
enum CallKindName {
  static let all = ["reduce", "newobj", "newobj_ex", "obj", "inst", "setstate", "indirect"]
}

/// Types `arg N is TYPE` can test.
enum ValueTypeName {
  static let all = [
    "none", "bool", "int", "float", "str", "bytes", "bytearray", "tuple", "list", "dict", "set",
    "frozenset", "global", "module", "call", "persistent", "built", "extension", "buffer",
    "opaque", "missing", "allowed",
  ]
}
