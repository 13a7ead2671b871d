#!/usr/bin/env bash
# Issue 2's benchmark: OpcodeReader against pickletools.genops on one opcode-dense pickle.
# Usage: Tools/bench/reader.sh [MB]   (default 64; the file is generated, not committed)
set -euo pipefail
cd "$(dirname "$0")/../.."
mb=${1:-64}
file=${BENCH_DIR:-/tmp}/picklevet-dense-${mb}mb.pkl
[ -f "$file" ] || python3 Tools/bench/make_dense_pickle.py "$file" --mb "$mb"
swift build -c release --product ReaderBenchmark >/dev/null
echo "machine: $(nproc) cores, $(uname -m), $(date -u +%Y-%m-%d)"
ours=$(.build/release/ReaderBenchmark "$file" 5)
theirs=$(python3 Tools/bench/genops_baseline.py "$file")
echo "$ours"
echo "$theirs"
python3 - "$ours" "$theirs" <<'PY'
import re, sys
ours = float(re.search(r"([\d.]+) ns/byte", sys.argv[1]).group(1))
theirs = float(re.search(r"([\d.]+) ns/byte", sys.argv[2]).group(1))
print(f"speed-up over pickletools.genops: {theirs / ours:.0f}x")
PY
