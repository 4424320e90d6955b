#!/usr/bin/env bash
# Runs the whole test suite from a fresh clone: creates the Python venv the conformance tests use
# (.venv, pinned packages from python/requirements.txt; reused while the pins are unchanged), then
# builds every module and runs every test with Maven.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
if [[ ! -x .venv/bin/python ]] || ! cmp -s python/requirements.txt .venv/requirements.installed; then
  echo "test.sh: creating the Python venv in .venv ..." >&2
  rm -rf .venv
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check -r python/requirements.txt
  cp python/requirements.txt .venv/requirements.installed
fi
exec mvn -B -ntp verify -Dspikeport.python="$root/.venv/bin/python" "$@"
