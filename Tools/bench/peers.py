#!/usr/bin/env python3
"""Run PickleVet, the peer scanners and the CPython floors on the benchmark inputs.

Called by Tools/bench/suite.sh (read that first); prints one Markdown report.

  peers.py run --inputs TSV --venv DIR --modelscan-venv DIR --picklevet BIN
               --runs N --timeout S --scratch DIR [--quick]
  peers.py fickling-api PATH    one process scanning PATH (a zip or a tree) with
                                fickling's public API; one JSON line per file
  peers.py floor loads|genops FILE   CPython floor: pickle.loads (only for the
                                inputs we generated ourselves) or pickletools.genops

Every tool runs as its own process (wall time from perf_counter around a blocking
wait4, peak RSS from its ru_maxrss), with a timeout; best
of N wall times, one run when a run takes longer than SLOW_S.  A tool that
fails, times out or does not take an input gets a row saying so.  Nothing here
unpickles anything except `floor loads` on the benchmark's own dense and NumPy
pickles.
"""

import argparse
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SLOW_S = 30.0
PEER_ENV = {  # no telemetry, no hub look-ups: the machine has no network
    "PROMPTFOO_DISABLE_TELEMETRY": "1", "NO_ANALYTICS": "1", "HF_HUB_OFFLINE": "1",
    "DO_NOT_TRACK": "1", "PYTHONDONTWRITEBYTECODE": "1",
}


# --- helpers run in the peers' venv ----------------------------------------------------

def fickling_api(path):
    """Scan a zip or a whole tree in one process with fickling's public API."""
    import zipfile
    import fickling

    def scan(p):
        try:
            if zipfile.is_zipfile(p):
                results = fickling.scan_zip_archive(p, graceful=True)
                if not results:
                    return {"path": p, "status": "error", "detail": "no pickle member"}
                flagged = any(not r.is_safe for r in results.values())
                errors = [e for r in results.values() for e in r.errors]
                worst = max(r.severity for r in results.values())
            else:
                r = fickling.scan_file(p, graceful=True)
                flagged, errors, worst = not r.is_safe, r.errors, r.severity
        except Exception as exc:  # a crash on one file must not end the scan
            return {"path": p, "status": "error", "detail": f"{type(exc).__name__}: {exc}"[:200]}
        if flagged and not errors:
            return {"path": p, "status": "flagged", "detail": worst.name}
        if errors:
            return {"path": p, "status": "error", "detail": errors[0][:200]}
        return {"path": p, "status": "clean", "detail": worst.name}

    paths = [path]
    if os.path.isdir(path):
        # fickling has no directory mode; scan what a user would hand it: picklescan's
        # pickle, PyTorch and zip extensions (not .npy, .7z or compressed streams).
        exts = (".pkl", ".pickle", ".joblib", ".dat", ".data", ".sav", ".bin", ".pt", ".pth",
                ".ckpt", ".zip", ".npz")
        paths = []
        for dirpath, dirnames, filenames in os.walk(path):
            dirnames.sort()
            paths += [os.path.join(dirpath, f) for f in sorted(filenames)
                      if f.lower().endswith(exts)]
    for p in paths:
        print(json.dumps(scan(p)), flush=True)


def floor(kind, path):
    with open(path, "rb") as f:
        data = f.read()
    if kind == "loads":
        import pickle
        pickle.loads(data)  # our own generated benchmark data only (see suite.sh)
    else:
        sys.path.insert(0, HERE)
        from genops_baseline import genops_pass
        genops_pass(data)


# --- running one tool ------------------------------------------------------------------

def run_once(cmd, scratch, timeout, env):
    """Run cmd; returns dict(wall, rss_mb, rc, stdout, stderr, timeout).

    The parent blocks in wait4 (a timer thread kills the process group on timeout), so the wall
    time ends when the child does.  Popen.wait(timeout=…) polls with doubling sleeps, which rounds
    a 16 ms run up to 32 ms and a 215 ms one up to 264 ms.  Peak RSS is wait4's ru_maxrss: the
    largest process of the tree, as /usr/bin/time reports it.
    """
    out_p, err_p = os.path.join(scratch, "stdout.txt"), os.path.join(scratch, "stderr.txt")
    timed_out = threading.Event()
    with open(out_p, "wb") as out, open(err_p, "wb") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=scratch, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                env=env, start_new_session=True)

        def kill():
            timed_out.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
    rss_mb = usage.ru_maxrss / 1024
    with open(out_p, "rb") as f:
        stdout = f.read().decode("utf-8", "replace")
    with open(err_p, "rb") as f:
        stderr = f.read().decode("utf-8", "replace")
    return {"wall": wall, "rss_mb": rss_mb, "rc": proc.returncode, "stdout": stdout,
            "stderr": stderr, "timeout": timed_out.is_set()}


