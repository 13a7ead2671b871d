#!/usr/bin/env bash
# PickleVet side by side with picklescan, fickling, modelscan and modelaudit, plus the CPython
# floors (pickle.loads, pickletools.genops), on generated inputs. See Tools/bench/README.md.
#
# Usage: Tools/bench/suite.sh [--quick]
# Environment (all optional):
#   BENCH_VENV      peers' venv (default ~/.cache/picklevet-bench/venv); modelscan gets its own
#                   "$BENCH_VENV-modelscan" (it needs numpy<2, modelaudit needs numpy 2.4)
#   BENCH_DIR       generated inputs (default ~/.cache/picklevet-bench/inputs)
#   BENCH_RESULTS   where latest.md / latest-quick.md land (default ~/.cache/picklevet-bench/results)
#   PICKLEVET       the binary (default .build/release/picklevet)
#   BENCH_RUNS      best of N (default 3, --quick 1)     BENCH_TIMEOUT  seconds per run (600, --quick 120)
#   BENCH_TORCH=1   install torch in the venv and write the large model with the real torch.save
#   BENCH_INPUTS, BENCH_TOOLS  comma-separated names to run only those rows (e.g. numpy-200mb and
#                   PickleVet,picklescan); the table then goes to latest-partial.md
set -euo pipefail
export PYTHONDONTWRITEBYTECODE=1   # keep __pycache__ out of Tools/bench
cd "$(dirname "$0")/../.."
repo=$(pwd)

quick=0
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "suite.sh: unknown argument $arg" >&2; exit 64 ;;
  esac
done

cache=$HOME/.cache/picklevet-bench
venv=${BENCH_VENV:-$cache/venv}
msvenv=${BENCH_MODELSCAN_VENV:-$venv-modelscan}
inputs=${BENCH_DIR:-$cache/inputs}
results=${BENCH_RESULTS:-$cache/results}
scratch=${BENCH_SCRATCH:-$cache/scratch}
picklevet=${PICKLEVET:-.build/release/picklevet}
case "$picklevet" in /*) ;; *) picklevet=$repo/$picklevet ;; esac
if [ "$quick" = 1 ]; then runs=${BENCH_RUNS:-1}; timeout=${BENCH_TIMEOUT:-120}
else runs=${BENCH_RUNS:-3}; timeout=${BENCH_TIMEOUT:-600}; fi

# ensure_venv DIR PACKAGE... : create DIR if needed and pip-install what is missing. A failed
# install is reported and the suite goes on (that peer's rows will say it failed).
ensure_venv() {
  local dir=$1; shift
  [ -x "$dir/bin/python" ] || python3 -m venv "$dir"
  local missing=()
  for spec in "$@"; do
    local dist=${spec%%[[<>=]*}
    "$dir/bin/python" -c "import importlib.metadata as m,sys; m.version(sys.argv[1])" "$dist" \
      2>/dev/null || missing+=("$spec")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "[bench] installing into $dir: ${missing[*]}" >&2
    "$dir/bin/pip" install -q --disable-pip-version-check "${missing[@]}" >&2 \
      || echo "[bench] warning: pip install ${missing[*]} failed in $dir" >&2
  fi
}

mkdir -p "$cache"
ensure_venv "$venv" "picklescan[7z]" py7zr fickling modelaudit numpy
ensure_venv "$msvenv" modelscan "numpy<2"
torch_flag=()
if [ "${BENCH_TORCH:-0}" = 1 ]; then
  ensure_venv "$venv" torch
  torch_flag=(--torch-real)
fi

quick_flag=()
[ "$quick" = 1 ] && quick_flag=(--quick)
mkdir -p "$inputs" "$results" "$scratch"
list=$scratch/inputs.tsv
echo "[bench] generating inputs in $inputs (only what is missing)" >&2
"$venv/bin/python" Tools/bench/gen_inputs.py "$inputs" "${quick_flag[@]}" "${torch_flag[@]}" > "$list"

exec "$venv/bin/python" Tools/bench/peers.py run --inputs "$list" --venv "$venv" \
  --modelscan-venv "$msvenv" --picklevet "$picklevet" --runs "$runs" --timeout "$timeout" \
  --scratch "$scratch" --results "$results" "${quick_flag[@]}" \
  ${BENCH_INPUTS:+--only-inputs "$BENCH_INPUTS"} ${BENCH_TOOLS:+--only-tools "$BENCH_TOOLS"}
