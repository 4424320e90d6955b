"""Golden values for RecurrentLifGoldenTest: DelRec's recurrent LIF layer, forward and BPTT in numpy.

Layer (time-major arrays (T, B, N), float64), from v = 0 and no spikes before t = 0:
    k[o, n]  = max(0, w_o - |n - (1 + d_o)|) / w_o^2 on taps n = 0 .. L-1, L = ceil(1 + max d + max w) + 1,
               with tap 0 zeroed (DelRec's ring buffer drops it); synaptic delays d[i, o] give k[i, o, n]
    w_o      = 1 + sigma, or 1 + 2 sigma sigmoid(p_o) (learned width)
    one-hot  : k[., n] = 1 iff n = 1 + max(0, round_half_even(d)), no delay gradient
    r[t]     = sum_{n=1}^{min(t, L-1)} (s[t-n] * k[:, n]) @ W.T           (axonal)
             = sum_n s[t-n] @ (W * k[:, :, n]).T                           (synaptic)
    h[t]     = (1 - 1/tau) v[t-1] + a[t] + m * r[t]   (m: recurrent dropout scale (B, N), fixed over t)
    s[t]     = H(h[t] - 1)      backward: ATan (alpha 5) or triangle surrogate
    v[t]     = h[t] (1 - s[t]) with s detached (hard reset), or h[t] - s[t] (soft reset, not detached)
    loss     = sum(R * s)
The gradients come from a small reverse-mode differentiator written here (each operation's local
derivative, applied in reverse order of the recorded operations), not from hand-derived BPTT
formulas, and are checked against central differences of the straight-through forward (each spike
H(h0 - 1) + S(h - 1) - S(h0 - 1) with S the surrogate's primitive and h0 the base potential; the hard
reset's factor frozen at 1 - H(h0 - 1)). Nothing here calls or mirrors the Java code.

Regenerate (numpy 1.26):
    python3 -m venv .venv && .venv/bin/pip install numpy==1.26.4
    .venv/bin/python trainer/src/test/python/golden_delrec.py trainer/src/test/python/golden_delrec.json
"""
import json
import math
import sys

import numpy as np

ALPHA = 5.0
THETA = 1.0

_TAPE = []


class Node:
    """A value in the recorded computation; grad is dL/dvalue after backprop()."""

    def __init__(self, value, parents=()):
        self.value = np.asarray(value, dtype=np.float64)
        self.parents = parents  # sequence of (node, function mapping dL/dself to dL/dparent)
        self.grad = None
        _TAPE.append(self)

    def __add__(self, other):
        return add(self, lift(other))

    __radd__ = __add__

    def __sub__(self, other):
        return add(self, neg(lift(other)))

    def __rsub__(self, other):
        return add(lift(other), neg(self))

    def __mul__(self, other):
        return mul(self, lift(other))

    __rmul__ = __mul__

    def __truediv__(self, other):
        return mul(self, reciprocal(lift(other)))


def lift(x):
    return x if isinstance(x, Node) else Node(x)


def unbroadcast(g, shape):
    while g.ndim > len(shape):
        g = g.sum(axis=0)
    for axis, size in enumerate(shape):
        if size == 1 and g.shape[axis] != 1:
            g = g.sum(axis=axis, keepdims=True)
    return g


def add(a, b):
    return Node(a.value + b.value, ((a, lambda g: unbroadcast(g, a.value.shape)),
                                    (b, lambda g: unbroadcast(g, b.value.shape))))


def mul(a, b):
    return Node(a.value * b.value, ((a, lambda g: unbroadcast(g * b.value, a.value.shape)),
                                    (b, lambda g: unbroadcast(g * a.value, b.value.shape))))


def neg(a):
    return Node(-a.value, ((a, lambda g: -g),))


def reciprocal(a):
    return Node(1.0 / a.value, ((a, lambda g: -g / a.value ** 2),))


def absolute(a):
    return Node(np.abs(a.value), ((a, lambda g: g * np.sign(a.value)),))


def relu(a):
    return Node(np.maximum(a.value, 0.0), ((a, lambda g: g * (a.value > 0)),))


def sigmoid(a):
    y = 1.0 / (1.0 + np.exp(-a.value))
    return Node(y, ((a, lambda g: g * y * (1 - y)),))