def first_error_line(text):
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    for l in reversed(lines):  # a traceback's last line says what went wrong
        if re.match(r"^[A-Za-z_.]*(Error|Exception)\b", l):
            return l[:160]
    for l in lines:
        if re.search(r"error|fail|not support|unsupported", l, re.I):
            return l[:160]
    return (lines[0][:160] if lines else "no output")


# --- what each tool found ----------------------------------------------------------------

class Findings:
    """Per-file status (flagged / clean / error) as reported by one tool."""

    def __init__(self):
        self.status = {}   # relpath -> "flagged" | "warned" | "error" | "clean"
        self.note = None   # single-file result word, when the tool gives one

    def mark(self, rel, status):
        order = {"clean": 0, "error": 1, "warned": 2, "flagged": 3}
        if order[status] >= order.get(self.status.get(rel), -1):
            self.status[rel] = status


def relpath_of(reported, root):
    """Map a tool's path-ish string (maybe `path:member` or `path (pos N)`) to a relpath."""
    s = reported.strip()
    if os.path.isfile(root):
        return os.path.basename(root)
    for prefix in (os.path.realpath(root) + "/", root.rstrip("/") + "/"):
        if s.startswith(prefix):
            s = s[len(prefix):]
            break
    s = re.split(r":| \(", s, maxsplit=1)[0]
    return s


def parse_picklevet(res, root, f):
    for line in res["stdout"].splitlines():
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        if not isinstance(obj, dict) or "verdict" not in obj:
            continue
        v = obj["verdict"]
        f.mark(relpath_of(obj.get("path", ""), root),
               {"malicious": "flagged", "suspicious": "flagged", "safe": "clean"}.get(v, "error"))
        f.note = v if f.note is None else f.note
    return bool(f.status)


def parse_picklescan(res, root, f):
    text = res["stdout"] + "\n" + res["stderr"]
    for m in re.finditer(r"^(.*?): dangerous import '", text, re.M):
        f.mark(relpath_of(m.group(1), root), "flagged")
    for m in re.finditer(r"^(?:ERROR: parsing pickle in |WARNING: could not parse )(.*?)(?::| as pickle)",
                         text, re.M):
        f.mark(relpath_of(m.group(1), root), "error")
    return "SCAN SUMMARY" in text


def parse_json_report(scratch, name):
    try:
        with open(os.path.join(scratch, name)) as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return None


def parse_modelscan(res, root, f, scratch):
    doc = parse_json_report(scratch, "modelscan.json")
    if doc is None:
        return False
    for e in doc.get("errors", []):
        if e.get("source"):
            f.mark(relpath_of(e["source"], root), "error")
    for i in doc.get("issues", []):
        f.mark(relpath_of(i.get("source", ""), root), "flagged")
    return True


def parse_modelaudit(res, root, f, scratch):
    doc = parse_json_report(scratch, "modelaudit.json")
    if doc is None:
        return False
    if "coverage incomplete" in res["stdout"]:
        f.note = "coverage incomplete"
    for i in doc.get("issues", []):
        sev = str(i.get("severity", "")).lower()
        where = (i.get("details") or {}).get("pickle_source") or i.get("location") or ""
        if sev in ("critical", "warning") and where:
            f.mark(relpath_of(str(where), root), "flagged" if sev == "critical" else "warned")
    return True


def parse_fickling_cli(res, root, f):
    rel = os.path.basename(root)
    if res["rc"] == 0:
        f.mark(rel, "clean")
    elif res["rc"] == 1:
        f.mark(rel, "flagged")
    else:
        return False
    return True


def parse_fickling_api(res, root, f):
    seen = False
    for line in res["stdout"].splitlines():
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        seen = True
        f.mark(relpath_of(obj["path"], root), obj["status"])
    return seen


