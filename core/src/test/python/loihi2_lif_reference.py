"""NumPy re-implementation of Lava's bit-accurate LIF and Dense, for Loihi2LifTest.

Written from lava-nc/lava: src/lava/proc/lif/models.py (AbstractPyLifModelFixed.subthr_dynamics,
scale_bias, PyLifModelBitAcc.scale_threshold/spiking_activation), src/lava/proc/dense/models.py
(AbstractPyDenseModelBitAcc.run_spk) and src/lava/utils/weightutils.py (clip_weights,
truncate_weights), keeping their dtypes and operations.

Usage: loihi2_lif_reference.py CASES OUT. CASES has lines
  lif du dv vth bias_mant bias_exp steps a_0 ... a_{steps-1}
  dense sign_mode num_weight_bits weight_exp n w_0 .. w_{n-1} p_0 .. p_{n-1}
OUT receives one line per case: "lif" followed by u_t v_t s_t triples, or "dense" followed by the
n registers and the activation.
"""
import sys

import numpy as np


def lif(du, dv, vth, bias_mant, bias_exp, a):
    ds_offset, dm_offset = 1, 0
    max_uv_val = 2 ** 23
    decay_shift, decay_unity = 12, 2 ** 12
    u = np.zeros(1, dtype=np.int32)
    v = np.zeros(1, dtype=np.int32)
    bm = np.array([bias_mant], dtype=np.int16).astype(np.int32)
    be = np.array([bias_exp], dtype=np.int16)
    effective_bias = np.where(be >= 0, np.left_shift(bm, be), np.right_shift(bm, -be))
    effective_vth = np.left_shift(np.int32(vth), 6)
    out = []
    for a_t in a:
        activation_in = np.array([a_t], dtype=np.int32)
        decay_const_u = du + ds_offset
        decayed_curr = np.int64(u) * (decay_unity - decay_const_u)
        decayed_curr = np.sign(decayed_curr) * np.right_shift(np.abs(decayed_curr), decay_shift)
        decayed_curr = np.int32(decayed_curr)
        activation_in = np.left_shift(activation_in, 6)
        decayed_curr += activation_in
        wrapped_curr = np.where(decayed_curr > max_uv_val, decayed_curr - 2 * max_uv_val, decayed_curr)
        wrapped_curr = np.where(wrapped_curr <= -max_uv_val, decayed_curr + 2 * max_uv_val, wrapped_curr)
        u[:] = wrapped_curr
        decay_const_v = dv + dm_offset
        neg_voltage_limit = -np.int32(max_uv_val) + 1
        pos_voltage_limit = np.int32(max_uv_val) - 1
        decayed_volt = np.int64(v) * (decay_unity - decay_const_v)
        decayed_volt = np.sign(decayed_volt) * np.right_shift(np.abs(decayed_volt), decay_shift)
        decayed_volt = np.int32(decayed_volt)
        updated_volt = decayed_volt + u + effective_bias
        v[:] = np.clip(updated_volt, neg_voltage_limit, pos_voltage_limit)
        s = v > effective_vth
        v_out = int(v[0])
        v[s] = 0
        out.append((int(u[0]), v_out, int(s[0])))
    return out


def dense(sign_mode, num_weight_bits, weight_exp, w, p):
    weights = np.array([w], dtype=np.int32)
    mixed = int(sign_mode == 1)
    inhibitory = int(sign_mode == 3)
    # clip_weights(weights, sign_mode, num_bits=8)
    x = weights.copy().astype(np.int32)
    if inhibitory:
        x = -x
    x = np.clip(x, (-2 ** 8) * mixed, 2 ** 8 - 1)
    if inhibitory:
        x = -x
    # truncate_weights(weights, sign_mode, num_weight_bits)
    x = x.copy().astype(np.int32)
    if inhibitory:
        x = -x
    k = 8 - num_weight_bits + mixed
    x = (x >> k) << k
    if inhibitory:
        x = -x
    s_in = np.array(p, dtype=np.int32)
    a_accum = x.dot(s_in)
    a = np.left_shift(a_accum, weight_exp) if weight_exp > 0 else np.right_shift(a_accum, -weight_exp)
    return [int(r) for r in x[0]], int(a[0])


def main():
    lines = open(sys.argv[1]).read().splitlines()
    out = []
    for line in lines:
        f = line.split()
        if f[0] == "lif":
            du, dv, vth, bm, be, steps = map(int, f[1:7])
            a = [int(t) for t in f[7:7 + steps]]
            r = lif(du, dv, vth, bm, be, a)
            out.append("lif " + " ".join(f"{u} {v} {s}" for u, v, s in r))
        elif f[0] == "dense":
            mode, nwb, exp, n = map(int, f[1:5])
            w = [int(t) for t in f[5:5 + n]]
            p = [int(t) for t in f[5 + n:5 + 2 * n]]
            regs, a = dense(mode, nwb, exp, w, p)
            out.append("dense " + " ".join(map(str, regs)) + f" {a}")
        else:
            raise SystemExit("unknown case: " + f[0])
    with open(sys.argv[2], "w") as fh:
        fh.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