def matmul(a, b):
    return Node(a.value @ b.value, ((a, lambda g: g @ b.value.T), (b, lambda g: a.value.T @ g)))


def transpose(a):
    return Node(a.value.T, ((a, lambda g: g.T),))


def take(a, index, axis):
    """a[..., index, ...] along axis (the axis is removed)."""
    def back(g):
        out = np.zeros_like(a.value)
        np.moveaxis(out, axis, 0)[index] = g
        return out
    return Node(np.take(a.value, index, axis=axis), ((a, back),))


def detach(a):
    return Node(a.value.copy())


def total(a):
    return Node(a.value.sum(), ((a, lambda g: np.full_like(a.value, g)),))


def surrogate(x, kind):
    if kind == "ATAN":
        return ALPHA / 2.0 / (1.0 + (np.pi / 2.0 * ALPHA * x) ** 2)
    return np.maximum(0.0, 1.0 - np.abs(x))


def primitive(x, kind):
    if kind == "ATAN":
        return np.arctan(np.pi / 2.0 * ALPHA * x) / np.pi + 0.5
    return np.where(x <= -1, 0.0, np.where(x <= 0, (1 + x) ** 2 / 2,
                                           np.where(x >= 1, 1.0, 1 - (1 - x) ** 2 / 2)))


def heaviside_spike(x, kind):
    return Node((x.value >= 0).astype(np.float64), ((x, lambda g: g * surrogate(x.value, kind)),))


def backprop(out):
    for node in _TAPE:
        node.grad = np.zeros_like(node.value)
    out.grad = np.ones_like(out.value)
    for node in reversed(_TAPE):
        for parent, fn in node.parents:
            parent.grad = parent.grad + fn(node.grad)


def round_half_even(x):
    return np.round(x)  # numpy rounds half to even


def fire(h, h0_t, kind):
    """The spike of potential h and the hard reset's factor 1 - s (detached): (s, keep) nodes.

    With h0_t given (the base potential), the spike is the straight-through smoothed
    H(h0_t - 1) + S(h - 1) - S(h0_t - 1) and keep the constant 1 - H(h0_t - 1) (plain values, for finite
    differences)."""
    x = h - THETA
    if h0_t is None:
        s = heaviside_spike(x, kind)
        hard = detach(s)
    else:
        x0 = h0_t - THETA
        hard = Node((x0 >= 0).astype(np.float64))
        s = Node(hard.value + primitive(x.value, kind) - primitive(x0, kind))
    return s, 1.0 - hard


def after_spike(h, s, keep, reset):
    """The membrane after the spike: h (1 - s) with s detached (ZERO) or h - theta s (SUBTRACT)."""
    return h * keep if reset == "ZERO" else h - s * THETA


def recurrent_kernel(case, d, p, n):
    """(kernel node (N, L) or (N_i, N_o, L) over taps 0 .. L-1 with tap 0 zeroed, L)."""
    sigma = case["sigma"]
    synaptic = case["kind"] == "SYNAPTIC"
    if p is None:
        width = Node(np.full(n, 1.0 + sigma))
    else:
        width = 1.0 + sigmoid(p) * (2.0 * sigma)
    w_shaped = width if not synaptic else Node(np.ones((n, 1))) * width  # (N,) or (N_i, N_o)
    dv = d.value
    max_w = width.value.max()
    taps = int(math.ceil(1.0 + dv.max() + max_w)) + 1
    if case["kernel"] == "ONE_HOT":
        lag = 1 + np.maximum(0.0, round_half_even(dv))
        kernel = Node((np.arange(taps) == lag[..., None]).astype(np.float64))
    else:
        support = Node(np.arange(taps, dtype=np.float64))
        centre = d + 1.0
        dist = absolute(add(Node(np.zeros(dv.shape + (taps,))) + support, neg(reshape_last(centre))))
        wk = reshape_last(w_shaped)
        kernel = relu(wk - dist) / (wk * wk)
    drop_tap_zero = np.ones(kernel.value.shape)
    drop_tap_zero[..., 0] = 0.0
    return kernel * Node(drop_tap_zero), taps


