"""Checks a spikeport NetX file against what lava-dl's NetX loader reads (h5py and numpy only).

Written from lava-nc/lava-dl src/lava/lib/dl/netx/hdf5.py (Network._create, create_dense,
get_neuron_params), netx/utils.py (NetDict, optimize_weight_bits) and netx/blocks/process.py
(Dense), and from lava-nc/lava src/lava/utils/weightutils.py (determine_sign_mode, clip_weights,
truncate_weights) and src/lava/proc/dense/models.py (PyDelayDenseModelBitAcc.run_spk).

Usage: check_netx.py NETWORK.net EXPECTED.json. Exits non-zero with a message on the first mismatch.
"""
import json
import sys

import h5py
import numpy as np


def fail(msg):
    raise SystemExit("check_netx: " + msg)


def expect(cond, msg):
    if not cond:
        fail(msg)


def read_str(ds, where):
    # NetDict.__getitem__ for str_keys: value[0] if it has a shape, else value[()], then decode('ascii')
    expect(isinstance(ds, h5py.Dataset), where + " is not a dataset")
    value = ds[0] if len(ds.shape) > 0 else ds[()]
    expect(isinstance(value, bytes), f"{where} reads as {type(value)}, not bytes")
    return value.decode("ascii")


def integer(ds, where, shape):
    expect(isinstance(ds, h5py.Dataset), where + " is not a dataset")
    expect(np.issubdtype(ds.dtype, np.integer), f"{where} has dtype {ds.dtype}, not an integer type")
    expect(ds.shape == shape, f"{where} has shape {ds.shape}, expected {shape}")
    return ds[()]


def netx_optimize_weight_bits(weight):
    # lava.lib.dl.netx.utils.optimize_weight_bits (without its clipping branches, which must not fire)
    max_weight = np.max(weight)
    min_weight = np.min(weight)
    expect(not (max_weight > 254 and min_weight < 0), "NetX would clip a weight above 254")
    expect(not (min_weight < -256 and max_weight > 0), "NetX would clip a weight below -256")
    if max_weight < 0:
        sign_mode, is_signed = 3, 0
    elif min_weight >= 0:
        sign_mode, is_signed = 2, 0
    else:
        sign_mode, is_signed = 1, 1
    with np.errstate(divide="ignore"):
        if sign_mode == 1:
            scale = np.min([127 / max_weight, -128 / min_weight])
        elif sign_mode == 3:
            scale = -256 / min_weight
        else:
            scale = 255 / max_weight
    expect(np.isfinite(scale), "NetX cannot scale an all-zero weight matrix")
    scale_bits = np.floor(np.log2(scale)) + is_signed
    n = 8
    while n > 0:
        if np.sum(np.abs(weight / (2 ** n) - np.round(weight / (2 ** n)))) == 0:
            break
        n -= 1
    n -= is_signed
    num_weight_bits = 8 - scale_bits - n
    weight_exponent = -scale_bits
    expect(scale_bits >= 0, "NetX would shift weights by a negative amount")
    weight = np.left_shift(weight.astype(np.int32), int(scale_bits))
    return weight.astype(int), int(num_weight_bits), int(weight_exponent)


def lava_registers(weights, num_weight_bits):
    # PyDelayDenseModelBitAcc.run_spk: sign_mode from determine_sign_mode (NetX's Dense block does not
    # pass its own), then clip_weights(num_bits=8) and truncate_weights
    if np.min(weights) >= 0:
        mode = 2
    elif np.max(weights) <= 0:
        mode = 3
    else:
        mode = 1
    mixed, inhibitory = int(mode == 1), int(mode == 3)
    x = weights.copy().astype(np.int32)
    if inhibitory:
        x = -x
    x = np.clip(x, (-2 ** 8) * mixed, 2 ** 8 - 1)
    k = 8 - num_weight_bits + mixed
    x = (x >> k) << k
    if inhibitory:
        x = -x
    return x


def shift(a, weight_exp):
    return np.left_shift(a, weight_exp) if weight_exp > 0 else np.right_shift(a, -weight_exp)


