#!/usr/bin/env bash
# The main job, end to end on data spikeport generates itself: write the dataset (spoken digits rendered
# with espeak-ng and encoded with the SHD cochlea model when espeak-ng is installed, the synthetic set
# otherwise), describe
# it, train a network with learned delays on it (`small` preset, a few minutes on 2 cores), score it
# with rounded delays, export it to Loihi 2 (Lava NetX) checking trained vs deployed accuracy on the
# test set, replay the test set bit-accurately on the Loihi 2 export, and export to every target
# (NIR, Loihi 2, SpiNNaker, SENECA, ...) with a table of fit, cores, synapses, deployed accuracy and
# energy estimate; fine-tune the model for the TrueNorth-like chip (train --for's limits, quantization-aware)
# and compare again. Then the same for a recurrent model (DelRec delays on layer 2's recurrent synapses
# besides DCLS feed-forward delays), deployed to every target.
# Output goes to ./demo-out (or the directory given as the first argument).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$root/demo-out}"
sp="$root/spikeport"

# Epochs of the TrueNorth-like fine-tuning (step 8b) and of the recurrent model (step 9). On the spoken
# digits the chip's one spike per input channel and step costs the model most of what it learned, and
# fine-tuning needs 8 epochs to recover it (1 leaves it near chance); delrec-small needs 20 to get past
# chance there.
tune_epochs=1
recurrent_epochs=8
if command -v espeak-ng >/dev/null 2>&1; then
  echo "== 1. spoken digits (English and German, 20 classes; espeak-ng voices, SHD cochlea encoding)" >&2
  "$sp" dataset speak --out "$out/data" --force
  tune_epochs=8
  recurrent_epochs=20
else
  echo "== 1. synthetic dataset (espeak-ng is not installed, so no spoken digits: sudo apt-get install espeak-ng)" >&2
  "$sp" dataset synth --out "$out/data" --force
fi
echo "== 2. what it holds" >&2
"$sp" dataset info "$out/data/train.h5"
echo "== 3. train weights and delays (DCLS, preset 'small')" >&2
"$sp" train --data "$out/data" --config small --out "$out/model.pb"
echo "== 4. evaluate with rounded delays" >&2
"$sp" evaluate --model "$out/model.pb" --data "$out/data/test.h5" --json
echo "== 5. export to Loihi 2 (NetX), checking trained vs deployed accuracy on the test set" >&2
"$sp" export --model "$out/model.pb" --target loihi --out "$out/loihi" --check "$out/data/test.h5"
echo "== 6. replay the test set on the Loihi 2 export, bit-accurately (raster of sample 0: $out/raster.png)" >&2
"$sp" replay --network "$out/loihi/network.pb" --data "$out/data/test.h5" --raster "$out/raster.png"
echo "== 6b. verify the Loihi 2 export against Intel's Lava (bit-accurate fixed point), 20 test samples" >&2
if [[ -x "$root/.venv/bin/python" ]] && "$root/.venv/bin/python" -c \
    "import importlib.util as u, sys; sys.exit(0 if u.find_spec('lava') and u.find_spec('jep') else 1)" 2>/dev/null; then
  "$sp" verify --network "$out/loihi/network.pb" --against lava --data "$out/data/test.h5" --samples 20
else
  echo "skipped: the Lava environment (.venv with lava-nc and jep) is not installed; ./test.sh creates it" >&2
fi
echo "== 7. export to every target and compare them (exports in $out/targets/TARGET)" >&2
"$sp" compare --model "$out/model.pb" --check "$out/data/test.h5" --out "$out/targets"
echo "== 8. the Loihi 2 deployment report ($out/loihi/report.md)" >&2
cat "$out/loihi/report.md"
echo "== 8b. fine-tune the model for the TrueNorth-like chip (its input copies, 4 axon-type weights per neuron)" >&2
echo "      and compare again: the target marked * is the one it was trained for" >&2
"$sp" fine-tune --model "$out/model.pb" --for truenorth-like --data "$out/data" --epochs "$tune_epochs" \
  --out "$out/model-truenorth.pb"
"$sp" compare --model "$out/model-truenorth.pb" --check "$out/data/test.h5" --out "$out/targets-truenorth"
echo "== 9. train a recurrent model: learned recurrent delays (DelRec, preset 'delrec-small') and feed-forward" >&2
echo "      delays up to 24 steps, hard reset so that every chip can run it" >&2
"$sp" train --data "$out/data" --config delrec-small --max-delay 24 --reset zero --epochs "$recurrent_epochs" \
  --out "$out/recurrent.pb"
echo "== 10. export the recurrent model to every target and compare them (exports in $out/targets-recurrent/TARGET)" >&2
"$sp" compare --model "$out/recurrent.pb" --check "$out/data/test.h5" --out "$out/targets-recurrent"
