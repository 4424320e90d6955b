"""Golden values for DelayNetworkRecurrentGoldenTest: one training step of whole networks with DelRec
recurrent layers, forward and reverse-mode gradients in numpy, float64.

Network (time-major arrays (T, B, C)); a batch of B samples zero-padded to T steps. Hidden layer l
(l = 1 .. H) maps its input x (T + (l-1) R steps) to spikes (T + l R steps), R = maxDelay // 2:
    I      = conv(x; W, d)                    Td = maxDelay + 1 taps, x padded with Td-1 zeros before and
                                              R after: I[t] = sum_n K[n] x_pad[t + n], t < T + l R
             K[n] = W g(n) / (sum_m g(m) + 1e-7),  g(n) = exp(-(n - (Td-1-d))^2 / (2 s^2)),
             s = |sigma| + 0.27 (DCLS's Gaussian); with one tap (maxDelay 0) K[0] = W, a plain linear map
    I      = I + b                            (with bias)
    I      = gamma (I - mu) / sqrt(var + 1e-5) + beta    (with BatchNorm, training mode: mu, var (biased)
                                              over time and batch; running mean and unbiased variance
                                              move by 0.1 towards them)
    I      = I * M                            (dropout on the current: fixed scale M (B, C))
    s      = LIF(I)  or  recurrent LIF(I)     (golden_delrec.recurrent_lif, TRIANGULAR kernel of width
                                              1 + sigma_rec or 1 + 2 sigma_rec sigmoid(p), recurrent
                                              dropout scale (B, N) fixed)
             LIF: h[t] = (1 - 1/tau) v[t-1] + I[t], s[t] = H(h[t] - 1), v[t] = h[t] (1 - s[t]) with s
             detached (hard reset) or h[t] - s[t] (reset by subtraction)
    s      = s * M                            (dropout on the spikes)
Readout: I = conv(s_H) (+ b), v[t] = (1 - 1/tau) v[t-1] + I[t] (LIF readout; tau 1 for the linear one)
and the loss on v (T + (H+1) R steps):
    SOFTMAX_SUM: m[b] = sum_t softmax(v[t, b]);   SUM: m[b] = sum_{t < len_b + (H+1) R} v[t, b]
    loss = mean_b -log_softmax(m[b])[y_b]
Spikes are differentiated with the surrogate (ATan, alpha 5, or triangle). The gradients come from the
reverse-mode differentiator of golden_delrec.py (imported as a module; this script adds the
operations the feed-forward part needs) and are checked against central differences of the
straight-through forward, as there. Nothing here calls or mirrors the Java code.

Regenerate (numpy 1.26, with golden_delrec.py beside this file):
    python3 -m venv .venv && .venv/bin/pip install numpy==1.26.4
    .venv/bin/python trainer/src/test/python/golden_delrec_network.py \\
        trainer/src/test/python/golden_delrec_network.json
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import golden_delrec as g  # noqa: E402
from golden_delrec import Node  # noqa: E402

SIGMA_OFFSET = 0.27
KERNEL_EPS = 1e-7
BN_EPS = 1e-5
BN_MOMENTUM = 0.1


def exp(a):
    y = np.exp(a.value)
    return Node(y, ((a, lambda gr: gr * y),))


def log(a):
    return Node(np.log(a.value), ((a, lambda gr: gr / a.value),))


def power(a, k):
    return Node(a.value ** k, ((a, lambda gr: gr * k * a.value ** (k - 1)),))


def sum_axis(a, axis, keepdims=False):
    def back(gr):
        gr = gr if keepdims else np.expand_dims(gr, axis)
        return np.broadcast_to(gr, a.value.shape).copy()
    return Node(a.value.sum(axis=axis, keepdims=keepdims), ((a, back),))


def mean_time_batch(a):
    """(T, B, C) -> (C,), the mean over time and batch."""
    rows = a.value.shape[0] * a.value.shape[1]
    return Node(a.value.mean(axis=(0, 1)),
                ((a, lambda gr: np.broadcast_to(gr / rows, a.value.shape).copy()),))


def pad_time(a, before, after):
    shape = a.value.shape
    out = np.concatenate([np.zeros((before,) + shape[1:]), a.value, np.zeros((after,) + shape[1:])])
    return Node(out, ((a, lambda gr: gr[before:before + shape[0]]),))


def time_slice(a, start, stop):
    def back(gr):
        out = np.zeros_like(a.value)
        out[start:stop] = gr
        return out
    return Node(a.value[start:stop], ((a, back),))


def project(x, w):
    """x (T, B, in), w (out, in) -> x w^T (T, B, out)."""
    return Node(np.einsum("tbi,oi->tbo", x.value, w.value),
                ((x, lambda gr: np.einsum("tbo,oi->tbi", gr, w.value)),
                 (w, lambda gr: np.einsum("tbo,tbi->oi", gr, x.value))))


def stack(nodes):
    def back(t):
        return lambda gr: gr[t]
    return Node(np.stack([n.value for n in nodes]), tuple((n, back(t)) for t, n in enumerate(nodes)))


def conv(x, w, d, max_delay, sigma):
    """DCLS convolution x (T, B, in) -> (T + max_delay // 2, B, out)."""
    taps = max_delay + 1
    if taps == 1:
        kernel = Node(w.value[None], ((w, lambda gr: gr[0]),))
    else:
        s = abs(sigma) + SIGMA_OFFSET
        n = Node(np.arange(taps, dtype=np.float64)[:, None, None])
        z = (n - ((taps - 1.0) - d)) * (1.0 / s)
        gauss = exp(z * z * -0.5)
        assert gauss.value.min() > 1e-25, "a Gaussian tap would be flushed to zero"
        kernel = w * gauss / (sum_axis(gauss, 0) + KERNEL_EPS)
    right = max_delay // 2
    padded = pad_time(x, max_delay, right)
    steps = x.value.shape[0] + right
    out = None
    for tap in range(taps):
        term = project(time_slice(padded, tap, tap + steps), g.take(kernel, tap, 0))
        out = term if out is None else out + term
    return out


def batch_norm(x, gamma, beta):
    """Training-mode BatchNorm over time and batch; returns y and (batch mean, unbiased batch variance)."""
    rows = x.value.shape[0] * x.value.shape[1]
    mu = mean_time_batch(x)
    centred = x - mu
    var = mean_time_batch(centred * centred)
    y = centred * power(var + BN_EPS, -0.5) * gamma + beta
    return y, (mu.value.copy(), var.value * rows / (rows - 1.0))


def lif(a, tau, surrogate_kind, reset, h0=None):
    """Plain spiking LIF: spike nodes per step and potentials (T, B, C); h0 as in golden_delrec.fire."""
    beta = 1.0 - 1.0 / tau
    v = Node(np.zeros(a.value.shape[1:]))
    spikes, hs = [], []
    for t in range(a.value.shape[0]):
        h = v * beta + g.take(a, t, 0)
        hs.append(h.value.copy())
        s, keep = g.fire(h, None if h0 is None else h0[t], surrogate_kind)
        v = g.after_spike(h, s, keep, reset)
        spikes.append(s)
    return spikes, np.stack(hs)


def readout_membrane(a, tau):
    beta = 1.0 - 1.0 / tau
    v = Node(np.zeros(a.value.shape[1:]))
    out = []
    for t in range(a.value.shape[0]):
        v = v * beta + g.take(a, t, 0)
        out.append(v)
    return stack(out)


def log_softmax_rows(m, axis):
    """log softmax of m along axis, shifted by the (constant) maximum."""
    shift = Node(m.value.max(axis=axis, keepdims=True))
    centred = m - shift
    return centred - log(sum_axis(exp(centred), axis, keepdims=True))


def network(case, params, h0=None):
    """Builds one training forward. Returns (loss node, readout membrane node, record) where record holds,
    per hidden layer, the potentials, the spikes and the BatchNorm batch statistics."""
    steps, batch, _ = case["x"].shape
    max_delay = case["max_delay"]
    right = max_delay // 2
    x = Node(case["x"])
    record = []
    for l, layer in enumerate(params["hidden"]):
        current = conv(x, layer["w"], layer["d"], max_delay, case["sigma"])
        if case["bias"]:
            current = current + layer["b"]
        stats = None
        if case["batch_norm"]:
            current, stats = batch_norm(current, layer["gamma"], layer["beta"])
        mask = Node(case["masks"][l]["dropout"][None])
        if case["dropout_at"] == "CURRENT":
            current = current * mask
        layer_h0 = None if h0 is None else h0[l]
        if "rec_w" in layer:
            spec = {"sigma": case["recurrent_sigma"], "kind": case["recurrent"]["kind"], "kernel": "TRIANGULAR",
                    "tau": case["tau"], "mask": case["masks"][l]["recurrent"], "surrogate": case["surrogate"],
                    "reset": case["reset"]}
            spikes, hs = g.recurrent_lif(spec, current, layer["rec_w"], layer["rec_d"], layer.get("rec_p"),
                                         layer_h0)
        else:
            spikes, hs = lif(current, case["tau"], case["surrogate"], case["reset"], layer_h0)
        x = stack(spikes)
        if case["dropout_at"] == "SPIKES":
            x = x * mask
        record.append({"potential": hs, "spikes": np.stack([s.value for s in spikes]), "stats": stats})
    out = params["readout"]
    current = conv(x, out["w"], out["d"], max_delay, case["sigma"])
    if case["bias"]:
        current = current + out["b"]
    linear = case["readout"] == "LINEAR"
    v = readout_membrane(current, 1.0 if linear else case["tau"])
    total_steps = steps + (len(params["hidden"]) + 1) * right
    assert v.value.shape[0] == total_steps
    if linear:
        valid = np.zeros((total_steps, batch, 1))
        for b, length in enumerate(case["lengths"]):
            valid[:length + (len(params["hidden"]) + 1) * right, b] = 1.0
        scores = sum_axis(v * Node(valid), 0)
    else:
        scores = sum_axis(exp(log_softmax_rows(v, 2)), 0)
    onehot = np.eye(v.value.shape[2])[case["labels"]]
    loss = g.total(log_softmax_rows(scores, 1) * Node(onehot)) * (-1.0 / batch)
    return loss, v, scores, record


def parameters(case, rng):
    """Random parameters of the case's network, each a Node; "running" holds BatchNorm's running statistics."""
    sizes = [case["inputs"]] + case["hidden"] + [case["classes"]]
    max_delay = case["max_delay"]
    hidden = []
    for l in range(len(case["hidden"])):
        fan_in, fan_out = sizes[l], sizes[l + 1]
        layer = {"w": Node(rng.uniform(-1.0, 1.0, (fan_out, fan_in)) * case["weight_scale"][l]),
                 "d": Node(rng.uniform(0, max_delay, (fan_out, fan_in)))}
        if case["bias"]:
            layer["b"] = Node(rng.uniform(-0.3, 0.6, fan_out))
        if case["batch_norm"]:
            layer["gamma"] = Node(rng.uniform(0.7, 1.5, fan_out))
            layer["beta"] = Node(rng.uniform(0.0, 0.6, fan_out))
            layer["running_mean"] = rng.uniform(-0.5, 0.5, fan_out)
            layer["running_var"] = rng.uniform(0.5, 2.0, fan_out)
        if l + 1 in case["recurrent"]["layers"]:
            synaptic = case["recurrent"]["kind"] == "SYNAPTIC"
            layer["rec_w"] = Node(rng.uniform(-0.9, 0.9, (fan_out, fan_out)))
            layer["rec_d"] = Node(rng.uniform(0.2, 4.5, (fan_out, fan_out) if synaptic else fan_out))
            if case["recurrent"]["learned_width"]:
                layer["rec_p"] = Node(rng.uniform(-1.5, 1.5, fan_out))
        hidden.append(layer)
    readout = {"w": Node(rng.uniform(-1.0, 1.0, (case["classes"], sizes[-2])) * case["weight_scale"][-1]),
               "d": Node(rng.uniform(0, max_delay, (case["classes"], sizes[-2])))}
    if case["bias"]:
        readout["b"] = Node(rng.uniform(-0.3, 0.3, case["classes"]))
    return {"hidden": hidden, "readout": readout}


def masks(case, rng):
    """Fixed dropout scales (B, C) per hidden layer and recurrent dropout scales (B, N) for recurrent layers
    (None without recurrent dropout); each has at least one dropped and one kept entry."""
    out = []
    batch = case["x"].shape[1]
    for l, n in enumerate(case["hidden"]):
        entry = {"dropout": scale(rng, (batch, n), case["dropout"]), "recurrent": None}
        if l + 1 in case["recurrent"]["layers"] and case["recurrent"]["dropout"] > 0:
            entry["recurrent"] = scale(rng, (batch, n), case["recurrent"]["dropout"])
        out.append(entry)
    return out


def scale(rng, shape, rate):
    keep = rng.uniform(size=shape) >= rate
    keep.flat[0], keep.flat[-1] = False, True
    return keep / (1.0 - rate)


def learnable(params):
    """(name, node) of every learned parameter, in a fixed order."""
    out = []
    for l, layer in enumerate(params["hidden"]):
        for key in ("w", "d", "b", "gamma", "beta", "rec_w", "rec_d", "rec_p"):
            if key in layer:
                out.append((f"hidden{l + 1}.{key}", layer[key]))
    for key in ("w", "d", "b"):
        if key in params["readout"]:
            out.append((f"readout.{key}", params["readout"][key]))
    return out


def structural_zero(case, name):
    """Whether a parameter's gradient is zero by construction: delays of one-tap layers, and a hidden bias
    followed by BatchNorm (which removes any constant)."""
    return (name.endswith(".d") and case["max_delay"] == 0) or (
        name.startswith("hidden") and name.endswith(".b") and case["batch_norm"])


def fresh_tape(params):
    """Starts a new recording whose leaves are the parameters (built before it)."""
    g._TAPE.clear()
    g._TAPE.extend(node for _, node in learnable(params))


def solve(case, rng):
    params = parameters(case, rng)
    case["masks"] = masks(case, rng)
    fresh_tape(params)
    loss, v, scores, record = network(case, params)
    g.backprop(loss)
    grads = {name: node.grad.copy() for name, node in learnable(params)}

    for l, r in enumerate(record):
        margin = float(np.abs(r["potential"] - g.THETA).min())
        assert margin > 1e-5, f"{case['name']} layer {l + 1}: a potential sits {margin} from the threshold"
        rate = r["spikes"].mean()
        assert 0.08 < rate < 0.7, f"{case['name']} layer {l + 1}: spike fraction {rate}"
        layer = params["hidden"][l]
        if "rec_w" in layer:
            spec = {"kernel": "TRIANGULAR", "sigma": case["recurrent_sigma"], "steps": r["potential"].shape[0]}
            p = layer["rec_p"].value if "rec_p" in layer else None
            kink = g.kink_margin(spec, layer["rec_d"].value, p)
            assert kink > 1e-3, f"{case['name']} layer {l + 1}: a delay is {kink} from a kernel kink"
    for name, gr in grads.items():
        if structural_zero(case, name):
            assert np.abs(gr).max() < 1e-12, f"{case['name']}: {name} should have no gradient"
        else:
            assert np.abs(gr).max() > 1e-4, f"{case['name']}: {name} barely matters ({np.abs(gr).max()})"

    h0 = [r["potential"] for r in record]

    def smooth():
        fresh_tape(params)
        return float(network(case, params, h0)[0].value)

    assert abs(smooth() - float(loss.value)) < 1e-12
    worst = 0.0
    for name, node in learnable(params):
        if structural_zero(case, name):
            continue
        values = node.value
        for idx in np.ndindex(values.shape):
            saved = values[idx]
            values[idx] = saved + 1e-6
            plus = smooth()
            values[idx] = saved - 1e-6
            minus = smooth()
            values[idx] = saved
            fd = (plus - minus) / 2e-6
            # relative, absolute (1e-3 scale) for the smallest gradients, whose differences are rounding noise
            worst = max(worst, abs(fd - grads[name][idx]) / max(abs(fd) + abs(grads[name][idx]), 1e-3))
    assert worst < 1e-5, f"{case['name']}: reverse mode disagrees with finite differences: {worst}"
    spikes = ", ".join(f"{int(r['spikes'].sum())}/{r['spikes'].size}" for r in record)
    margin = min(float(np.abs(r["potential"] - g.THETA).min()) for r in record)
    print(f"{case['name']}: loss {float(loss.value):.6f}, spikes per layer {spikes}, threshold margin "
          f"{margin:.1e}, worst FD error {worst:.2e}")
    return params, loss, v, scores, record, grads


def inputs(rng, steps, batch, channels, lengths):
    x = (rng.uniform(size=(steps, batch, channels)) < 0.45).astype(np.float64)
    for b, length in enumerate(lengths):
        x[length:, b] = 0.0
    return x


CASES = [
    # DelRec on SHD: Linear+bias -> BN -> LIF, Linear+bias -> BN -> recurrent axonal (fixed width), hard
    # reset, ATan, dropout on spikes, LIF readout decoded by the summed softmax.
    dict(name="shd_like", seed=1, hidden=[5, 5], classes=3, max_delay=0, sigma=0.0, tau=1.05, recurrent_sigma=0.7,
         bias=True, batch_norm=True, dropout_at="SPIKES", dropout=0.4, reset="ZERO", surrogate="ATAN",
         readout="LIF", lengths=[12, 12, 12], weight_scale=[1.0, 1.0, 1.0],
         recurrent=dict(layers=[2], kind="AXONAL", learned_width=False, dropout=0.2)),
    # DelRec on SSC: Linear+bias -> dropout on the current -> recurrent synaptic (learned width), reset by
    # subtraction, triangle surrogate, linear readout summed over each sample's own steps.
    dict(name="ssc_like", seed=1, hidden=[5, 4], classes=3, max_delay=0, sigma=0.0, tau=2.0, recurrent_sigma=0.6,
         bias=True, batch_norm=False, dropout_at="CURRENT", dropout=0.3, reset="SUBTRACT", surrogate="TRIANGLE",
         readout="LINEAR", lengths=[12, 9, 7], weight_scale=[1.0, 0.8, 0.3],
         recurrent=dict(layers=[1, 2], kind="SYNAPTIC", learned_width=True, dropout=0.3)),
    # DCLS feed-forward delays (maxDelay 4, Gaussian) with BN, then an axonal recurrent layer (learned
    # width), dropout on spikes, linear readout summed over len_b + L R steps.
    dict(name="dcls_and_axonal", seed=1, hidden=[5, 5], classes=3, max_delay=4, sigma=1.0, tau=2.0, recurrent_sigma=0.5,
         bias=False, batch_norm=True, dropout_at="SPIKES", dropout=0.25, reset="ZERO", surrogate="ATAN",
         readout="LINEAR", lengths=[10, 12, 8], weight_scale=[1.0, 1.0, 0.3],
         recurrent=dict(layers=[2], kind="AXONAL", learned_width=True, dropout=0.0)),
]


def main(path):
    out_cases = []
    for spec in CASES:
        rng = np.random.default_rng(spec["seed"])
        case = dict(spec, inputs=4, steps=12, batch=3)
        case["x"] = inputs(rng, case["steps"], case["batch"], case["inputs"], case["lengths"])
        case["labels"] = [int(c) for c in rng.permutation(case["classes"])[:case["batch"]]]
        params, loss, v, scores, record, grads = solve(case, rng)
        layers = []
        for l, layer in enumerate(params["hidden"]):
            entry = {key: g.arr(node.value) for key, node in layer.items() if isinstance(node, Node)}
            entry.update({"dropout_mask": g.arr(case["masks"][l]["dropout"]),
                          "recurrent_mask": g.arr(case["masks"][l]["recurrent"])})
            if case["batch_norm"]:
                mean, var = record[l]["stats"]
                entry.update({
                    "running_mean": g.arr(layer["running_mean"]), "running_var": g.arr(layer["running_var"]),
                    "running_mean_after": g.arr((1 - BN_MOMENTUM) * layer["running_mean"] + BN_MOMENTUM * mean),
                    "running_var_after": g.arr((1 - BN_MOMENTUM) * layer["running_var"] + BN_MOMENTUM * var)})
            entry["grad"] = {key: g.arr(grads[f"hidden{l + 1}.{key}"]) for key in layer
                             if isinstance(layer[key], Node)}
            layers.append(entry)
        readout = {key: g.arr(node.value) for key, node in params["readout"].items()}
        readout["grad"] = {key: g.arr(grads[f"readout.{key}"]) for key in params["readout"]}
        out = {key: case[key] for key in ("name", "steps", "batch", "inputs", "hidden", "classes", "max_delay",
                                          "sigma", "tau", "recurrent_sigma", "bias", "batch_norm", "dropout_at",
                                          "dropout", "reset", "surrogate", "readout", "lengths", "labels",
                                          "recurrent")}
        out.update({"x": g.arr(case["x"]), "layers": layers, "readout_layer": readout, "v": g.arr(v.value),
                    "scores": g.arr(scores.value), "loss": float(loss.value),
                    "predictions": [int(k) for k in scores.value.argmax(axis=1)]})
        out_cases.append(out)
    g.write_cases(path, out_cases)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "golden_delrec_network.json")