# --- the suite -------------------------------------------------------------------------

class Tool:
    def __init__(self, name, cmd, parse, version, env=None):
        self.name, self.cmd, self.parse, self.version, self.env = name, cmd, parse, version, env


def venv_version(python, dist):
    try:
        out = subprocess.run([python, "-c", "import importlib.metadata as m,sys;"
                              "print(m.version(sys.argv[1]))", dist],
                             capture_output=True, text=True, timeout=60)
        return out.stdout.strip() or "not installed"
    except (OSError, subprocess.TimeoutExpired):
        return "not installed"


def build_tools(args):
    vb = os.path.join(args.venv, "bin")
    msb = os.path.join(args.modelscan_venv, "bin")
    py = os.path.join(vb, "python")
    pv = args.picklevet
    pv_version = "not built"
    if os.access(pv, os.X_OK):
        pv_version = "build of " + time.strftime("%Y-%m-%d %H:%M", time.gmtime(os.path.getmtime(pv)))
        try:
            out = subprocess.run([pv, "--version"], capture_output=True, text=True, timeout=30)
            first = (out.stdout.strip().splitlines() or [""])[0]
            if out.returncode == 0 and re.fullmatch(r"v?\d+\.\d+\S*", first):
                pv_version = first
        except (OSError, subprocess.TimeoutExpired):
            pass

    def picklevet(inp, scratch):
        if not os.access(pv, os.X_OK):
            return "PickleVet not built (make release)"
        return [pv, "scan", "--format", "jsonl", "--no-progress", inp["path"]]

    def picklescan(inp, scratch):
        return [os.path.join(vb, "picklescan"), "--path", inp["path"]]

    def fickling(inp, scratch):
        if inp["kind"].startswith("pickle"):
            return [os.path.join(vb, "fickling"), "--check-safety", "--json-output",
                    os.path.join(scratch, "fickling.json"), inp["path"]]
        return [py, os.path.join(HERE, "peers.py"), "fickling-api", inp["path"]]

    def modelscan(inp, scratch):
        return [os.path.join(msb, "modelscan"), "scan", "-p", inp["path"], "-r", "json",
                "-o", os.path.join(scratch, "modelscan.json")]

    def modelaudit(inp, scratch):
        return [os.path.join(vb, "modelaudit"), "scan", "--no-cache", "--format", "json",
                "-o", os.path.join(scratch, "modelaudit.json"), inp["path"]]

    def loads(inp, scratch):
        if not inp["own"]:
            return "n/a (only on our own generated pickles)"
        return [py, os.path.join(HERE, "peers.py"), "floor", "loads", inp["path"]]

    def genops(inp, scratch):
        if not inp["kind"].startswith("pickle"):
            return "n/a (single raw pickles only)"
        return [py, os.path.join(HERE, "peers.py"), "floor", "genops", inp["path"]]

    def fick_parse(res, root, f, scratch):
        if os.path.isfile(root) and res["stdout"].strip() == "":
            return parse_fickling_cli(res, root, f)
        return parse_fickling_api(res, root, f)

    return [
        Tool("PickleVet", picklevet, lambda r, root, f, s: parse_picklevet(r, root, f), pv_version),
        Tool("picklescan", picklescan, lambda r, root, f, s: parse_picklescan(r, root, f),
             venv_version(py, "picklescan")),
        Tool("fickling", fickling, fick_parse, venv_version(py, "fickling")),
        Tool("modelscan", modelscan, parse_modelscan,
             venv_version(os.path.join(msb, "python"), "modelscan")),
        Tool("modelaudit", modelaudit, parse_modelaudit, venv_version(py, "modelaudit")),
        Tool("floor: pickle.loads", loads, None, "CPython " + platform.python_version()),
        Tool("floor: pickletools.genops", genops, None, "CPython " + platform.python_version()),
    ]


def read_inputs(tsv):
    inputs = []
    with open(tsv) as fh:
        for line in fh:
            name, path, kind, nbytes, nfiles = line.rstrip("\n").split("\t")
            manifest = {}
            mpath = path + ".manifest.tsv"
            if os.path.isdir(path) and os.path.exists(mpath):
                with open(mpath) as m:
                    next(m)
                    for row in m:
                        rel, k, expected = row.rstrip("\n").split("\t")
                        manifest[rel] = expected
            inputs.append({"name": name, "path": path, "kind": kind, "bytes": int(nbytes),
                           "files": int(nfiles), "manifest": manifest,
                           "own": name.startswith(("dense-", "numpy-"))})
    return inputs


