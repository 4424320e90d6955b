#!/usr/bin/env bash
# The main job, end to end on data spikeport generates itself: write the synthetic dataset, then
# describe it. Output goes to ./demo-out (or the directory given as the first argument).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$root/demo-out}"
sp="$root/spikeport"

echo "== 1. synthetic dataset" >&2
"$sp" dataset synth --out "$out/data" --force
echo "== 2. what it holds" >&2
"$sp" dataset info "$out/data/train.h5"
"$sp" dataset info "$out/data/test.h5" --json
