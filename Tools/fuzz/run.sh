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
binary=.build-fuzz/release/PickleVetFuzz
[ -x "$binary" ] || { echo "fuzz build failed" >&2; exit 1; }

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
  # Seeds are copied flat (small files only) so the fuzzer's own corpus never writes into Corpus/.
  # shellcheck disable=SC2046
  find $(seeds_for "$target") -type f -size -1M \
    ! -name '*.md' ! -name '*.tsv' ! -name '*.dis' ! -name '*.jsonl' -print0 |
    xargs -0 -I{} sh -c 'cp "{}" "$0/$(echo "{}" | sha1sum | cut -c1-16)"' "$work/corpus"
  echo "== $target: ${seconds}s"
  SWIFT_BACKTRACE=enable=no PICKLEVET_FUZZ_TARGET=$target "$binary" "$work/corpus" \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=1048576 \
    -artifact_prefix="$work/crashes/" -print_final_stats=1 2>&1 | tee "$work/last-run.log" |
    grep -E '^#[0-9]+ +(DONE|INITED)|^stat::|ERROR|SUMMARY|Test unit written' || true
done
