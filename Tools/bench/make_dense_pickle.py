#!/usr/bin/env python3
"""Write a deterministic, opcode-dense benchmark pickle.

Usage: python3 Tools/bench/make_dense_pickle.py OUT --mb N

The pickle is produced by CPython's real pickle.dumps (protocol 4): a big list
of small records (dicts, tuples, nested lists) holding short strings, small
and medium ints, floats, bools and None, so it is dense in opcodes and carries
little raw data.  Output is deterministic for a given N and CPython version
(no randomness, no hash-order dependence).  Never unpickles anything.
"""

import argparse
import pickle
import pickletools
import sys

WORDS = ["id", "name", "kind", "tags", "pos", "ok", "score", "parent"]
KINDS = ["alpha", "beta", "gamma", "delta", "eps"]


def record(i):
    # Distinct short strings defeat memoisation so every record costs opcodes.
    return {
        "id": i,
        "name": "n%x" % i,
        "kind": KINDS[i % 5],          # shared -> memo BINGET / LONG_BINGET
        "tags": ["t%d" % (i % 97), i % 7, (i * 31) % 1000],
        "pos": (i % 256, (i * 7) % 65536, -(i % 300), i * 0.25),
        "ok": bool(i & 1),
        "score": None if i % 11 == 0 else (i % 1000) / 8.0,
        "parent": [[i - 1, "p"], ()],
    }


def build(target_bytes):
    # Size the record count from a probe, then rescale from the actual size
    # (records grow slightly with i) until the pickle is at least
    # target_bytes and at most ~1% over.  Deterministic for a given target.
    probe_n = 2000
    probe = len(pickle.dumps([record(i) for i in range(probe_n)], protocol=4))
    n = max(1, int(target_bytes * probe_n / probe) + 1)
    best = None
    for _ in range(8):
        data = pickle.dumps([record(i) for i in range(n)], protocol=4)
        if len(data) >= target_bytes:
            best = (data, n)
            if len(data) <= target_bytes * 1.01 + 4096:
                break
            n = max(1, int(n * target_bytes / len(data) * 1.002) + 1)
        else:
            n = max(n + 1, int(n * target_bytes / len(data) * 1.002) + 1)
    if best is None:
        raise SystemExit("could not reach the requested size")
    return best


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", help="output file")
    ap.add_argument("--mb", type=float, required=True, help="minimum size in MiB")
    args = ap.parse_args(argv)
    target = int(args.mb * 1024 * 1024)
    data, n = build(target)
    with open(args.out, "wb") as f:
        f.write(data)
    if args.mb <= 20:
        ops = sum(1 for _ in pickletools.genops(data))
        how = "counted"
    else:
        sample = pickle.dumps([record(i) for i in range(2000)], protocol=4)
        per_byte = sum(1 for _ in pickletools.genops(sample)) / len(sample)
        ops = int(per_byte * len(data))
        how = "estimated"
    print("%s: %d bytes (%.2f MiB), %d records, %d opcodes (%s), %.3f opcodes/byte"
          % (args.out, len(data), len(data) / 1048576, n, ops, how, ops / len(data)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