def recurrent_lif(case, a, w, d, p, h0=None):
    """The layer's spike nodes, one (B, N) per step, and its potentials (T, B, N); h0 as in fire()."""
    steps, batch, n = a.value.shape
    synaptic = case["kind"] == "SYNAPTIC"
    beta = 1.0 - 1.0 / case["tau"]
    kernel, taps = recurrent_kernel(case, d, p, n)
    mask = Node(np.asarray(case["mask"])) if case["mask"] is not None else Node(np.ones((batch, n)))
    v = Node(np.zeros((batch, n)))
    spikes, hs = [], []
    for t in range(steps):
        rec = Node(np.zeros((batch, n)))
        for tap in range(1, min(t, taps - 1) + 1):
            k_n = take(kernel, tap, axis=kernel.value.ndim - 1)
            if synaptic:
                rec = rec + matmul(spikes[t - tap], transpose(w * k_n))
            else:
                rec = rec + matmul(spikes[t - tap] * k_n, transpose(w))
        h = v * beta + take(a, t, 0) + mask * rec
        hs.append(h.value.copy())
        s, keep = fire(h, None if h0 is None else h0[t], case["surrogate"])
        v = after_spike(h, s, keep, case["reset"])
        spikes.append(s)
    return spikes, np.stack(hs)


def layer(case, a, w, d, p, h0=None):
    """Builds the layer's computation; returns (loss node, spike values, potential values); h0 as in fire()."""
    spikes, hs = recurrent_lif(case, a, w, d, p, h0)
    loss = Node(0.0)
    lw = np.asarray(case["loss_weights"])
    for t, s in enumerate(spikes):
        loss = loss + total(s * Node(lw[t]))
    return loss, np.stack([s.value for s in spikes]), hs


def reshape_last(node):
    """node (...) -> (..., 1), differentiably."""
    return Node(node.value[..., None], ((node, lambda g: g[..., 0]),))


def kink_margin(case, d, p):
    """Smallest distance of a used tap from a kink of the kernel (|n - 1 - d| = 0 or = w)."""
    if case["kernel"] == "ONE_HOT":
        return float(np.abs(np.abs(d - np.floor(d)) - 0.5).min())
    n = d.shape[-1]
    sigma = case["sigma"]
    w = np.full(n, 1 + sigma) if p is None else 1 + 2 * sigma / (1 + np.exp(-p))
    margin = np.inf
    for tap in range(1, case["steps"]):
        dist = np.abs(tap - 1 - d)
        margin = min(margin, dist.min(), np.abs(dist - w).min())
    return float(margin)


def make_case(rng, name, kind, learned, reset, surrogate_kind, kernel, dropout, sigma, tau):
    steps, batch, n = 12, 2, 3
    case = {"name": name, "kind": kind, "learned_width": learned, "reset": reset, "surrogate": surrogate_kind,
            "kernel": kernel, "sigma": sigma, "tau": tau, "steps": steps, "recurrent_dropout": dropout}
    case["a"] = rng.uniform(-0.3, 1.2, size=(steps, batch, n))
    case["w"] = rng.uniform(-0.9, 0.9, size=(n, n))
    case["d"] = rng.uniform(0.2, 4.5, size=(n,) if kind == "AXONAL" else (n, n))
    case["p"] = rng.uniform(-1.5, 1.5, size=n) if learned else None
    if dropout > 0:
        keep = rng.uniform(size=(batch, n)) >= dropout
        keep[0, 0], keep[1, 1] = False, True
        case["mask"] = keep / (1.0 - dropout)
    else:
        case["mask"] = None
    case["loss_weights"] = rng.uniform(-1, 1, size=(steps, batch, n))
    return case


