#!/usr/bin/env python3
"""Write a PyTorch checkpoint exactly as `torch.save` lays it out, without torch.

Used by gen_inputs.py for the benchmark's large model and the tree's small
zips.  The layout is the one `torch.save` (2.x, default zip serialization)
writes, as recorded in Corpus/benign/README.md:

- a stored zip whose members all sit under `<stem>/`; every local header has
  flag 0x0808, zero CRC/sizes and DOS time/date 0, an `FB` extra field padded
  with `Z` so each payload starts on a 64-byte boundary, and a 16-byte
  `PK 07 08` data descriptor after the payload;
- members in order: `data.pkl`, `.format_version` (`1`), `.storage_alignment`
  (`64`), `byteorder` (`little`), `data/<key>` in key order, `version` (`3\\n`),
  `.data/serialization_id` (40 digits);
- central directory entries with version fields 0, then a zip64 end record
  (version made by 0x031e, needed 0x2d), its locator, and the classic end record;
- `data.pkl` is protocol 2, pickled by CPython's own Pickler: an OrderedDict of
  `torch._utils._rebuild_tensor_v2(<BINPERSID ('storage', torch.FloatStorage,
  '<key>', 'cpu', numel)>, offset, size, stride, False, OrderedDict())` with a
  `_metadata` attribute set by BUILD.

The pickle is produced by pickling stand-in objects whose globals are named
`torch.*` (stand-in modules are registered under those names in this process
only, so the real Pickler emits the same GLOBAL opcodes).  Nothing is ever
unpickled.  Only files below 4 GiB are supported (no zip64 per-entry fields).

`python3 torchzip.py --selftest` rebuilds Corpus/benign/torch/linear-state.pt
from its storage bytes and checks that the result is byte-identical.
"""

import collections
import io
import pickle
import struct
import sys
import types
import zlib

ALIGN = 64
_U32 = 0xFFFFFFFF


def _install_standins():
    """Register stand-in `torch` and `torch._utils` modules (this process only)."""
    torch = sys.modules.get("torch")
    if torch is not None and not getattr(torch, "_picklevet_standin", False):
        raise SystemExit("torchzip: a real torch is imported; refusing to shadow it")
    torch = types.ModuleType("torch")
    torch._picklevet_standin = True
    utils = types.ModuleType("torch._utils")

    def _rebuild_tensor_v2(*args):  # never called: only its name is pickled
        raise RuntimeError("stand-in")

    _rebuild_tensor_v2.__module__ = "torch._utils"
    _rebuild_tensor_v2.__qualname__ = "_rebuild_tensor_v2"
    utils._rebuild_tensor_v2 = _rebuild_tensor_v2
    torch._utils = utils
    storages = {}
    for name in ("FloatStorage", "DoubleStorage", "HalfStorage", "LongStorage",
                 "IntStorage", "ByteStorage", "BoolStorage", "BFloat16Storage"):
        cls = type(name, (), {"__module__": "torch"})
        setattr(torch, name, cls)
        storages[name] = cls
    sys.modules["torch"] = torch
    sys.modules["torch._utils"] = utils
    return _rebuild_tensor_v2, storages


_REBUILD, _STORAGES = _install_standins()


class Storage:
    """One storage: its key, element type (`FloatStorage` …) and element count."""

    def __init__(self, key, numel, storage_type="FloatStorage"):
        self.key, self.numel, self.storage_type = key, numel, storage_type


class Tensor:
    """A tensor view on a Storage; pickles as torch's `_rebuild_tensor_v2` call."""

    def __init__(self, storage, size, stride=None, offset=0):
        self.storage, self.size, self.offset = storage, tuple(size), offset
        if stride is None:
            stride, acc = [], 1
            for dim in reversed(self.size):
                stride.append(acc)
                acc *= dim
            stride = tuple(reversed(stride))
        self.stride = tuple(stride)

    def __reduce_ex__(self, proto):
        # Fresh tuples each time, as torch's own reduce builds them (no memo sharing).
        size, stride = tuple(list(self.size)), tuple(list(self.stride))
        return (_REBUILD, (self.storage, self.offset, size, stride, False,
                           collections.OrderedDict()))


class _Pickler(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, Storage):
            return ("storage", _STORAGES[obj.storage_type], obj.key, "cpu", obj.numel)
        return None


def state_dict_pickle(tensors, metadata=None, protocol=2):
    """Pickle bytes of an OrderedDict state_dict.

    - Parameters: tensors is a list of (name, Tensor); metadata maps module
      prefixes to their dicts (default `{'': {'version': 1}}`).
    """
    sd = collections.OrderedDict(tensors)
    sd._metadata = collections.OrderedDict(metadata or [("", {"version": 1})])
    buf = io.BytesIO()
    _Pickler(buf, protocol=protocol).dump(sd)
    return buf.getvalue()


