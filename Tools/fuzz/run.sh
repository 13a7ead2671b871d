#!/usr/bin/env bash
# Runs libFuzzer targets (Sources/PickleVetFuzz) with ASan, seeded from Corpus/.
#   Tools/fuzz/run.sh SECONDS [TARGET …]    default: every target, SECONDS each, one after another
# Crashes land in Tools/fuzz/out/TARGET/ (ignored by git); a fixed one is committed under
# Corpus/regressions/fuzz-TARGET/ and replayed by `swift test` (FuzzRegressionTests).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:?usage: Tools/fuzz/run.sh SECONDS [reader|scan|containers|rules|decoder …]}
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(reader scan containers rules decoder)

swift build -c release --product PickleVetFuzz --scratch-path .build-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING 2>&1 | grep -v 'Cannot export local symbol' || true
built=.build-fuzz/release/PickleVetFuzz
[ -x "$built" ] || { echo "fuzz build failed" >&2; exit 1; }

seeds_for() {
  case $1 in
    rules) echo Rules Tests/PickleRulesTests/Goldens ;;
    reader | decoder) echo Corpus/protocols Corpus/analysis Corpus/decode Corpus/regressions ;;
    *) echo Corpus/malicious Corpus/benign Corpus/containers Corpus/analysis Corpus/regressions ;;
  esac
}

for target in "${targets[@]}"; do
  work=Tools/fuzz/out/$target
  mkdir -p "$work/corpus" "$work/crashes"
  # A private copy, so a rebuild while this target runs does not swap the binary under it.
  binary=$work/PickleVetFuzz
  cp "$built" "$binary"
  # Seeds are copied flat (small files only) so the fuzzer's own corpus never writes into Corpus/.
  # shellcheck disable=SC2046
  find $(seeds_for "$target") -type f -size -1M \
    ! -name '*.md' ! -name '*.tsv' ! -name '*.dis' ! -name '*.jsonl' -print0 |
    xargs -0 -I{} sh -c 'cp "{}" "$0/$(echo "{}" | sha1sum | cut -c1-16)"' "$work/corpus"
  echo "== $target: ${seconds}s"
  SWIFT_BACKTRACE=enable=no PICKLEVET_FUZZ_TARGET=$target \
    ASAN_OPTIONS=malloc_context_size=64 LSAN_OPTIONS=suppressions=$PWD/Tools/fuzz/lsan.supp \
    "$binary" "$work/corpus" \
    -fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1 \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=1048576 \
    -artifact_prefix="$work/crashes/" 2>&1 | tee "$work/last-run.log" |
    grep -E '^#[0-9]+: cov|ERROR|SUMMARY|Test unit written' | awk 'NR % 20 == 1' || true
  # Fork mode keeps fuzzing past a crash (each is saved); its last status line has the totals.
  # One line per run in runs.tsv: date, target, seconds, executions, coverage, features,
  # corpus size, ooms/timeouts/crashes.
  grep -E '^#[0-9]+: cov' "$work/last-run.log" | tail -1 |
    sed -E 's/^#([0-9]+): cov: ([0-9]+) ft: ([0-9]+) corp: ([0-9]+).*oom\/timeout\/crash: ([0-9/]+).*/\1\t\2\t\3\t\4\t\5/' |
    sed "s|^|$(date -u +%FT%TZ)\t$target\t$seconds\t|" >>Tools/fuzz/out/runs.tsv
  tail -1 Tools/fuzz/out/runs.tsv
done
