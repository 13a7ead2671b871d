#!/usr/bin/env bash
# Benchmarks PickleVet's static analysis against pickle.loads, pickletools.genops, picklescan and
# fickling on an opcode-dense pickle. Not a test: timings depend on the machine.
#
#   bash Tools/bench/analysis.sh [MB]        (default 10)
#
# Writes the benchmark pickle and the venv OUTSIDE the repository (BENCH_DIR, VENV).
set -euo pipefail
cd "$(dirname "$0")/../.."
mb=${1:-10}
bench_dir=${BENCH_DIR:-/work/bench}
venv=${VENV:-/work/venvs/bench}
file="$bench_dir/dense-${mb}mb.pkl"
mkdir -p "$bench_dir"

[ -f "$file" ] || python3 Tools/bench/make_dense_pickle.py "$file" --mb "$mb" >&2
if [ ! -x "$venv/bin/picklescan" ] || [ ! -x "$venv/bin/fickling" ]; then
  python3 -m venv "$venv"
  # fickling imports typing_extensions without declaring it.
  "$venv/bin/pip" install --quiet picklescan fickling typing_extensions >&2
fi
for tool in "$venv/bin/picklescan -p" "$venv/bin/fickling --check-safety"; do
  if (cd "$bench_dir" && $tool "$file" 2>&1) | grep -q Traceback; then
    echo "error: $tool crashes on $file" >&2
    exit 1
  fi
done
swift build -c release --product AnalysisBenchmark >&2

bytes=$(stat -c %s "$file")
seconds() { # best of 3 wall-clock runs of a command, in seconds
  local best=""
  for _ in 1 2 3; do
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s.%N)
    best=$(python3 -c "b='$best'; t=$end-$start; print(t if not b or t < float(b) else b)")
  done
  echo "$best"
}

pv_line=$(.build/release/AnalysisBenchmark "$file" --runs 5)
pv=$(python3 -c "import re,sys; print(re.search(r'analysis: ([0-9.]+) s', sys.argv[1]).group(1))" "$pv_line")
loads_line=$(python3 Tools/bench/genops_baseline.py "$file" --loads)
loads=$(python3 -c "import sys; print(sys.argv[1].split(': ')[1].split(' s')[0])" "$loads_line")
genops_line=$(python3 Tools/bench/genops_baseline.py "$file")
genops=$(python3 -c "import sys; print(sys.argv[1].split(': ')[1].split(' s')[0])" "$genops_line")
picklescan=$(seconds "$venv/bin/picklescan" -p "$file")
# fickling writes safety_results.json into the working directory: run it in the bench folder.
fickling=$(cd "$bench_dir" && seconds "$venv/bin/fickling" --check-safety "$file")

echo "file: $file ($bytes bytes)"
echo "$pv_line"
printf '%-22s %10s %12s %14s\n' tool seconds ns/byte "× PickleVet"
for row in "PickleVet-analysis:$pv" "pickle.loads:$loads" "pickletools.genops:$genops" \
  "picklescan(-p):$picklescan" "fickling(--check-safety):$fickling"; do
  name=${row%%:*}
  t=${row#*:}
  python3 -c "import sys; n,t,b,p=sys.argv[1],float(sys.argv[2]),int(sys.argv[3]),float(sys.argv[4]); print('%-22s %10.3f %12.1f %14.1f' % (n,t,t*1e9/b,t/p))" \
    "$name" "$t" "$bytes" "$pv"
done
echo "(picklescan and fickling are timed as whole processes, interpreter start-up included)"