class _Writer:
    def __init__(self, f):
        self.f, self.pos, self.central = f, 0, []

    def member(self, name, chunks):
        """Write one stored member; chunks is an iterable of bytes."""
        name_b = name.encode()
        start = self.pos + 30 + len(name_b) + 4
        pad = (-start) % ALIGN
        extra = b"FB" + struct.pack("<H", pad) + b"Z" * pad
        header = struct.pack("<IHHHHHIIIHH", 0x04034B50, 0, 0x0808, 0, 0, 0, 0, 0, 0,
                             len(name_b), len(extra))
        offset = self.pos
        self._write(header + name_b + extra)
        crc, size = 0, 0
        for chunk in chunks:
            crc = zlib.crc32(chunk, crc)
            size += len(chunk)
            self._write(chunk)
        if size >= _U32 or offset >= _U32:
            raise SystemExit("torchzip: members beyond 4 GiB are not supported")
        self._write(struct.pack("<IIII", 0x08074B50, crc, size, size))
        self.central.append((name_b, crc, size, offset))

    def finish(self):
        cd_start = self.pos
        for name_b, crc, size, offset in self.central:
            self._write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 0, 0, 0x0808, 0, 0, 0,
                                    crc, size, size, len(name_b), 0, 0, 0, 0, 0, offset)
                        + name_b)
        cd_size = self.pos - cd_start
        n = len(self.central)
        z64 = self.pos
        self._write(struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 0x031E, 0x2D, 0, 0, n, n,
                                cd_size, cd_start))
        self._write(struct.pack("<IIQI", 0x07064B50, 0, z64, 1))
        self._write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, min(n, 0xFFFF), min(n, 0xFFFF),
                                min(cd_size, _U32), min(cd_start, _U32), 0))

    def _write(self, b):
        self.f.write(b)
        self.pos += len(b)


def write_checkpoint(path, stem, tensors, payload, serialization_id, metadata=None,
                     protocol=2):
    """Write a torch.save-style zip.

    - Parameters: tensors is a list of (name, Tensor) whose storages have keys
      "0", "1", … in first-use order; payload(storage) yields that storage's
      bytes in chunks; serialization_id is a 40-digit string.
    - Returns: the file size.
    """
    storages, seen = [], set()
    for _, t in tensors:
        if t.storage.key not in seen:
            seen.add(t.storage.key)
            storages.append(t.storage)
    storages.sort(key=lambda s: int(s.key))
    with open(path, "wb") as f:
        w = _Writer(f)
        w.member(f"{stem}/data.pkl", [state_dict_pickle(tensors, metadata, protocol)])
        w.member(f"{stem}/.format_version", [b"1"])
        w.member(f"{stem}/.storage_alignment", [b"64"])
        w.member(f"{stem}/byteorder", [b"little"])
        for s in storages:
            w.member(f"{stem}/data/{s.key}", payload(s))
        w.member(f"{stem}/version", [b"3\n"])
        w.member(f"{stem}/.data/serialization_id", [serialization_id.encode()])
        w.finish()
        return w.pos


def selftest(corpus_file):
    """Rebuild linear-state.pt from its storage bytes; True when byte-identical."""
    import zipfile
    with zipfile.ZipFile(corpus_file) as z:
        blobs = {n.rsplit("/", 1)[-1]: z.read(n) for n in z.namelist()
                 if "/data/" in n or n.endswith("serialization_id")}
    import os
    import tempfile
    w, b = Storage("0", 12), Storage("1", 3)
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "linear-state.pt")
        write_checkpoint(p, "linear-state", [("weight", Tensor(w, (3, 4))), ("bias", Tensor(b, (3,)))],
                         lambda s: [blobs[s.key]], blobs["serialization_id"].decode())
        with open(p, "rb") as f:
            mine = f.read()
    with open(corpus_file, "rb") as f:
        theirs = f.read()
    if mine == theirs:
        print(f"selftest: byte-identical to {corpus_file} ({len(mine)} bytes)")
        return True
    first = next((i for i, (x, y) in enumerate(zip(mine, theirs)) if x != y), min(len(mine), len(theirs)))
    print(f"selftest: differs from {corpus_file} at byte {first} ({len(mine)} vs {len(theirs)} bytes)")
    return False


if __name__ == "__main__":
    import os
    here = os.path.dirname(os.path.abspath(__file__))
    default = os.path.join(here, "..", "..", "Corpus", "benign", "torch", "linear-state.pt")
    if len(sys.argv) >= 2 and sys.argv[1] == "--selftest":
        sys.exit(0 if selftest(sys.argv[2] if len(sys.argv) > 2 else default) else 1)
    print(__doc__)
