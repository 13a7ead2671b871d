#!/usr/bin/env bash
# Disassembles every file of the corpus and prints one line per file and a summary.
set -uo pipefail
tool=$1
corpus=$2
ok=0 broken=0 unreadable=0
while IFS= read -r -d '' file; do
  case "$file" in *.dis|*.jsonl|*.txt|*.md|*.tsv) continue ;; esac
  "$tool" dis "$file" >/dev/null 2>&1
  case $? in
    0) ok=$((ok + 1)); status=complete ;;
    1) broken=$((broken + 1)); status=broken ;;
    *) unreadable=$((unreadable + 1)); status=unreadable ;;
  esac
  printf '%-11s %s\n' "$status" "$file"
done < <(find "$corpus" -type f -print0 | sort -z)
printf '\n%d complete, %d broken or with trailing data, %d unreadable\n' "$ok" "$broken" "$unreadable"
