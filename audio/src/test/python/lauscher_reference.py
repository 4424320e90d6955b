"""Reference outputs of lauscher 1.0.1 (the SHD encoder) for spikeport's cochlea conformance tests.

Usage:
  lauscher_reference.py stages WAVE.f64 RATE OUTDIR
      WAVE.f64: little-endian float64 samples. Runs lauscher's RmsNormalizer(0.3), HanningWindow(),
      BasilarMembrane(channels=700) and HairCell() and writes OUTDIR/prepared.f64 (the normalised, windowed
      samples), OUTDIR/membrane.f64 and OUTDIR/haircell.f64 (channel-major, float64) and OUTDIR/stages.json
      (shapes, sample rates, seconds spent).
  lauscher_reference.py bushy PROB.f64 ROWS RATE SEED OUT.u8
      PROB.f64: ROWS x samples firing probabilities (row-major float64). Seeds numpy's global generator with
      SEED, runs lauscher's BushyCell() on them as one FiringProbability of ROWS channels at RATE and writes
      the spikes as a dense ROWS x samples uint8 matrix.
"""
import json
import sys
import time

import numpy as np

from lauscher.audiowaves import MonoAudioWave
from lauscher.firing_probability import FiringProbability
from lauscher.transformations import BasilarMembrane, BushyCell, HairCell, HanningWindow, RmsNormalizer


def stages(wave_file, rate, outdir):
    samples = np.fromfile(wave_file, dtype="<f8")
    wave = MonoAudioWave(samples, int(rate))
    wave = wave.transform(RmsNormalizer(0.3)).transform(HanningWindow())
    wave.samples.astype("<f8").tofile(f"{outdir}/prepared.f64")
    start = time.time()
    membrane = wave.transform(BasilarMembrane(channels=700))
    t_membrane = time.time() - start
    membrane.channels.astype("<f8").tofile(f"{outdir}/membrane.f64")
    start = time.time()
    hair = membrane.transform(HairCell())
    t_hair = time.time() - start
    hair.channels.astype("<f8").tofile(f"{outdir}/haircell.f64")
    with open(f"{outdir}/stages.json", "w", encoding="utf-8") as f:
        json.dump({"channels": int(membrane.num_channels), "samples": int(membrane.num_samples),
                   "membrane_rate": int(membrane.sample_rate), "hair_rate": int(hair.sample_rate),
                   "membrane_seconds": t_membrane, "hair_seconds": t_hair}, f)


def bushy(prob_file, rows, rate, seed, out):
    p = np.fromfile(prob_file, dtype="<f8").reshape(int(rows), -1)
    np.random.seed(int(seed))
    start = time.time()
    spikes = FiringProbability(p, int(rate)).transform(BushyCell())
    seconds = time.time() - start
    dense = np.zeros(p.shape, dtype=np.uint8)
    steps = np.rint(spikes.spike_times * int(rate)).astype(np.int64)
    dense[spikes.spike_labels.astype(np.int64), steps] = 1
    dense.tofile(out)
    print(json.dumps({"seconds": seconds, "spikes": int(dense.sum())}))


if __name__ == "__main__":
    if sys.argv[1] == "stages":
        stages(*sys.argv[2:5])
    elif sys.argv[1] == "bushy":
        bushy(*sys.argv[2:7])
    else:
        sys.exit(f"unknown mode {sys.argv[1]}")
