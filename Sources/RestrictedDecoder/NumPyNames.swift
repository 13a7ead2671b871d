/// The NumPy (and dill) part of the ``Allowlist``.
enum NumPyNames {
  /// `numpy.core` was renamed `numpy._core` in NumPy 2; pickles name either.
  static let coreModules = ["numpy.core", "numpy._core"]

  /// `ndarray` and the subclasses `_reconstruct` may create.
  static let ndarrayClasses: Set<String> = [
    "numpy.ndarray", "numpy.matrix", "numpy.matrixlib.defmatrix.matrix", "numpy.recarray",
    "numpy.rec.recarray", "numpy.core.records.recarray", "numpy._core.records.recarray",
    "numpy.ma.MaskedArray", "numpy.ma.core.MaskedArray",
  ]

  /// The function that creates bit generators in NumPy pickles.
  static let bitGeneratorConstructor = "numpy.random._pickle.__bit_generator_ctor"

  /// Bit generators `__bit_generator_ctor` may create.
  static let bitGenerators: Set<String> = [
    "numpy.random._mt19937.MT19937", "numpy.random._pcg64.PCG64",
    "numpy.random._pcg64.PCG64DXSM", "numpy.random._philox.Philox", "numpy.random._sfc64.SFC64",
  ]

  /// Scalar types and dtype classes, kept as values (`dtype=np.float64` in an estimator).
  static let scalarTypes = [
    "bool_", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float16",
    "float32", "float64", "longdouble", "complex64", "complex128", "clongdouble", "str_", "bytes_",
    "object_", "void", "datetime64", "timedelta64", "intc", "uintc", "intp", "uintp", "record",
  ]

  static let rows: [(String, Permission)] = {
    var rows: [(String, Permission)] = [
      ("numpy.dtype", .calls(.dtype, storable: true)),
      ("numpy.ma.core._mareconstruct", .calls(.maskedReconstruct)),
      (bitGeneratorConstructor, .calls(.instanceOf(.bitGenerator, buildable: true))),
      // Their optional second argument is a constructor they call: never accepted.
      ("numpy.random._pickle.__generator_ctor", .calls(.call(.bitGenerator, buildable: true))),
      ("numpy.random._pickle.__randomstate_ctor", .calls(.call(.bitGenerator, buildable: true))),
      (
        "numpy.random.bit_generator.__pyx_unpickle_SeedSequence",
        .calls(.instanceOf(.seedSequence, buildable: true))
      ),
      ("numpy.random.bit_generator.SeedSequence", .value),
      ("numpy.core.records.record", .value), ("numpy._core.records.record", .value),
      // joblib pickles arrays as a wrapper whose raw bytes follow the BUILD (a skip range).
      (
        "joblib.numpy_pickle.NumpyArrayWrapper",
        Permission(storable: true, instantiable: true, build: .joblibArray)
      ),
      // dill wraps _reconstruct + __setstate__ in one call.
      ("dill._dill._create_array", .calls(.dillCreateArray)),
    ]
    for module in coreModules {
      rows.append(("\(module).multiarray._reconstruct", .calls(.ndarrayReconstruct)))
      rows.append(("\(module).multiarray.scalar", .calls(.scalar)))
      rows.append(("\(module).numeric._frombuffer", .calls(.fromBuffer)))
    }
    rows += ndarrayClasses.sorted().map { ($0, .value) }
    rows += bitGenerators.sorted().map { ($0, .value) }
    rows += scalarTypes.map { ("numpy.\($0)", .value) }
    return rows
  }()
}
