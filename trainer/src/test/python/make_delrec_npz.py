"""Writes small state_dict archives shaped like those of DelRec's models (github.com/alexmaxad/DelRec,
SNN_recurrent_delays of src/SHD/snn.py and src/SSC/snn.py) for the tests of DelRecImport, the values
the import must produce, and the readout membranes of each network on a fixed input, computed here
with numpy alone.

Usage: make_delrec_npz.py OUT_DIR

Archives (numpy.savez of float32 arrays; 7 inputs, 3 classes):
  shd.npz            perf_SHD's form: src/SHD/snn.py order, BatchNorm and bias, hidden 6 and 5, layer 1
                     a plain LIF, layer 2 axonal_recdel: keys layers.{0,1,5,6,7,10}.*
  small.npz          equiparam_SHD's form: no BatchNorm, no bias, hidden 6 and 5, layer 2 axonal_recdel:
                     layers.0.weight, layers.4.weight, layers.5.*, layers.8.weight
  ssc.npz            perf_SSC's form: src/SSC/snn.py order, bias, no BatchNorm, hidden 6, 5 and 4, all
                     axonal_recdel with p_spread: layers.{0,2,4,6,8,10,12}.*
  synaptic.npz       small.npz with synaptic_recdel delays (5, 5) and a p_spread
  clamped.npz        small.npz with recurrent delays 1 and 3 negative (-0.75, -2)
  missing.npz        shd.npz without layers.6.running_var
  unexpected_key.npz small.npz plus a key 'epoch'
  plif.npz           small.npz plus layers.1.w (a ParametricLIFNode's parameter)
  wrong_shape.npz    small.npz with layers.5.recurrent_weights of shape (5, 4)
  wrong_dtype.npz    small.npz with layers.0.weight as int32
  nonfinite.npz      small.npz with element 2 of layers.5.recurrent_delays NaN
  unchained.npz      small.npz with layers.4.weight of shape (5, 7)
  dcls.npz           SNN_recurrent_and_feedforward_delays' form: layers.4 a Dcls1d (weight, P, SIG)
  bn_after_spikes.npz src/SSC/snn.py order with use_batch_norm: BatchNorm1d at layers.4 and layers.9
  no_readout.npz     small.npz without layers.8.weight

expected.txt: one line per value list, NAME COUNT V1 V2 ..., floats as float.hex():
  <net>/<key>        the float32 values of every key of shd, small, ssc and synaptic (C order)
  <net>/sizes        inputs, hidden sizes, classes
  input              the fixed input x[t][j], T x 7, row-major
  <net>/readout      the readout membranes v[t][k], T x 3, row-major, float64: the forward pass with
                     one-hot recurrent lags D = 1 + round(d) (sigma 0), as DelRec computes it (eval mode)
"""
import sys
from pathlib import Path

import numpy as np

INPUTS, CLASSES, STEPS = 7, 3, 24
EPS = 1e-5


def linear(rng, arrays, index, n_in, n_out, bias, scale):
    arrays[f"layers.{index}.weight"] = rng.normal(0, scale, (n_out, n_in)).astype(np.float32)
    if bias:
        arrays[f"layers.{index}.bias"] = rng.normal(0.1, 0.2, n_out).astype(np.float32)


def batch_norm(rng, arrays, index, n):
    arrays[f"layers.{index}.weight"] = rng.normal(1, 0.1, n).astype(np.float32)
    arrays[f"layers.{index}.bias"] = rng.normal(0.2, 0.1, n).astype(np.float32)
    arrays[f"layers.{index}.running_mean"] = rng.normal(0, 0.3, n).astype(np.float32)
    arrays[f"layers.{index}.running_var"] = rng.uniform(0.5, 2, n).astype(np.float32)
    arrays[f"layers.{index}.num_batches_tracked"] = np.array(417, dtype=np.int64)


def recurrent(rng, arrays, index, n, delays, spread):
    arrays[f"layers.{index}.recurrent_weights"] = rng.normal(0, 0.7, (n, n)).astype(np.float32)
    arrays[f"layers.{index}.recurrent_delays"] = np.asarray(delays, dtype=np.float32)
    if spread:
        arrays[f"layers.{index}.p_spread"] = rng.normal(0, 1, n).astype(np.float32)


def shd(rng):
    a = {}
    linear(rng, a, 0, INPUTS, 6, True, 0.9)
    batch_norm(rng, a, 1, 6)
    linear(rng, a, 5, 6, 5, True, 0.9)
    batch_norm(rng, a, 6, 5)
    recurrent(rng, a, 7, 5, [4, 0, 2.5, 11, 1.4], False)
    linear(rng, a, 10, 5, CLASSES, True, 0.8)
    return a