def summarize(inp, f):
    """One short phrase: what the tool found on this input."""
    if not inp["manifest"]:
        st = next(iter(f.status.values()), None)
        word = {"flagged": "dangerous", "warned": "warning only", "clean": "clean",
                "error": "error"}.get(st, "clean")
        if f.note and f.note not in ("safe",):
            word += f" ({f.note})"
        return word
    known = {r: s for r, s in f.status.items() if r in inp["manifest"]}
    flagged = [r for r, s in known.items() if s == "flagged"]
    warned = sum(1 for s in known.values() if s == "warned")
    errors = sum(1 for s in known.values() if s == "error")
    planted = [r for r, e in inp["manifest"].items() if e == "malicious"]
    caught = sum(1 for r in planted if known.get(r) == "flagged")
    benign = sum(1 for r in flagged if inp["manifest"].get(r) == "benign")
    # "other": random bytes under pickle extensions; flagging one as a broken pickle is no
    # false positive on a real model, so it is counted apart.
    other = sum(1 for r in flagged if inp["manifest"].get(r) == "other")
    text = (f"flagged {len(flagged)} (planted malicious {caught}/{len(planted)}, "
            f"benign {benign}" + (f", not-pickle bytes {other}" if other else "") + ")")
    if warned:
        text += f", warned {warned}"
    text += f", errors {errors}"
    if len(known) < len(f.status):
        text += f", {len(f.status) - len(known)} reports on paths outside the tree"
    return text


def fmt(x, digits=2):
    if x is None:
        return "—"
    if x >= 100:
        return f"{x:.0f}"
    return f"{x:.{digits}f}" if x >= 1 else f"{x:.3f}"


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as fh:
            kb = int(fh.readline().split()[1])
    except OSError:
        kb = 0
    return f"{os.cpu_count()} cores ({cpu}), {kb / 1048576:.0f} GiB RAM, {platform.system()} {platform.release()}"


