"""Writes small state_dict archives shaped like those of the reference DCLS code (SNN-delays,
snn_delays.py) for the tests of org.spikeport.trainer.importer, and the values the import must produce.

Usage: make_reference_npz.py OUT_DIR

Writes into OUT_DIR (numpy only):
  reference.npz            numpy.savez of a 7 -> 6 -> 5 -> 3 network, Td = 25, keys model.{0,1,4,5,8}.*
  compressed.npz           the same arrays with numpy.savez_compressed
  variant.npz              the same values without the 'model.' prefix, P and SIG of shape (out, in),
                           float64 weights and BatchNorm, plus an unrelated key
  clamped.npz              reference.npz with three P values of model.0 outside [-12, 12] and one SIG
                           value of model.4 different
  missing.npz              reference.npz without model.1.running_var
  wrong_shape.npz          reference.npz with model.4.P one element too long
  fortran.npz              reference.npz with model.0.weight stored in Fortran order
  float16.npz              reference.npz with model.5.running_mean as float16
  truncated_entry.npz      reference.npz whose model.8.weight entry lacks its last 10 bytes
  expected.txt             one line per value list: NAME COUNT V1 V2 ..., floats as float.hex() of the
                           float32 values; names: inputs, taps, sigma, sizes, and per layer L (hidden1,
                           hidden2, readout): L.weights, L.delays, and for hidden layers L.gamma, L.beta,
                           L.mean, L.var
"""
import io
import sys
import zipfile
from pathlib import Path

import numpy as np

TD = 25
HALF = TD // 2
INPUTS, HIDDEN, CLASSES = 7, (6, 5), 3
SIGMA = np.float32(0.73)


def reference_arrays(rng):
    arrays = {}
    sizes = [INPUTS, *HIDDEN, CLASSES]
    index = 0
    for layer in range(len(sizes) - 1):
        n_in, n_out = sizes[layer], sizes[layer + 1]
        arrays[f"model.{index}.weight"] = rng.normal(0, 0.5, (n_out, n_in, 1)).astype(np.float32)
        arrays[f"model.{index}.P"] = rng.uniform(-HALF, HALF, (1, n_out, n_in, 1)).astype(np.float32)
        arrays[f"model.{index}.SIG"] = np.full((1, n_out, n_in, 1), -SIGMA if layer == 1 else SIGMA, np.float32)
        if layer == len(sizes) - 2:
            break
        bn = index + 1
        arrays[f"model.{bn}.weight"] = rng.normal(1, 0.1, n_out).astype(np.float32)
        arrays[f"model.{bn}.bias"] = rng.normal(0, 0.1, n_out).astype(np.float32)
        arrays[f"model.{bn}.running_mean"] = rng.normal(0, 1, n_out).astype(np.float32)
        arrays[f"model.{bn}.running_var"] = rng.uniform(0.2, 2, n_out).astype(np.float32)
        arrays[f"model.{bn}.num_batches_tracked"] = np.array(1234, dtype=np.int64)
        index += 4
    return arrays


def hexes(values):
    return " ".join(float(v).hex() for v in np.asarray(values, dtype=np.float32).ravel())


def write_expected(path, arrays):
    lines = [f"inputs 1 {INPUTS}", f"taps 1 {TD}", f"sigma 1 {float(SIGMA).hex()}",
             f"sizes {len(HIDDEN) + 1} {' '.join(str(s) for s in (*HIDDEN, CLASSES))}"]
    names = ["hidden1", "hidden2", "readout"]
    for layer, name in enumerate(names):
        dcls = 4 * layer
        w = arrays[f"model.{dcls}.weight"]
        d = np.float32(HALF) - arrays[f"model.{dcls}.P"]
        lines.append(f"{name}.weights {w.size} {hexes(w.reshape(w.shape[0], -1))}")
        lines.append(f"{name}.delays {d.size} {hexes(d)}")
        if name != "readout":
            for key, label in (("weight", "gamma"), ("bias", "beta"), ("running_mean", "mean"), ("running_var", "var")):
                v = arrays[f"model.{dcls + 1}.{key}"]
                lines.append(f"{name}.{label} {v.size} {hexes(v)}")
    path.write_text("\n".join(lines) + "\n", encoding="ascii")


def npy_bytes(array):
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()


def main(out):
    out.mkdir(parents=True, exist_ok=True)
    arrays = reference_arrays(np.random.default_rng(20240501))
    np.savez(out / "reference.npz", **arrays)
    np.savez_compressed(out / "compressed.npz", **arrays)

    variant = {}
    for key, value in arrays.items():
        short = key[len("model."):]
        if short.endswith(".P") or short.endswith(".SIG"):
            value = value.reshape(value.shape[1], value.shape[2])
        elif value.dtype == np.float32:
            value = value.astype(np.float64)
        variant[short] = value
    variant["epoch"] = np.array(149, dtype=np.int64)
    np.savez(out / "variant.npz", **variant)

    clamped = dict(arrays)
    p = clamped["model.0.P"].copy()
    p[0, 0, 0, 0], p[0, 1, 2, 0], p[0, 5, 6, 0] = 12.5, -13.0, 40.0
    clamped["model.0.P"] = p
    sig = clamped["model.4.SIG"].copy()
    sig[0, 2, 3, 0] = 0.9
    clamped["model.4.SIG"] = sig
    np.savez(out / "clamped.npz", **clamped)

    missing = dict(arrays)
    del missing["model.1.running_var"]
    np.savez(out / "missing.npz", **missing)

    wrong = dict(arrays)
    wrong["model.4.P"] = np.append(wrong["model.4.P"].ravel(), np.float32(0))
    np.savez(out / "wrong_shape.npz", **wrong)

    fortran = dict(arrays)
    fortran["model.0.weight"] = np.asfortranarray(arrays["model.0.weight"].reshape(6, 7))
    np.savez(out / "fortran.npz", **fortran)

    half_precision = dict(arrays)
    half_precision["model.5.running_mean"] = arrays["model.5.running_mean"].astype(np.float16)
    np.savez(out / "float16.npz", **half_precision)

    with zipfile.ZipFile(out / "truncated_entry.npz", "w") as z:
        for key, value in arrays.items():
            data = npy_bytes(value)
            z.writestr(key + ".npy", data[:-10] if key == "model.8.weight" else data)

    write_expected(out / "expected.txt", arrays)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_reference_npz.py OUT_DIR")
    main(Path(sys.argv[1]))
