#!/usr/bin/env bash
# Runs the whole test suite from a fresh clone: creates the Python venv the conformance tests use
# (.venv, pinned packages; reused while the pins and the base Python are unchanged), then builds every
# module and runs every test with Maven.
#
# The venv is built on Python 3.10: lava-nc 0.10.0 declares Requires-Python >=3.10,<3.11, and on 3.11
# it does not even import (lava/magma/compiler/var_model.py has dataclass defaults that 3.11 rejects).
# The base interpreter is $SPIKEPORT_BASE_PYTHON, else python3.10 on PATH, else pyenv's 3.10.x.
# Packages: python/requirements.txt (lava-nc, lava-dl with torch, numpy, h5py, nir, PyNN with NEST and their
# dependencies), then python/requirements-jep.txt (jep, compiled against this venv's Python and numpy, so
# without build isolation; it needs JAVA_HOME, taken from javac on PATH when unset), then
# python/requirements-nir-importers.txt (snnTorch, Norse, NIRTorch, Rockpool, Sinabs, without their
# dependencies: two of them pin an older nir) and nir 1.0.4 alone in .venv/nir-1.0.4, which the NIR tests put
# ahead of the venv's nir 1.0.8 to check that older readers load the files. A second venv,
# .venv-spynnaker, holds sPyNNaker (python/requirements-spynnaker.txt), whose scipy pin conflicts with
# lava-nc's.
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

# make_venv DIR STAMP COMMAND...: (re)creates the venv DIR from $py and runs each COMMAND (a string run
# with DIR/bin on PATH) unless DIR/requirements.installed already holds STAMP.
make_venv() {
  local dir="$1" stamp="$2"
  shift 2
  if [[ -x "$dir/bin/python" ]] && [[ "$(cat "$dir/requirements.installed" 2>/dev/null)" == "$stamp" ]]; then
    return 0
  fi
  echo "test.sh: creating the Python venv in $dir from $py ..." >&2
  rm -rf "$dir"
  "$py" -m venv "$dir"
  local c
  for c in "$@"; do
    PATH="$root/$dir/bin:$PATH" bash -c "$c"
  done
  printf '%s' "$stamp" > "$dir/requirements.installed"
}

pip="pip install --quiet --disable-pip-version-check"
make_venv .venv "$(cat python/requirements.txt python/requirements-jep.txt python/requirements-nir-importers.txt
    "$py" -VV)" \
  "$pip -r python/requirements.txt" \
  "$pip --no-build-isolation -r python/requirements-jep.txt" \
  "$pip --no-deps -r python/requirements-nir-importers.txt" \
  "$pip --no-deps --target .venv/nir-1.0.4 nir==1.0.4"
make_venv .venv-spynnaker "$(cat python/requirements-spynnaker.txt; "$py" -VV)" \
  "$pip -r python/requirements-spynnaker.txt" \
  "python -m spynnaker.pyNN.setup_pynn"
exec mvn -B -ntp verify -Dspikeport.python="$root/.venv/bin/python" \
  -Dspikeport.spynnaker.python="$root/.venv-spynnaker/bin/python" "$@"
