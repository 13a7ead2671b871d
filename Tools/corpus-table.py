#!/usr/bin/env python3
"""Per-technique table of a full Corpus/ scan against the manifests' expected verdicts.

Usage: Tools/corpus-table.py [PICKLEVET]   (default .build/release/picklevet, else debug)
Runs `picklevet scan --format jsonl` over Corpus/malicious and Corpus/benign (every format,
containers included) and prints, per family and technique, how many files came out
malicious / suspicious / safe / error, then the totals the issues ask for.
"""
import collections
import csv
import json
import os
import subprocess
import sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
tool = sys.argv[1] if len(sys.argv) > 1 else next(
    p for p in (".build/release/picklevet", ".build/debug/picklevet") if os.path.exists(os.path.join(root, p)))
corpus = os.path.join(root, "Corpus")
out = subprocess.run([os.path.join(root, tool) if not os.path.isabs(tool) else tool, "scan",
                      "--format", "jsonl", "--no-progress", "malicious", "benign"],
                     cwd=corpus, capture_output=True, text=True)
verdicts = {json.loads(line)["path"]: json.loads(line)["verdict"] for line in out.stdout.splitlines()}

def manifest(name):
    with open(os.path.join(corpus, name, "manifest.tsv"), newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))

print("| family | technique | files | malicious | suspicious | safe | error |")
print("|---|---|--:|--:|--:|--:|--:|")
totals = {}
for name in ("malicious", "benign"):
    rows = manifest(name)
    groups = collections.defaultdict(collections.Counter)
    for row in rows:
        groups[(row["family"], row["technique"] if name == "malicious" else "(all)")][verdicts.get(row["path"], "missing")] += 1
    for (family, technique), counts in sorted(groups.items()):
        n = sum(counts.values())
        print(f"| {family} | {technique} | {n} | {counts['malicious']} | {counts['suspicious']} | {counts['safe']} | {counts['error'] + counts['missing']} |")
    totals[name] = (rows, collections.Counter(verdicts.get(r["path"], "missing") for r in rows))

mal_rows, mal = totals["malicious"]
ben_rows, ben = totals["benign"]
techniques = len({r["technique"] for r in mal_rows})
n = len(mal_rows)
print()
print(f"malicious samples: {n} over {techniques} techniques; flagged {mal['malicious'] + mal['suspicious']}/{n} "
      f"({100 * (mal['malicious'] + mal['suspicious']) / n:.1f}%), malicious {mal['malicious']}/{n} ({100 * mal['malicious'] / n:.1f}%)")
b = len(ben_rows)
print(f"benign files: {b}; malicious {ben['malicious']}, suspicious {ben['suspicious']} ({100 * ben['suspicious'] / b:.1f}%), "
      f"safe {ben['safe']}, error {ben['error'] + ben['missing']}")
