#!/usr/bin/env bash
# Runs the whole test suite from a fresh clone: creates the Python venv the conformance tests use
# (.venv, pinned packages; reused while the pins and the base Python are unchanged), then builds every
# module and runs every test with Maven.
#
# The venv is built on Python 3.10: lava-nc 0.10.0 declares Requires-Python >=3.10,<3.11, and on 3.11
# it does not even import (lava/magma/compiler/var_model.py has dataclass defaults that 3.11 rejects).
# The base interpreter is $SPIKEPORT_BASE_PYTHON, else python3.10 on PATH, else pyenv's 3.10.x.
# Packages: python/requirements.txt (lava-nc, numpy, h5py, nir and their dependencies), then
# python/requirements-jep.txt (jep, compiled against this venv's Python and numpy, so without build
# isolation; it needs JAVA_HOME, taken from javac on PATH when unset).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

is_python310() {
  [[ -n "$1" && -x "$1" ]] && "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null
}

base_python() {
  local c
  for c in "${SPIKEPORT_BASE_PYTHON:-}" "$(command -v python3.10 2>/dev/null || true)" \
      "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.10.*/bin/python3.10; do
    if is_python310 "$c"; then
      echo "$c"
      return 0
    fi
  done
  echo "test.sh: no Python 3.10 found (lava-nc 0.10.0 needs it): set SPIKEPORT_BASE_PYTHON to a" \
    "python3.10 with the venv module, or put python3.10 on PATH" >&2
  return 1
}

if [[ -z "${JAVA_HOME:-}" ]]; then
  JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
  export JAVA_HOME
fi

py="$(base_python)"
stamp="$(cat python/requirements.txt python/requirements-jep.txt; "$py" -VV)"
if [[ ! -x .venv/bin/python ]] || [[ "$(cat .venv/requirements.installed 2>/dev/null)" != "$stamp" ]]; then
  echo "test.sh: creating the Python venv in .venv from $py ..." >&2
  rm -rf .venv
  "$py" -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check -r python/requirements.txt
  .venv/bin/pip install --quiet --disable-pip-version-check --no-build-isolation -r python/requirements-jep.txt
  printf '%s' "$stamp" > .venv/requirements.installed
fi
exec mvn -B -ntp verify -Dspikeport.python="$root/.venv/bin/python" "$@"
