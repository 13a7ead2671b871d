#!/usr/bin/env python3
"""Generate the benchmark inputs of Tools/bench/suite.sh (deterministic, only if missing).

Usage: gen_inputs.py OUTDIR [--quick] [--torch-real]

Writes into OUTDIR (outside the repository) and prints one line per input:
  name<TAB>path<TAB>kind<TAB>bytes<TAB>files

Inputs (full / --quick):
  dense-10mb.pkl, dense-100mb.pkl / dense-2mb.pkl   opcode-dense pickles (make_dense_pickle.py)
  numpy-200mb.pkl / numpy-20mb.pkl   pickle.dumps(np.arange(n, dtype=float64), protocol=4)
  torch-1gb-2000t.pt / torch-50mb-200t.pt   torch.save-layout zip (torchzip.py, no torch needed)
  tree-10000 / tree-100    mixed directory tree; tree-N.manifest.tsv lists every file
                            (relpath, kind, expected) beside it

--torch-real writes the large model with the real torch.save instead (needs torch;
the file gets a `-torchsave` suffix).  Needs numpy.  This script only writes files:
it never unpickles anything (pickletools is not even needed).
"""

import argparse
import hashlib
import os
import pickle
import random
import shutil
import string
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)

MIB = 1024 * 1024

FULL = {"dense": [10, 100], "numpy_mb": 200, "torch": (2000, 131072), "tree": 10000}
QUICK = {"dense": [2], "numpy_mb": 20, "torch": (200, 65536), "tree": 100}


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def atomic(path, write):
    """Run write(tmp_path) then rename, so a half-written input is never reused."""
    if os.path.exists(path):
        return False
    tmp = path + ".partial"
    if os.path.isdir(tmp):
        shutil.rmtree(tmp)
    elif os.path.exists(tmp):
        os.remove(tmp)
    write(tmp)
    os.replace(tmp, path)
    return True


def gen_dense(out, mb):
    path = os.path.join(out, f"dense-{mb}mb.pkl")
    if atomic(path, lambda tmp: subprocess.run(
            [sys.executable, os.path.join(HERE, "make_dense_pickle.py"), tmp, "--mb", str(mb)],
            check=True, stdout=subprocess.DEVNULL)):
        log(f"wrote {path}")
    return (f"dense-{mb}mb", path, "pickle (opcode-dense)")


