#!/usr/bin/env bash
# Side-by-side training throughput: spikeport's TrainingBench (trainer test scope) against the DCLS reference
# model in PyTorch (bench/reference/reference_step.py), alternated A B A B on the same machine, for one preset
# and one sigma. Prints each pair's samples/s, their ratio (spikeport / reference) and the median ratio, with
# the 1-minute load average (uptime) before each run.
#
# Run from anywhere (needs bench/reference/make_venv.sh once, and Maven's local repository for -o):
#   bench/side_by_side.sh [PRESET] [SIGMA] [PAIRS] [BATCHES] [STEPS] [DENSITY] [THREADS]
#   bench/side_by_side.sh shd 12 3 2          # shd at sigma 12, 3 pairs of 2 timed batches each
#   bench/side_by_side.sh shd 0.23 3 2        # at the sigma floor
#   bench/side_by_side.sh small 12 3 100 50   # small, 100 timed batches of 50 steps per sample
# BATCHES are timed after one warm-up batch. The JVM compiles spikeport's loops during the first second or
# two, so a short run measures part of that: for `small` (a 50-100 ms step) time 100 batches to see the
# steady rate of a training run (20 batches read 20-40 % lower); `shd`'s 2 s step is steady after a few.
# Defaults: shd, sigma 12, 3 pairs, 2 batches, 100 steps, density 0.3, 2 threads (torch.set_num_threads;
# spikeport's TrainingBench sets ND4J's threads as `train` does, Nd4jThreads: SPIKEPORT_ND4J_THREADS, default 1,
# its Java loops use every core). The test classpath goes to $CPFILE (default /tmp/spikeport-trainer.cp); set
# SKIP_BUILD=1 to reuse it and the compiled classes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

preset="${1:-shd}"
sigma="${2:-12}"
pairs="${3:-3}"
batches="${4:-2}"
steps="${5:-100}"
density="${6:-0.3}"
threads="${7:-2}"
py="$root/bench/reference/.venv/bin/python"
cpfile="${CPFILE:-/tmp/spikeport-trainer.cp}"

if [[ ! -x "$py" ]]; then
  echo "side_by_side.sh: no reference venv; run bench/reference/make_venv.sh first" >&2
  exit 1
fi
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  mvn -B -q -o -pl trainer -am test-compile dependency:build-classpath \
      -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=test
fi
cp="trainer/target/test-classes:trainer/target/classes:core/target/classes:$(cat "$cpfile")"

load() { cut -d' ' -f1 /proc/loadavg; }
# The last "N samples/s" of a run's output.
rate() { grep -o '[0-9.]* samples/s' | tail -1 | cut -d' ' -f1; }

echo "preset $preset, sigma $sigma, $pairs pairs, $batches timed batches per run, $steps steps, density $density," \
  "$threads threads; $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p')"
ratios=()
for ((i = 1; i <= pairs; i++)); do
  la="$(load)"
  a_out="$(java -cp "$cp" org.spikeport.trainer.bench.TrainingBench "$preset" "$steps" "$density" "$batches" "$sigma")"
  lb="$(load)"
  b_out="$("$py" bench/reference/reference_step.py "$preset" --steps "$steps" --density "$density" \
      --batches "$batches" --sigma "$sigma" --threads "$threads")"
  a="$(head -1 <<<"$a_out" | rate)"
  b="$(rate <<<"$b_out")"
  r="$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", a / b }')"
  ratios+=("$r")
  echo "pair $i: spikeport $a samples/s (load $la), reference $b samples/s (load $lb), ratio $r"
done
median="$(printf '%s\n' "${ratios[@]}" | sort -g | awk '{ v[NR] = $1 } END {
  if (NR % 2) printf "%.2f", v[(NR + 1) / 2]; else printf "%.2f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }')"
echo "median ratio spikeport / reference: $median (preset $preset, sigma $sigma, load now $(load))"
