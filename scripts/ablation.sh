#!/usr/bin/env bash
# Rounded-delay test accuracy of learned delays vs no delays vs fixed random delays on the synthetic
# dataset (or the dataset in $ABLATION_DATA, a directory with train.h5 and test.h5) with the `small`
# config, over seeds 1..3; prints a Markdown table with the mean of each mode.
# Usage: [ABLATION_DATA=DIR] scripts/ablation.sh [OUT_DIR] [extra train options...]   (about 25 minutes on 2 cores)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/ablation-out}"
shift || true
sp="$root/spikeport"
data="${ABLATION_DATA:-$out/data}"
if [[ -z "${ABLATION_DATA:-}" ]]; then
  "$sp" dataset synth --out "$data" --force >/dev/null
fi
mkdir -p "$out"
declare -A acc
for mode in learned fixed-random none; do
  for seed in 1 2 3; do
    model="$out/$mode-$seed.pb"
    "$sp" train --data "$data" --config small --delays "$mode" --seed "$seed" --out "$model" "$@" \
      > "$out/$mode-$seed.log" 2>&1
    acc[$mode,$seed]=$("$sp" evaluate --model "$model" --data "$data/test.h5" --json \
      | sed -n 's/^  "accuracy": \(.*\),$/\1/p')
    echo "$mode seed $seed: ${acc[$mode,$seed]}" >&2
  done
done
echo "| delays | seed 1 | seed 2 | seed 3 | mean |"
echo "|---|---|---|---|---|"
for mode in learned fixed-random none; do
  a=${acc[$mode,1]}; b=${acc[$mode,2]}; c=${acc[$mode,3]}
  mean=$(python3 -c "print(f'{($a+$b+$c)/3*100:.2f} %')")
  printf '| %s | %.2f %% | %.2f %% | %.2f %% | %s |\n' "$mode" \
    "$(python3 -c "print($a*100)")" "$(python3 -c "print($b*100)")" "$(python3 -c "print($c*100)")" "$mean"
done
