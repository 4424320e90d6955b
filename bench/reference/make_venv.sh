#!/usr/bin/env bash
# Creates the optional reference venv bench/reference/.venv (gitignored) for the side-by-side benchmark:
# PyTorch 2.3.1, the `dcls` package and SpikingJelly from PyPI, pinned in requirements.txt beside this file.
# It is not the test venv (.venv at the repository root); nothing in the test suite uses it.
#
# Run from anywhere:   bench/reference/make_venv.sh
# The base interpreter is $SPIKEPORT_BASE_PYTHON, else python3.10 on PATH, else pyenv's 3.10.x. The venv is
# reused while requirements.txt is unchanged (its copy is kept in .venv/requirements.installed).
# About 3 GB once installed (the torch wheel and its nvidia-* libraries).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"

is_python310() {
  [[ -n "$1" && -x "$1" ]] && "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null
}

py=""
for c in "${SPIKEPORT_BASE_PYTHON:-}" "$(command -v python3.10 2>/dev/null || true)" \
    "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.10.*/bin/python3.10; do
  if is_python310 "$c"; then
    py="$c"
    break
  fi
done
if [[ -z "$py" ]]; then
  echo "make_venv.sh: no Python 3.10 found: set SPIKEPORT_BASE_PYTHON or put python3.10 on PATH" >&2
  exit 1
fi

if [[ -x "$venv/bin/python" ]] && cmp -s "$here/requirements.txt" "$venv/requirements.installed"; then
  echo "make_venv.sh: $venv is up to date" >&2
  exit 0
fi
echo "make_venv.sh: creating $venv from $py ..." >&2
rm -rf "$venv"
"$py" -m venv "$venv"
"$venv/bin/python" -m pip install -q --upgrade pip==24.2
# --no-deps: requirements.txt pins every dependency; pip check below fails if one is missing.
"$venv/bin/python" -m pip install -q --no-deps -r "$here/requirements.txt"
"$venv/bin/python" -m pip check
"$venv/bin/python" -c 'import torch, DCLS.construct.modules, spikingjelly.activation_based.neuron; print("torch", torch.__version__)'
cp "$here/requirements.txt" "$venv/requirements.installed"
