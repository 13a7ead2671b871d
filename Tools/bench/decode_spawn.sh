#!/usr/bin/env bash
# Median cost of a sandboxed decode of one small pickle, release build.
#
#   Tools/bench/decode_spawn.sh [FILE] [RUNS]
#   PICKLEVET=path/to/picklevet Tools/bench/decode_spawn.sh   # skip the build, time that binary
#
# Prints, in milliseconds (median and minimum of RUNS runs, default 50):
#   child    the confined child alone: exec + rlimits + seccomp + read + decode + frame
#   sandbox  `picklevet decode FILE` (parent start, spawn, child, parse, print)
#   inproc   `picklevet decode --no-sandbox FILE` (parent start and decode, no child)
#   overhead sandbox - inproc: what spawning and confining adds per file
# Not a test: wall-clock numbers depend on the machine and its load.
set -euo pipefail
cd "$(dirname "$0")/../.."
file=${1:-Corpus/benign/sklearn/logistic-regression-p4.pkl}
runs=${2:-50}
bin=${PICKLEVET:-}
if [ -z "$bin" ]; then
  make --no-print-directory release >/dev/null
  bin=.build/release/picklevet
fi
# decode spawns picklevet-child when it sits next to picklevet (else picklevet itself)
childbin=$(dirname "$bin")/picklevet-child
[ -x "$childbin" ] || childbin=$bin
size=$(stat -c %s "$file")

measure() {  # prints one wall time in ms per run
  for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    echo $(( (end - start) / 1000 ))
  done
}
child() { SWIFT_BACKTRACE=enable=no "$childbin" __sandbox-child --input-bytes "$size" <"$file"; }
stats() {  # median and min of microsecond samples, in ms
  sort -n | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
    printf "%.2f %.2f\n", m / 1000, v[1] / 1000 }'
}
"$bin" decode "$file" >/dev/null  # warm the page cache
read -r child_med child_min < <(measure child | stats)
read -r sand_med sand_min < <(measure "$bin" decode "$file" | stats)
read -r in_med in_min < <(measure "$bin" decode --no-sandbox "$file" | stats)
printf "file %s (%s bytes), %s runs, %s\n" "$file" "$size" "$runs" "$bin"
printf "%-9s median %7s ms  min %7s ms\n" child "$child_med" "$child_min" sandbox "$sand_med" "$sand_min" inproc "$in_med" "$in_min"
awk -v a="$sand_med" -v b="$in_med" 'BEGIN { printf "overhead  median %7.2f ms (sandbox - inproc)\n", a - b }'
