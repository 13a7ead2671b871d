#!/usr/bin/env python3
"""Baseline timings for a pickle file (PickleVet benchmarks).

Usage:
  python3 Tools/bench/genops_baseline.py FILE           # pickletools.genops
  python3 Tools/bench/genops_baseline.py FILE --loads   # CPython pickle.loads

Times a full pass (best of 3) and prints one line:
  <what>: <seconds> s, <ns per byte> ns/byte, <opcodes per second> opcodes/s, <n> opcodes

--loads actually unpickles the file.  Only use it on our own benign
benchmark data (e.g. from make_dense_pickle.py), never on untrusted samples.
The opcode count always comes from pickletools.genops.
"""

import argparse
import pickletools
import sys
import time


def best_of(fn, runs=3):
    best = None
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        dt = time.perf_counter() - t0
        best = dt if best is None or dt < best else best
    return best


def genops_pass(data):
    n = 0
    for _ in pickletools.genops(data):
        n += 1
    return n


def main(argv=None):
    ap = argparse.ArgumentParser(description="best-of-3 baseline timing for a pickle file")
    ap.add_argument("file")
    ap.add_argument("--loads", action="store_true",
                    help="time pickle.loads instead (trusted, self-generated data only)")
    args = ap.parse_args(argv)
    with open(args.file, "rb") as f:
        data = f.read()
    nops = genops_pass(data)
    if args.loads:
        import pickle
        label = "pickle.loads"

        def run():
            pickle.loads(data)
    else:
        label = "pickletools.genops"

        def run():
            for _ in pickletools.genops(data):
                pass
    secs = best_of(run)
    ns_per_byte = secs * 1e9 / len(data) if data else 0.0
    ops_per_sec = nops / secs if secs > 0 else float("inf")
    print("%s: %.6f s, %.3f ns/byte, %.0f opcodes/s, %d opcodes"
          % (label, secs, ns_per_byte, ops_per_sec, nops))
    return 0


if __name__ == "__main__":
    sys.exit(main())