def gen_numpy(out, mb):
    import numpy as np
    path = os.path.join(out, f"numpy-{mb}mb.pkl")

    def write(tmp):
        arr = np.arange(mb * MIB // 8, dtype=np.float64)
        with open(tmp, "wb") as f:
            pickle.dump(arr, f, protocol=4)
    if atomic(path, write):
        log(f"wrote {path}")
    return (f"numpy-{mb}mb", path, "pickle (one numpy array)")


def serialization_id(stem):
    return "%040d" % (int(hashlib.sha256(stem.encode()).hexdigest(), 16) % 10 ** 40)


def big_state_dict(n_tensors, numel):
    import torchzip as tz
    parts = ["attn.q.weight", "attn.k.weight", "attn.v.weight", "attn.o.weight",
             "mlp.up.weight", "mlp.gate.weight", "mlp.down.weight", "norm.weight"]
    cols = 512 if numel % 512 == 0 else 1
    tensors, modules = [], [("", {"version": 1})]
    for i in range(n_tensors):
        layer, part = divmod(i, len(parts))
        if part == 0:
            modules.append((f"layers.{layer}", {"version": 1}))
        tensors.append((f"layers.{layer}.{parts[part]}",
                        tz.Tensor(tz.Storage(str(i), numel), (numel // cols, cols))))
    return tensors, modules


def gen_torch(out, n_tensors, numel, real=False):
    import numpy as np
    mb = n_tensors * numel * 4 // MIB
    label = f"{mb / 1024:.0f}gb" if mb >= 1000 else f"{mb}mb"
    name = f"torch-{label}-{n_tensors}t" + ("-torchsave" if real else "")
    path = os.path.join(out, name + ".pt")

    def payload(storage):
        rng = np.random.default_rng(int(storage.key))
        yield (rng.standard_normal(storage.numel, dtype=np.float32) * 0.02).tobytes()

    def write(tmp):
        import torchzip as tz
        tensors, modules = big_state_dict(n_tensors, numel)
        if not real:
            # The stem inside the zip is the final file's stem, as torch.save writes it.
            tz.write_checkpoint(tmp, name, tensors, payload, serialization_id(name), modules)
            return
        code = ("import collections,sys,numpy as np,torch\n"
                "n,numel,cols=int(sys.argv[2]),int(sys.argv[3]),int(sys.argv[4])\n"
                "sd=collections.OrderedDict()\n"
                "parts=%r\n"
                "for i in range(n):\n"
                "    l,p=divmod(i,len(parts))\n"
                "    a=np.random.default_rng(i).standard_normal(numel,dtype=np.float32)*0.02\n"
                "    sd[f'layers.{l}.{parts[p]}']=torch.from_numpy(a).reshape(numel//cols,cols)\n"
                "sd._metadata=collections.OrderedDict([('',{'version':1})]+"
                "[(f'layers.{l}',{'version':1}) for l in range((n+len(parts)-1)//len(parts))])\n"
                "torch.save(sd,sys.argv[1])\n") % (
                    ["attn.q.weight", "attn.k.weight", "attn.v.weight", "attn.o.weight",
                     "mlp.up.weight", "mlp.gate.weight", "mlp.down.weight", "norm.weight"],)
        # torch.save names the zip folder after the file it writes to: write under the final
        # stem in a scratch folder, then move.
        scratch = tmp + ".d"
        os.makedirs(scratch, exist_ok=True)
        target = os.path.join(scratch, name + ".pt")
        subprocess.run([sys.executable, "-c", code, target, str(n_tensors), str(numel),
                        "512" if numel % 512 == 0 else "1"], check=True)
        os.replace(target, tmp)
        os.rmdir(scratch)
    if atomic(path, write):
        log(f"wrote {path}")
    return (name, path, f"torch zip ({n_tensors} tensors)")


# --- the mixed tree -----------------------------------------------------------------

def multi_suffix(name):
    """`.joblib.gz` for `x.joblib.gz`, `.pkl` for `x-p2.pkl` (suffixes of letters only)."""
    parts = name.split(".")
    suffix = []
    for p in reversed(parts[1:]):
        if not p.isalnum():
            break
        suffix.insert(0, p)
        if len(suffix) == 2 or p not in ("gz", "bz2", "xz", "lz4", "lzma", "z", "zip"):
            break
    return "." + ".".join(suffix) if suffix else ""


def corpus_files(folder):
    rows = []
    root = os.path.join(REPO, "Corpus", folder)
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for f in sorted(filenames):
            if f in ("README.md", "manifest.tsv", "containers.tsv"):
                continue
            rows.append(os.path.join(dirpath, f))
    return rows


def malicious_sample(count):
    manifest = os.path.join(REPO, "Corpus", "malicious", "manifest.tsv")
    paths = []
    with open(manifest) as f:
        next(f)
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 2 and cols[1] == "malicious":
                paths.append(os.path.join(REPO, "Corpus", cols[0]))
    paths.sort()
    step = max(1, len(paths) / max(1, count))
    return [paths[int(i * step)] for i in range(min(count, len(paths)))]


def random_value(rng, depth=0):
    kind = rng.randrange(9 if depth < 3 else 5)
    if kind == 0:
        return rng.randrange(-2 ** 40, 2 ** 40)
    if kind == 1:
        return rng.random() * 1e6
    if kind == 2:
        return "".join(rng.choice(string.ascii_letters) for _ in range(rng.randrange(1, 24)))
    if kind == 3:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(0, 32)))
    if kind == 4:
        return rng.choice([None, True, False])
    if kind == 5:
        return [random_value(rng, depth + 1) for _ in range(rng.randrange(0, 12))]
    if kind == 6:
        return tuple(random_value(rng, depth + 1) for _ in range(rng.randrange(0, 6)))
    if kind == 7:
        return {"k%d" % i: random_value(rng, depth + 1) for i in range(rng.randrange(0, 10))}
    return frozenset(rng.randrange(1000) for _ in range(rng.randrange(0, 8)))


def gen_tree(out, n_files):
    import numpy as np
    import torchzip as tz
    name = f"tree-{n_files}"
    path = os.path.join(out, name)
    manifest_path = path + ".manifest.tsv"

    def write(tmp):
        os.makedirs(tmp)
        rows = []
        benign = [p for p in corpus_files("benign")]
        joblib = [p for p in benign if "/joblib/" in p]
        others = [p for p in benign if "/joblib/" not in p]
        planted = malicious_sample(max(10, n_files // 100))
        plan = ([("malicious", p) for p in planted]
                + [("joblib-copy", joblib[i % len(joblib)]) for i in range(n_files * 5 // 100)]
                + [("corpus-copy", others[i % len(others)]) for i in range(n_files * 20 // 100)]
                + [("torch-zip", None)] * (n_files * 15 // 100)
                + [("npy", None)] * (n_files * 15 // 100)
                + [("not-pickle", None)] * (n_files * 9 // 100))
        plan += [("pickle", None)] * (n_files - len(plan))
        random.Random(1).shuffle(plan)
        for i, (kind, src) in enumerate(plan):
            rng = random.Random(1000 + i)
            sub = os.path.join("d%02d" % (i % 100 // 10), "e%d" % (i % 10))
            os.makedirs(os.path.join(tmp, sub), exist_ok=True)
            stem = "file%05d" % i
            if src is not None:
                rel = os.path.join(sub, stem + multi_suffix(os.path.basename(src)))
                shutil.copyfile(src, os.path.join(tmp, rel))
            elif kind == "pickle":
                proto = i % 6
                rel = os.path.join(sub, stem + (".pkl" if i % 3 else ".pickle"))
                with open(os.path.join(tmp, rel), "wb") as f:
                    f.write(pickle.dumps(random_value(rng), protocol=proto))
            elif kind == "torch-zip":
                rel = os.path.join(sub, stem + [".pt", ".pth", ".bin"][i % 3])
                tensors = []
                for t in range(rng.randrange(1, 7)):
                    shape = (rng.randrange(1, 33), rng.randrange(1, 17))
                    tensors.append((f"layer{t}.weight",
                                    tz.Tensor(tz.Storage(str(t), shape[0] * shape[1]), shape)))
                tz.write_checkpoint(
                    os.path.join(tmp, rel), stem, tensors,
                    lambda s: [np.random.default_rng(int(s.key)).standard_normal(
                        s.numel, dtype=np.float32).tobytes()],
                    serialization_id(stem))
            elif kind == "npy":
                rel = os.path.join(sub, stem + ".npy")
                dtype = [np.float32, np.float64, np.int64, np.uint8, np.bool_][i % 5]
                arr = np.random.default_rng(i).integers(0, 100, size=rng.randrange(1, 2000))
                np.save(os.path.join(tmp, rel), arr.astype(dtype), allow_pickle=False)
            else:
                ext = [".txt", ".json", ".csv", ".md", ".cfg", ".dat"][i % 6]
                rel = os.path.join(sub, stem + ext)
                body = (bytes(rng.randrange(256) for _ in range(rng.randrange(16, 4096)))
                        if ext == ".dat" else
                        ("\n".join(",".join(str(rng.randrange(1000)) for _ in range(8))
                                   for _ in range(rng.randrange(1, 200))) + "\n").encode())
                with open(os.path.join(tmp, rel), "wb") as f:
                    f.write(body)
            expected = "malicious" if kind == "malicious" else ("other" if kind == "not-pickle"
                                                                else "benign")
            rows.append((rel, kind, expected))
        with open(manifest_path, "w") as f:
            f.write("relpath\tkind\texpected\n")
            for r in rows:
                f.write("\t".join(r) + "\n")
    if atomic(path, write):
        log(f"wrote {path} ({n_files} files)")
    return (name, path, f"tree ({n_files} files)")


def size_of(path):
    if os.path.isfile(path):
        return os.path.getsize(path), 1
    total = count = 0
    for dirpath, _, filenames in os.walk(path):
        for f in filenames:
            total += os.path.getsize(os.path.join(dirpath, f))
            count += 1
    return total, count


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--torch-real", action="store_true")
    args = ap.parse_args(argv)
    cfg = QUICK if args.quick else FULL
    os.makedirs(args.outdir, exist_ok=True)
    inputs = [gen_dense(args.outdir, mb) for mb in cfg["dense"]]
    inputs.append(gen_numpy(args.outdir, cfg["numpy_mb"]))
    inputs.append(gen_torch(args.outdir, *cfg["torch"], real=args.torch_real))
    inputs.append(gen_tree(args.outdir, cfg["tree"]))
    for name, path, kind in inputs:
        nbytes, nfiles = size_of(path)
        print(f"{name}\t{path}\t{kind}\t{nbytes}\t{nfiles}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
