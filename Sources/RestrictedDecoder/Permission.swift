/// What a pickle may do with one allowlisted global.
struct Permission: Sendable {
  /// The global may be kept as a value (in a container, a state or an argument).
  var storable = false
  /// `NEWOBJ(cls, ())` and `copyreg._reconstructor(cls, object, None)` may create an instance,
  /// which `BUILD` then fills from a `dict` state.
  var instantiable = false
  /// What `BUILD` may do to an instance.
  var build = BuildRule.dictState
  /// What `REDUCE`, `OBJ` and `INST` do with the global; `nil` means it cannot be called.
  var emulation: Emulation?

  static let value = Permission(storable: true)
  static let instance = Permission(storable: true, instantiable: true)
  static let instanceWithSetState = Permission(
    storable: true,
    instantiable: true,
    build: .anyState
  )
  static func calls(_ emulation: Emulation, storable: Bool = false) -> Permission {
    Permission(storable: storable, emulation: emulation)
  }
}

/// What `BUILD` does to an instance of an allowlisted class.
enum BuildRule: Sendable {
  /// Set attributes from a `dict` (or a `(dict, slots)` pair).
  case dictState
  /// Hand any state to the class's `__setstate__`.
  case anyState
  /// joblib's `NumpyArrayWrapper`: a `dict` describing the array whose raw bytes follow.
  case joblibArray
}

/// How the decoder emulates calling an allowlisted global; each case checks its arguments.
enum Emulation: Sendable, Equatable {
  // builtins and the standard library
  case set, frozenset, bytes, bytearray, complex, slice, range, getattr, codecsEncode
  case reconstructor
  case orderedDict, counter, defaultdict, deque
  case date, datetime, time, timedelta, timezone, decimal, fraction, zoneInfo
  // NumPy
  case ndarrayReconstruct, fromBuffer, maskedReconstruct, dtype, scalar, dillCreateArray
  // PyTorch
  case rebuildTensor, rebuildTensorV2, rebuildParameter, rebuildParameterWithState
  case rebuildQTensor, rebuildSparseTensor, torchSize, torchDevice, torchLayout
  /// A call recorded as `{"type":"call"}`; its arguments must be plain data.
  case call(ArgumentRule, buildable: Bool)
  /// A call whose first argument is a class of `group`, recorded as an instance of it.
  case instanceOf(ClassGroup, buildable: Bool)
}

/// What the arguments of a recorded call may be.
enum ArgumentRule: Sendable {
  /// Any values the pickle may keep (no callable-only globals).
  case data
  /// No arguments at all.
  case none
  /// Only `str` arguments.
  case strings
  /// One bit generator: made by `__bit_generator_ctor`, or the name of a known one.
  case bitGenerator
}

/// A set of classes an emulated constructor may be asked to create.
enum ClassGroup: Sendable {
  /// Any instantiable class of the allowlist.
  case instantiable
  /// `numpy.ndarray` and its allowlisted subclasses.
  case ndarray
  /// pandas index classes (for `_new_Index` and friends).
  case pandasIndex
  /// pandas extension array classes (for the Cython `__pyx_unpickle_*` helpers).
  case pandasArray
  /// NumPy bit generators.
  case bitGenerator
  /// `numpy.random.bit_generator.SeedSequence`.
  case seedSequence
}