def small(rng):
    a = {}
    linear(rng, a, 0, INPUTS, 6, False, 0.9)
    linear(rng, a, 4, 6, 5, False, 0.9)
    recurrent(rng, a, 5, 5, [3, 0, 2.5, 7, 1.4], False)
    linear(rng, a, 8, 5, CLASSES, False, 0.8)
    return a


def ssc(rng):
    a = {}
    linear(rng, a, 0, INPUTS, 6, True, 0.9)
    recurrent(rng, a, 2, 6, [0, 5, 3.5, 1, 9, 2], True)
    linear(rng, a, 4, 6, 5, True, 0.9)
    recurrent(rng, a, 6, 5, [6, 0.5, 2, 13, 4], True)
    linear(rng, a, 8, 5, 4, True, 0.9)
    recurrent(rng, a, 10, 4, [1, 8, 0, 3], True)
    linear(rng, a, 12, 4, CLASSES, True, 0.8)
    return a


def synaptic(rng):
    a = small(rng)
    a["layers.5.recurrent_delays"] = rng.integers(0, 9, (5, 5)).astype(np.float32)
    a["layers.5.recurrent_delays"][0, 1] = 4.5
    a["layers.5.p_spread"] = rng.normal(0, 1, 5).astype(np.float32)
    return a


NETWORKS = {
    # name: (builder, layout, tau, soft reset)
    "shd": (shd, "SHD", 1.05, False),
    "small": (small, "SHD", 2.0, False),
    "ssc": (ssc, "SSC", 2.0, True),
    "synaptic": (synaptic, "SHD", 2.0, False),
}


def modules(arrays):
    """The Sequential's modules with entries, by position: (position, kind, {name: array})."""
    by_index = {}
    for key, value in arrays.items():
        _, index, name = key.split(".")
        by_index.setdefault(int(index), {})[name] = value
    out = []
    for index in sorted(by_index):
        params = by_index[index]
        kind = "bn" if "running_mean" in params else "rec" if "recurrent_weights" in params else "linear"
        out.append((index, kind, params))
    return out


def lif_step(v, current, tau, soft):
    """One step of SpikingJelly's LIFNode with decay_input=False, v_threshold 1, v_reset 0 or None."""
    h = v - v / tau + current
    spike = (h >= 1.0).astype(np.float64)
    v = h - spike if soft else h * (1.0 - spike)
    return h, spike, v


def recurrent_layer(drive, params, tau, soft, margins):
    """axonal_recdel / synaptic_recdel in eval mode with sigma 0: the spikes of step t reach the
    ring-buffer slot read at step t + lag, lag = 1 + round(max(d, 0)) (a one-hot kernel)."""
    w = params["recurrent_weights"].astype(np.float64)
    d = params["recurrent_delays"].astype(np.float64)
    n = w.shape[0]
    lags = 1 + np.round(np.maximum(d, 0)).astype(np.int64)
    length = int(lags.max()) + 1
    kernel = np.zeros(d.shape + (length,))
    if d.ndim == 1:
        kernel[np.arange(n), lags] = 1.0
    else:
        rows, cols = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
        kernel[rows, cols, lags] = 1.0
    ring = np.zeros((n, length))
    pointer = 0
    v = np.zeros(n)
    spikes = np.zeros_like(drive)
    for t in range(drive.shape[0]):
        h, s, v = lif_step(v, drive[t] + ring[:, pointer], tau, soft)
        margins.append(np.abs(h - 1.0).min())
        spikes[t] = s
        if d.ndim == 1:
            sent = w @ (s[:, None] * kernel)  # receiving neuron i: sum_o w[i, o] s[o] k_o[lag]
        else:
            sent = np.einsum("o,io,iol->il", s, w, kernel)
        ring[:, pointer] = 0.0
        pointer = (pointer + 1) % length
        for lag in range(1, length):
            ring[:, (pointer + lag - 1) % length] += sent[:, lag]
    return spikes


def forward(arrays, layout, tau, soft, x):
    """The readout membranes v[t][k] of the network in eval mode (dropout off, BatchNorm with running
    statistics, rounded recurrent delays)."""
    mods = modules(arrays)
    linears = [m for m in mods if m[1] == "linear"]
    s = x.astype(np.float64)
    margins = []
    hidden_spikes = []
    for number, (index, _, lin) in enumerate(linears):
        a = s @ lin["weight"].astype(np.float64).T
        if "bias" in lin:
            a = a + lin["bias"].astype(np.float64)
        if number == len(linears) - 1:
            if layout == "SSC":
                return a, margins, hidden_spikes
            v = np.zeros(a.shape[1])
            out = np.zeros_like(a)
            for t in range(a.shape[0]):
                v = v - v / tau + a[t]
                out[t] = v
            return out, margins, hidden_spikes
        parts = {kind: params for i, kind, params in mods if index < i < index + 5}
        if "bn" in parts:
            bn = {k: p.astype(np.float64) for k, p in parts["bn"].items() if k != "num_batches_tracked"}
            a = (a - bn["running_mean"]) / np.sqrt(bn["running_var"] + EPS) * bn["weight"] + bn["bias"]
        if "rec" in parts:
            s = recurrent_layer(a, parts["rec"], tau, soft, margins)
        else:
            v = np.zeros(a.shape[1])
            s = np.zeros_like(a)
            for t in range(a.shape[0]):
                h, s[t], v = lif_step(v, a[t], tau, soft)
                margins.append(np.abs(h - 1.0).min())
        hidden_spikes.append(s)
    raise AssertionError("no readout")