def run_suite(args):
    inputs = read_inputs(args.inputs)
    tools = build_tools(args)
    if args.only_inputs:
        inputs = [i for i in inputs if i["name"] in args.only_inputs.split(",")]
    if args.only_tools:
        tools = [t for t in tools if t.name in args.only_tools.split(",")]
    env = dict(os.environ, **PEER_ENV)
    rows, found = [], []
    raw = []
    for inp in inputs:
        size_mib = inp["bytes"] / 1048576
        pv_wall = None
        found_parts = []
        for tool in tools:
            scratch = os.path.join(args.scratch, inp["name"], re.sub(r"\W+", "-", tool.name))
            shutil.rmtree(scratch, ignore_errors=True)
            os.makedirs(scratch)
            cmd = tool.cmd(inp, scratch)
            label = tool.name
            if isinstance(cmd, list) and tool.name == "fickling" and "fickling-api" in cmd:
                label = "fickling (API)"
            if isinstance(cmd, str):
                if not cmd.startswith("n/a"):
                    rows.append((inp["name"], label, "—", "—", "—", "—", cmd))
                    found_parts.append(f"{label}: not run")
                continue
            print(f"[bench] {inp['name']}: {label} …", file=sys.stderr, flush=True)
            walls, rss, res = [], [], None
            for i in range(args.runs):
                res = run_once(cmd, scratch, args.timeout, env)
                if res["rss_mb"] is not None:
                    rss.append(res["rss_mb"])
                if res["timeout"]:
                    break
                walls.append(res["wall"])
                if res["wall"] > SLOW_S:
                    break
            raw.append({"input": inp["name"], "tool": label, "cmd": cmd, "walls": walls,
                        "rss_mb": rss, "rc": res["rc"], "timeout": res["timeout"]})
            if res["timeout"]:
                rows.append((inp["name"], label, f">{args.timeout:.0f}", fmt(max(rss) if rss else None),
                             "—", "—", f"timeout after {args.timeout:.0f} s"))
                found_parts.append(f"{label}: timeout")
                continue
            f = Findings()
            ok = True
            if tool.parse is not None:
                ok = tool.parse(res, inp["path"], f, scratch)
            elif res["rc"] != 0:
                ok = False
            if not ok:
                err = first_error_line(res["stderr"] or res["stdout"])
                rows.append((inp["name"], label, fmt(min(walls)), fmt(max(rss) if rss else None),
                             "—", "—", f"failed (exit {res['rc']}): {err}"))
                found_parts.append(f"{label}: failed")
                continue
            best = min(walls)
            if tool.name == "PickleVet":
                pv_wall = best
            if inp["files"] > 1:
                thr = f"{inp['files'] / best:.0f} files/s"
            else:
                thr = f"{fmt(size_mib / best)} MiB/s"
            ratio = "—" if pv_wall is None or tool.name == "PickleVet" else f"{best / pv_wall:.1f}×"
            if tool.name == "PickleVet":
                ratio = "1×"
            note = f"runs {len(walls)}" + ("" if res["rc"] == 0 else f", exit {res['rc']}")
            rows.append((inp["name"], label, fmt(best), fmt(max(rss) if rss else None), thr, ratio,
                         note))
            if tool.parse is not None:
                found_parts.append(f"{label}: {summarize(inp, f)}")
        found.append(f"- **{inp['name']}** ({inp['kind']}, {size_mib:.1f} MiB"
                     + (f", {inp['files']} files" if inp["files"] > 1 else "") + "): "
                     + "; ".join(found_parts))

    out = []
    scope = "quick" if args.quick else "full"
    if args.only_inputs or args.only_tools:
        scope += ", rows filtered: " + "; ".join(
            part for part in (args.only_inputs and f"inputs {args.only_inputs}",
                              args.only_tools and f"tools {args.only_tools}") if part)
    out.append(f"## Benchmark ({scope}) — "
               f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    out.append("")
    out.append(f"Machine: {machine()}. Best of {args.runs} (one run when a run takes > {SLOW_S:.0f} s), "
               f"timeout {args.timeout:.0f} s per run.")
    out.append("Versions: " + ", ".join(f"{t.name.replace('floor: ', '')} {t.version}"
                                        for t in tools if not t.name.startswith("floor: pickletools")))
    out.append("")
    out.append("| input | tool | wall s | peak RSS MB | throughput | × PickleVet | notes |")
    out.append("| --- | --- | ---: | ---: | ---: | ---: | --- |")
    for r in rows:
        out.append("| " + " | ".join(str(c).replace("|", "\\|") for c in r) + " |")
    out.append("")
    out.append("× PickleVet = the tool's wall time / PickleVet's (higher = slower than PickleVet).")
    out.append("")
    out.append("What each tool found (flagged = dangerous/unsafe verdict, errors = could not parse):")
    out.append("")
    out += found
    report = "\n".join(out) + "\n"
    print(report)
    os.makedirs(args.results, exist_ok=True)
    stem = "latest-quick" if args.quick else "latest"
    if args.only_inputs or args.only_tools:
        stem += "-partial"
    with open(os.path.join(args.results, stem + ".md"), "w") as fh:
        fh.write(report)
    with open(os.path.join(args.results, stem + ".json"), "w") as fh:
        json.dump(raw, fh, indent=1)
    print(f"[bench] table written to {os.path.join(args.results, stem + '.md')}", file=sys.stderr)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["fickling-api"] and len(argv) == 2:
        fickling_api(argv[1])
        return 0
    if argv[:1] == ["floor"] and len(argv) == 3 and argv[1] in ("loads", "genops"):
        floor(argv[1], argv[2])
        return 0
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--inputs", required=True)
    r.add_argument("--venv", required=True)
    r.add_argument("--modelscan-venv", required=True)
    r.add_argument("--picklevet", required=True)
    r.add_argument("--runs", type=int, default=3)
    r.add_argument("--timeout", type=float, default=600)
    r.add_argument("--scratch", required=True)
    r.add_argument("--results", required=True)
    r.add_argument("--quick", action="store_true")
    r.add_argument("--only-inputs", help="comma-separated input names (default: all)")
    r.add_argument("--only-tools", help="comma-separated tool names (default: all)")
    args = ap.parse_args(argv)
    run_suite(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
