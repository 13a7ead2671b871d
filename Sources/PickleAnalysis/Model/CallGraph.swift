/// Every call a pickle would make and every global it reaches, with their locations.
public struct CallGraph: Sendable, Hashable {
  /// Calls in the order their opcodes run.
  public var calls: [Call]
  /// Every global the pickle resolves, called or not, in stream order.
  public var references: [GlobalReference]
  /// Every `BUILD`: what state was set on what.
  public var builds: [BuildEdge]

  /// An empty graph.
  public init(calls: [Call] = [], references: [GlobalReference] = [], builds: [BuildEdge] = []) {
    self.calls = calls
    self.references = references
    self.builds = builds
  }
}

/// How a call is made.
public enum CallKind: String, Sendable, Hashable, CaseIterable {
  /// `REDUCE`: `callable(*args)`.
  case reduce
  /// `NEWOBJ`: `cls.__new__(cls, *args)`.
  case newobj
  /// `NEWOBJ_EX`: `cls.__new__(cls, *args, **kwargs)`.
  case newobjEx = "newobj_ex"
  /// `OBJ`: `cls(*args)` (protocol 1).
  case obj
  /// `INST`: `module.name(*args)` (protocol 0).
  case inst
  /// `BUILD` on an object whose class may define `__setstate__`: `obj.__setstate__(state)`.
  case setstate
  /// A call that a trampoline makes on the pickle's behalf (`functools.partial(f, …)()`,
  /// `map(f, …)`, `copyreg._reconstructor(cls, base, state)` running `base.__init__`).
  case indirect
}

/// Whether a call's result reaches the object the pickle returns.
public enum Liveness: String, Sendable, Hashable {
  /// The result flows into the returned object (directly or through containers, state, args).
  case returned
  /// The result is thrown away (`POP`, overwritten, only left in the memo): a call made for its
  /// side effect, the hallmark of an injected payload.
  case discarded
  /// The stream broke before `STOP`, so what is returned is unknown.
  case unknown
}

/// One call edge.
public struct Call: Sendable, Hashable, Identifiable {
  /// Position in ``CallGraph/calls``.
  public var id: Int
  /// How the call is made.
  public var kind: CallKind
  /// The resolved callee, or `nil` when it cannot be resolved statically.
  public var callee: QualifiedName?
  /// What the callee is when unresolved, in words (`result of call #3`, `EXT code 0x2a`).
  public var dynamicCallee: String?
  /// Positional arguments.
  public var arguments: [Literal]
  /// Keyword arguments (`NEWOBJ_EX`, `functools.partial` keywords).
  public var keywordArguments: [Literal.DictEntry]
  /// Offset of the opcode that makes the call (`REDUCE`, `NEWOBJ`, …).
  public var offset: Int
  /// Offset of the `GLOBAL`/`STACK_GLOBAL`/`INST` that produced the callee, if any.
  public var calleeOffset: Int?
  /// Trampolines the callee came through, outermost first (`builtins.getattr`).
  public var via: [QualifiedName]
  /// Whether the result reaches the returned object.
  public var liveness: Liveness

  /// A call edge.
  public init(
    id: Int,
    kind: CallKind,
    callee: QualifiedName?,
    dynamicCallee: String? = nil,
    arguments: [Literal],
    keywordArguments: [Literal.DictEntry] = [],
    offset: Int,
    calleeOffset: Int?,
    via: [QualifiedName] = [],
    liveness: Liveness = .unknown
  ) {
    self.id = id
    self.kind = kind
    self.callee = callee
    self.dynamicCallee = dynamicCallee
    self.arguments = arguments
    self.keywordArguments = keywordArguments
    self.offset = offset
    self.calleeOffset = calleeOffset
    self.via = via
    self.liveness = liveness
  }
}

/// A global the pickle resolves.
public struct GlobalReference: Sendable, Hashable {
  /// The resolved name.
  public var name: QualifiedName
  /// Offset of the opcode that names it (`GLOBAL`, `STACK_GLOBAL`, `INST`), or of the trampoline
  /// call that produced it.
  public var offset: Int
  /// The opcode or trampoline that produced it (`GLOBAL`, `STACK_GLOBAL`, `INST`,
  /// `builtins.getattr`, …).
  public var origin: String
  /// True when some call in the graph calls it.
  public var isCalled: Bool

  /// A reference.
  public init(name: QualifiedName, offset: Int, origin: String, isCalled: Bool) {
    self.name = name
    self.offset = offset
    self.origin = origin
    self.isCalled = isCalled
  }
}

/// A `BUILD`: `state` set on `target`.
public struct BuildEdge: Sendable, Hashable {
  /// Offset of the `BUILD` opcode.
  public var offset: Int
  /// The object whose state is set.
  public var target: Literal
  /// The state.
  public var state: Literal

  /// An edge.
  public init(offset: Int, target: Literal, state: Literal) {
    self.offset = offset
    self.target = target
    self.state = state
  }
}
