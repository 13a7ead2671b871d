#!/usr/bin/env bash
# Prints a python3 that has jsonschema, creating a venv in .build-py when the system one lacks it.
set -euo pipefail
if python3 -c "import jsonschema" 2>/dev/null; then
  command -v python3
  exit 0
fi
venv=.build-py
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" >&2
fi
if ! "$venv/bin/python" -c "import jsonschema" 2>/dev/null; then
  "$venv/bin/pip" install -q jsonschema >&2
fi
echo "$venv/bin/python"