def solve(case):
    _TAPE.clear()
    a = Node(case["a"])
    w = Node(case["w"])
    d = Node(case["d"])
    p = Node(case["p"]) if case["p"] is not None else None
    loss, s, h = layer(case, a, w, d, p)
    backprop(loss)
    grads = {"da": a.grad, "dw": w.grad, "dd": d.grad, "dp": p.grad if p is not None else None}
    if case["kernel"] == "ONE_HOT":
        grads["dd"] = np.zeros_like(case["d"])
    margin_h = float(np.abs(h - THETA).min())
    assert margin_h > 1e-6, f"{case['name']}: a potential sits on the threshold"
    assert 0.1 < s.mean() < 0.7, f"{case['name']}: spike fraction {s.mean()}"
    assert np.abs(grads["dw"]).max() > 1e-3, f"{case['name']}: the recurrent weights barely matter"
    if case["kernel"] != "ONE_HOT":
        assert np.abs(grads["dd"]).max() > 1e-3, f"{case['name']}: the delays barely matter"
    margin_k = kink_margin(case, case["d"], case["p"])
    assert margin_k > 1e-3, f"{case['name']}: a delay is {margin_k} from a kernel kink"

    def smooth(values):
        _TAPE.clear()
        nodes = [Node(values[k]) if values[k] is not None else None for k in ("a", "w", "d", "p")]
        return float(layer(case, *nodes, h0=h)[0].value)

    worst = 0.0
    params = {"a": case["a"], "w": case["w"], "d": case["d"], "p": case["p"]}
    checked = ["a", "w"] + (["d"] if case["kernel"] != "ONE_HOT" else []) + (["p"] if case["p"] is not None else [])
    assert abs(smooth(params) - float(loss.value)) < 1e-12
    for key in checked:
        arr = params[key]
        g = grads["d" + key]
        for idx in np.ndindex(arr.shape):
            saved = arr[idx]
            arr[idx] = saved + 1e-6
            plus = smooth(params)
            arr[idx] = saved - 1e-6
            minus = smooth(params)
            arr[idx] = saved
            fd = (plus - minus) / 2e-6
            worst = max(worst, abs(fd - g[idx]) / max(abs(fd) + abs(g[idx]), 1e-8))
    assert worst < 1e-6, f"{case['name']}: reverse mode disagrees with finite differences: {worst}"
    print(f"{case['name']}: loss {float(loss.value):.6f}, spikes {int(s.sum())} of {s.size}, "
          f"threshold margin {margin_h:.2e}, kink margin {margin_k:.2e}, worst FD error {worst:.2e}")
    return float(loss.value), s, h, grads


def arr(a):
    if a is None:
        return None
    a = np.asarray(a, dtype=np.float64)
    return {"shape": list(a.shape), "data": [float(v) for v in a.ravel()]}


def write_cases(path, cases):
    """The golden file: {"cases": [...]} as indented JSON."""
    with open(path, "w") as f:
        json.dump({"cases": cases}, f, indent=1)
        f.write("\n")


def main(path):
    rng = np.random.default_rng(20250929)
    specs = [
        ("axonal_fixed_zero_atan", "AXONAL", False, "ZERO", "ATAN", "TRIANGULAR", 0.3, 0.7, 2.0),
        ("synaptic_learned_zero_atan", "SYNAPTIC", True, "ZERO", "ATAN", "TRIANGULAR", 0.3, 0.8, 2.0),
        ("axonal_learned_subtract_triangle", "AXONAL", True, "SUBTRACT", "TRIANGLE", "TRIANGULAR", 0.0, 0.6, 2.0),
        ("synaptic_fixed_subtract_triangle", "SYNAPTIC", False, "SUBTRACT", "TRIANGLE", "TRIANGULAR", 0.2, 0.5, 1.5),
        ("axonal_one_hot_subtract_atan", "AXONAL", False, "SUBTRACT", "ATAN", "ONE_HOT", 0.3, 0.0, 2.0),
    ]
    cases = []
    for spec in specs:
        case = make_case(rng, *spec)
        loss, s, h, grads = solve(case)
        out = {k: case[k] for k in ("name", "kind", "learned_width", "reset", "surrogate", "kernel", "sigma", "tau",
                                    "recurrent_dropout")}
        out.update({"a": arr(case["a"]), "w": arr(case["w"]), "d": arr(case["d"]), "p": arr(case["p"]),
                    "mask": arr(case["mask"]), "loss_weights": arr(case["loss_weights"]), "loss": loss,
                    "spikes": arr(s), "potential": arr(h), "da": arr(grads["da"]), "dw": arr(grads["dw"]),
                    "dd": arr(grads["dd"]), "dp": arr(grads["dp"])})
        cases.append(out)
    write_cases(path, cases)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "golden_delrec.json")
