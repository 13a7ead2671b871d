/// The pandas, SciPy and scikit-learn part of the ``Allowlist`` (beyond the estimator rule).
enum FrameworkNames {
  /// Index classes `_new_Index` may create.
  static let pandasIndexClasses: Set<String> = [
    "pandas.Index", "pandas.RangeIndex", "pandas.MultiIndex", "pandas.DatetimeIndex",
    "pandas.TimedeltaIndex", "pandas.PeriodIndex", "pandas.IntervalIndex",
    "pandas.CategoricalIndex", "pandas.core.indexes.base.Index",
    "pandas.core.indexes.range.RangeIndex", "pandas.core.indexes.multi.MultiIndex",
    "pandas.core.indexes.datetimes.DatetimeIndex",
  ]

  /// Extension-array classes the Cython `__pyx_unpickle_*` helpers may create.
  static let pandasArrayClasses: Set<String> = [
    "pandas.Categorical", "pandas.arrays.DatetimeArray", "pandas.arrays.TimedeltaArray",
    "pandas.arrays.PeriodArray", "pandas.arrays.StringArray", "pandas.arrays.IntervalArray",
    "pandas.core.arrays.categorical.Categorical", "pandas.core.arrays.datetimes.DatetimeArray",
  ]

  /// pandas classes instantiated by `NEWOBJ` and filled by `BUILD`.
  static let pandasInstances = [
    "pandas.DataFrame", "pandas.Series", "pandas.core.frame.DataFrame",
    "pandas.core.series.Series", "pandas.BooleanDtype", "pandas.CategoricalDtype",
    "pandas.DatetimeTZDtype", "pandas.IntervalDtype", "pandas.SparseDtype", "pandas.Int8Dtype",
    "pandas.Int16Dtype", "pandas.Int32Dtype", "pandas.Int64Dtype", "pandas.UInt8Dtype",
    "pandas.UInt16Dtype", "pandas.UInt32Dtype", "pandas.UInt64Dtype", "pandas.Float32Dtype",
    "pandas.Float64Dtype", "pandas.arrays.BooleanArray", "pandas.arrays.IntegerArray",
    "pandas.arrays.FloatingArray", "pandas.arrays.SparseArray",
  ]

  /// pandas block managers: created by `NEWOBJ` or called with `(blocks, axes)`; their
  /// `__setstate__` takes a tuple.
  static let pandasStatefulInstances = [
    "pandas.core.internals.managers.SingleBlockManager",
    "pandas.core.internals.managers.BlockManager",
  ]

  /// pandas functions and Cython classes called through `REDUCE`; arguments must be data.
  static let pandasCalls = [
    "pandas._libs.internals._unpickle_block",
    "pandas._libs.tslibs.nattype._nat_unpickle",
    "pandas._libs.tslibs.timedeltas._timedelta_unpickle",
    "pandas._libs.tslibs.timestamps._unpickle_timestamp", "pandas._libs.sparse.IntIndex",
    "pandas._libs.sparse.BlockIndex", "pandas.Interval", "pandas.Period", "pandas.PeriodDtype",
    "pandas.StringDtype", "pandas.Timestamp", "pandas.Timedelta",
  ]

  /// Date offsets: `Cls(n, normalize, ...)`.
  static let pandasOffsets = [
    "Day", "Hour", "Minute", "Second", "Milli", "Micro", "Nano", "BusinessDay", "Week",
    "MonthEnd", "MonthBegin", "QuarterEnd", "QuarterBegin", "YearEnd", "YearBegin",
  ]

  /// SciPy sparse formats, each with a `_matrix` and an `_array` class.
  static let sparseFormats = ["bsr", "coo", "csc", "csr", "dia", "dok", "lil"]

  /// scikit-learn Cython helpers called through `REDUCE`.
  static let sklearnCalls: [(String, Permission)] = [
    ("sklearn.tree._tree.Tree", .calls(.call(.data, buildable: true))),
    ("sklearn.metrics._dist_metrics.newObj", .calls(.instanceOf(.instantiable, buildable: true))),
    ("sklearn.neighbors._kd_tree.newObj", .calls(.instanceOf(.instantiable, buildable: true))),
    ("sklearn.neighbors._ball_tree.newObj", .calls(.instanceOf(.instantiable, buildable: true))),
  ]

  /// scikit-learn Cython loss classes, pickled as `Cls(*params)`.
  static let sklearnLosses = [
    "sklearn._loss._loss.CyHalfBinomialLoss", "sklearn._loss._loss.CyHalfSquaredError",
    "sklearn._loss._loss.CyAbsoluteError", "sklearn._loss._loss.CyHalfPoissonLoss",
    "sklearn._loss._loss.CyHalfMultinomialLoss", "sklearn._loss._loss.CyPinballLoss",
    "sklearn._loss._loss.CyHuberLoss", "sklearn._loss._loss.CyExponentialLoss",
    "sklearn.linear_model._sgd_fast.Hinge", "sklearn.linear_model._sgd_fast.SquaredHinge",
    "sklearn.linear_model._sgd_fast.ModifiedHuber", "sklearn.linear_model._sgd_fast.Log",
    "sklearn.linear_model._sgd_fast.SquaredLoss", "sklearn.linear_model._sgd_fast.Huber",
    "sklearn.linear_model._sgd_fast.EpsilonInsensitive",
    "sklearn.linear_model._sgd_fast.SquaredEpsilonInsensitive",
  ]

  static let rows: [(String, Permission)] = {
    var rows: [(String, Permission)] = [
      ("pandas.NA", .value),
      ("pandas.core.indexes.base._new_Index", .calls(.instanceOf(.pandasIndex, buildable: false))),
      (
        "pandas.core.indexes.datetimes._new_DatetimeIndex",
        .calls(.instanceOf(.pandasIndex, buildable: false))
      ),
      (
        "pandas.core.indexes.interval._new_IntervalIndex",
        .calls(.instanceOf(.pandasIndex, buildable: false))
      ),
      (
        "pandas._libs.arrays.__pyx_unpickle_NDArrayBacked",
        .calls(.instanceOf(.pandasArray, buildable: true))
      ),
      (
        "pandas._libs.interval.__pyx_unpickle_IntervalMixin",
        .calls(.instanceOf(.pandasArray, buildable: true))
      ),
    ]
    rows += pandasIndexClasses.sorted().map { ($0, .value) }
    rows += pandasArrayClasses.sorted().map { ($0, .value) }
    rows += pandasInstances.map { ($0, .instance) }
    rows += pandasStatefulInstances.map {
      var permission = Permission.instanceWithSetState
      permission.emulation = .call(.data, buildable: true)
      return ($0, permission)
    }
    rows += pandasCalls.map { ($0, .calls(.call(.data, buildable: false), storable: true)) }
    rows += pandasOffsets.map {
      ("pandas._libs.tslibs.offsets.\($0)", .calls(.call(.data, buildable: false), storable: true))
    }
    for format in sparseFormats {
      for kind in ["matrix", "array"] {
        rows.append(("scipy.sparse._\(format).\(format)_\(kind)", .instance))
        rows.append(("scipy.sparse.\(format)_\(kind)", .instance))
      }
    }
    rows += sklearnCalls
    rows += sklearnLosses.map { ($0, .calls(.call(.data, buildable: true))) }
    return rows
  }()
}