def main():
    path, expected_path = sys.argv[1], sys.argv[2]
    expected = json.load(open(expected_path))
    with h5py.File(path, "r") as f:
        expect(set(f.keys()) == {"layer"}, f"top-level keys {sorted(f.keys())}, expected ['layer']")
        layer = f["layer"]
        guard = expected.get("guard")
        n_layers = len(expected["layers"]) + 1 + (guard is not None)
        expect(sorted(layer.keys(), key=int) == [str(i) for i in range(n_layers)],
               f"layer keys {sorted(layer.keys())}")
        inp = layer["0"]
        expect(read_str(inp["type"], "layer/0/type") == "input", "layer/0/type is not 'input'")
        expect("neuron" not in inp.keys(), "the input layer must not have a neuron group")
        shape = integer(inp["shape"], "layer/0/shape", (1,))
        expect(int(shape[0]) == expected["inputs"], f"layer/0/shape {shape}")
        rng = np.random.default_rng(1)
        prev = expected["inputs"]
        for i, e in enumerate(expected["layers"], start=1):
            g = layer[str(i)]
            w = f"layer/{i}"
            expect(read_str(g["type"], w + "/type") == "dense", w + "/type is not 'dense'")
            out = int(np.prod(integer(g["shape"], w + "/shape", (1,))))
            expect(out == e["outputs"], f"{w}/shape gives {out}")
            weight = integer(g["weight"], w + "/weight", (out, prev))
            delay = integer(g["delay"], w + "/delay", (out, prev))
            bias = integer(g["bias"], w + "/bias", (out,))
            expect(np.array_equal(weight, np.array(e["weight"])), f"{w}/weight {weight.tolist()}")
            expect(np.array_equal(delay, np.array(e["delay"])), f"{w}/delay {delay.tolist()}")
            expect(np.array_equal(bias, np.array(e["bias"])), f"{w}/bias {bias.tolist()}")
            expect(delay.min() >= 0 and delay.max() <= 62, f"{w}/delay outside 0..62 (NetX clamps)")
            nrn = g["neuron"]
            expect(set(nrn.keys()) == {"type", "iDecay", "vDecay", "vThMant", "refDelay", "gradedSpike"},
                   f"{w}/neuron keys {sorted(nrn.keys())}")
            expect(read_str(nrn["type"], w + "/neuron/type") == "CUBA", w + "/neuron/type is not 'CUBA'")
            for key in ("iDecay", "vDecay", "vThMant", "refDelay"):
                integer(nrn[key], f"{w}/neuron/{key}", ())
            expect(nrn["gradedSpike"].shape == (), f"{w}/neuron/gradedSpike is not a scalar")
            expect(not bool(nrn["gradedSpike"][()]), f"{w}/neuron/gradedSpike is set")
            # get_neuron_params: du = iDecay - 1, dv = vDecay, vth = vThMant, bias_exp = 6
            du = int(nrn["iDecay"][()]) - 1
            expect(du == e["du"], f"{w}: du {du}, expected {e['du']}")
            expect(int(nrn["vDecay"][()]) == e["dv"], f"{w}/neuron/vDecay")
            expect(int(nrn["vThMant"][()]) == e["vth"], f"{w}/neuron/vThMant")
            expect(int(nrn["refDelay"][()]) == 1, f"{w}/neuron/refDelay")
            # weight round trip through NetX and Lava: the same activation for any payload
            file_w = g["weight"][()].astype(int)
            opt, nwb, exp = netx_optimize_weight_bits(file_w)
            regs = lava_registers(opt, nwb)
            for _ in range(20):
                payload = rng.integers(0, 8, size=prev)
                got = shift(regs.dot(payload), exp)
                want = file_w.dot(payload)
                expect(np.array_equal(got, want), f"{w}: NetX/Lava activation {got} != {want}")
            expect(exp == e["weight_exp"], f"{w}: NetX derives weight_exp {exp}, expected {e['weight_exp']}")
            prev = out
        if guard is not None:
            # the guard (graded input): NetDict's weight read, .astype(int), fails with the guard's text
            w = f"layer/{n_layers - 1}"
            g = layer[str(n_layers - 1)]
            expect(read_str(g["type"], w + "/type") == "dense", w + "/type is not 'dense'")
            expect(int(np.prod(integer(g["shape"], w + "/shape", (1,)))) == 1, w + "/shape is not [1]")
            text = g["weight"][()]
            expect(text.shape == (1,) and text[0].decode("ascii") == guard, f"{w}/weight {text!r}")
            try:
                text.astype(int)
                expect(False, w + "/weight converts to int")
            except ValueError as e:
                expect(guard in str(e), f"{w}/weight's error {e} does not show the guard's text")
    print("ok")


if __name__ == "__main__":
    main()
