#!/usr/bin/env bash
# Training throughput in one process and on Spark local[1] / local[2], alternated A B C A B C on this machine.
# Usage: bench/spark.sh PRESET ROUNDS [DATA_DIR]   (e.g. bench/spark.sh small 2; bench/spark.sh shd 2)
# Trains one epoch per run on the synthetic dataset (made in DATA_DIR if missing, default /tmp/spikeport-spark-bench)
# and prints per run: the epoch's training wall time (the progress line, batches only), samples/s, the process's
# CPU time (user + sys, JVM and Spark start included) and Spark's traffic line.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
preset="${1:?preset}"
rounds="${2:-2}"
data="${3:-/tmp/spikeport-spark-bench}"
[[ -f "$data/train.h5" ]] || "$root/spikeport" dataset synth --out "$data" >/dev/null
out="$(mktemp -d)"
TIMEFORMAT="%U %S"
for r in $(seq 1 "$rounds"); do
  for mode in one "local[1]" "local[2]"; do
    args=(train --data "$data" --config "$preset" --epochs 1 --out "$out/model.pb")
    [[ "$mode" != one ]] && args+=(--spark "$mode")
    cpu=$( { time "$root/spikeport" "${args[@]}" > "$out/log" 2>&1; } 2>&1 )
    line=$(grep -m1 -E '^epoch 1/1: [0-9]+ done in' "$out/log")
    samples=$(sed -E 's/^epoch 1\/1: ([0-9]+) done in ([0-9.]+) s.*/\1/' <<< "$line")
    seconds=$(sed -E 's/^epoch 1\/1: ([0-9]+) done in ([0-9.]+) s.*/\2/' <<< "$line")
    traffic=$(grep -m1 '^Spark traffic' "$out/log" || true)
    awk -v r="$r" -v m="$mode" -v n="$samples" -v s="$seconds" -v c="$cpu" -v t="$traffic" 'BEGIN {
      split(c, u, " "); printf "round %s %-9s %6.1f s  %6.1f samples/s  cpu %6.1f s  %s\n", r, m, s, n / s, u[1] + u[2], t }'
  done
done
rm -rf "$out"