def hexes(values, dtype):
    return " ".join(float(v).hex() for v in np.asarray(values, dtype=dtype).ravel())


def main(out):
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(20251201)
    x = rng.integers(0, 3, (STEPS, INPUTS)).astype(np.float32)
    lines = [f"input {x.size} {hexes(x, np.float32)}"]
    nets = {}
    for name, (build, layout, tau, soft) in NETWORKS.items():
        arrays = build(rng)
        nets[name] = arrays
        np.savez(out / f"{name}.npz", **arrays)
        for key, value in arrays.items():
            if value.dtype == np.float32:
                lines.append(f"{name}/{key} {value.size} {hexes(value, np.float32)}")
        sizes = [INPUTS] + [m[2]["weight"].shape[0] for m in modules(arrays) if m[1] == "linear"]
        lines.append(f"{name}/sizes {len(sizes)} {' '.join(str(s) for s in sizes)}")
        readout, margins, spikes = forward(arrays, layout, tau, soft, x)
        # the comparison with Java must not hinge on a membrane within rounding of the threshold, and every
        # hidden layer must fire now and then, or the recurrent synapses would carry nothing
        assert min(margins) > 1e-6, (name, min(margins))
        for s in spikes:
            assert 0 < s.mean() < 0.9 and (s.sum(axis=0) > 0).sum() >= 2, (name, s.mean())
        lines.append(f"{name}/readout {readout.size} {hexes(readout, np.float64)}")

    def variant(base, name, change):
        arrays = dict(nets[base])
        change(arrays)
        np.savez(out / f"{name}.npz", **arrays)

    def clamp(a):
        d = a["layers.5.recurrent_delays"].copy()
        d[1], d[3] = -0.75, -2.0
        a["layers.5.recurrent_delays"] = d

    def nan(a):
        d = a["layers.5.recurrent_delays"].copy()
        d[2] = np.nan
        a["layers.5.recurrent_delays"] = d

    def dcls(a):
        del a["layers.4.weight"]
        a["layers.4.weight"] = rng.normal(0, 0.5, (5, 6, 1)).astype(np.float32)
        a["layers.4.P"] = rng.uniform(-12, 12, (1, 5, 6, 1)).astype(np.float32)
        a["layers.4.SIG"] = np.full((1, 5, 6, 1), 0.5, np.float32)

    variant("small", "clamped", clamp)
    variant("shd", "missing", lambda a: a.pop("layers.6.running_var"))
    variant("small", "unexpected_key", lambda a: a.update(epoch=np.array(29, dtype=np.int64)))
    variant("small", "plif", lambda a: a.update({"layers.1.w": np.array(0.5, dtype=np.float32)}))
    variant("small", "wrong_shape", lambda a: a.update({"layers.5.recurrent_weights": np.zeros((5, 4), np.float32)}))
    variant("small", "wrong_dtype", lambda a: a.update({"layers.0.weight": np.ones((6, INPUTS), np.int32)}))
    variant("small", "nonfinite", nan)
    variant("small", "unchained", lambda a: a.update({"layers.4.weight": np.zeros((5, 7), np.float32)}))
    variant("small", "dcls", dcls)
    variant("small", "no_readout", lambda a: a.pop("layers.8.weight"))

    bn = {}
    linear(rng, bn, 0, INPUTS, 6, True, 0.9)
    recurrent(rng, bn, 2, 6, [1, 2, 3, 4, 5, 6], True)
    batch_norm(rng, bn, 4, 6)
    linear(rng, bn, 5, 6, 5, True, 0.9)
    recurrent(rng, bn, 7, 5, [1, 2, 3, 4, 5], True)
    batch_norm(rng, bn, 9, 5)
    linear(rng, bn, 10, 5, CLASSES, True, 0.8)
    np.savez(out / "bn_after_spikes.npz", **bn)

    (out / "expected.txt").write_text("\n".join(lines) + "\n", encoding="ascii")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_delrec_npz.py OUT_DIR")
    main(Path(sys.argv[1]))
