#!/usr/bin/env bash
# Per-technique verdicts of the shipped policy over the raw pickles of Corpus/benign and
# Corpus/malicious. `Tools/corpus-table.sh verbose` also lists the findings of every file whose
# verdict is not the expected one. PICKLEVET_EXTRA_DIR=<folder> adds streams extracted by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp)
trap 'rm -f "$out"' EXIT
PICKLEVET_CORPUS_TABLE=${1:-1} PICKLEVET_CORPUS_TABLE_FILE=$out \
  swift test --filter corpusTable >/dev/null 2>&1 || true
cat "$out"
