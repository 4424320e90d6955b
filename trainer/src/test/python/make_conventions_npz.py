"""Writes conventions.npz, a reference-shaped (SNN-delays) state_dict whose prediction depends on the
time convention and the binning, for the CLI test of `spikeport evaluate` (EvaluateCommandTest).

Usage: make_conventions_npz.py OUT_DIR

Network (Td = 25 taps, every P = 12, i.e. every delay 0; import with --config shd, tau 1.005):
  model.0  Dcls1d 1 -> 2: hidden h1 weight 5, h2 weight -5
  model.1  BatchNorm1d: gamma 1, mean 0, variance 1 - 1e-5, beta (0, 2)
           so h1 fires on every step with an input event, h2 on every step after the input ends
  model.4  Dcls1d 2 -> 2 (readout): class 0 = 3 h1, class 1 = 3 h2
The same network is built in Java by ReferenceConventionsTest, which derives its predictions.
"""
import sys
from pathlib import Path

import numpy as np

TD = 25
HALF = TD // 2


def dcls(arrays, index, weights):
    w = np.asarray(weights, dtype=np.float32)
    out, inp = w.shape
    arrays[f"model.{index}.weight"] = w.reshape(out, inp, 1)
    arrays[f"model.{index}.P"] = np.full((1, out, inp, 1), HALF, np.float32)
    arrays[f"model.{index}.SIG"] = np.full((1, out, inp, 1), 0.5, np.float32)


def main(out_dir):
    arrays = {}
    dcls(arrays, 0, [[5.0], [-5.0]])
    arrays["model.1.weight"] = np.ones(2, np.float32)
    arrays["model.1.bias"] = np.array([0.0, 2.0], np.float32)
    arrays["model.1.running_mean"] = np.zeros(2, np.float32)
    arrays["model.1.running_var"] = np.full(2, 1 - 1e-5, np.float32)
    arrays["model.1.num_batches_tracked"] = np.array(1, np.int64)
    dcls(arrays, 4, [[3.0, 0.0], [0.0, 3.0]])
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    np.savez(out / "conventions.npz", **arrays)


if __name__ == "__main__":
    main(sys.argv[1])
