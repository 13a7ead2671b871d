/// What the decoder may still do to a node; decides BUILD, SETITEM and APPEND.
enum Role {
  /// A plain container or a finished record: no BUILD.
  case plain
  /// An instance of an allowlisted class: BUILD takes a `dict` (or `(dict, dict)`) state.
  case object
  /// A record of an allowlisted call whose Python type defines `__setstate__`: any state.
  case buildable
  /// An `OrderedDict`: BUILD sets instance attributes from a `dict`.
  case orderedDict
  /// A joblib `NumpyArrayWrapper` awaiting its `dict` state.
  case joblibArray
  /// A NumPy array awaiting `ndarray.__setstate__`.
  case ndarray(masked: Bool)
  /// A NumPy dtype awaiting `dtype.__setstate__`, and what its constructor said.
  case dtype(Box<NumPyDtype>)
  /// A torch storage (from a persistent id).
  case storage(Box<TorchStorage>)
  /// A tensor or parameter.
  case tensor
}

/// A value on the heap, so that an enum case or optional holding it is one pointer wide.
final class Box<Value> {
  let value: Value
  init(_ value: Value) { self.value = value }
}
