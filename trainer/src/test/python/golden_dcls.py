"""Golden values for GoldenNetworkTest: a 2-layer DCLS network, forward and manual backward in numpy.

Network (time-major arrays (T, B, C), float64):
    I1 = dcls(x; w1, d1)          (T1 = T + (Td-1)//2 steps)
    y1 = batchnorm_train(I1; gamma, beta)   statistics over (T1, B) per channel, biased variance
    s1 = lif_spiking(y1)          hard reset, detached; atan surrogate, alpha 5, threshold 1
    I2 = dcls(s1; w2, d2)         (T2 = T1 + (Td-1)//2 steps)
    v  = lif_readout(I2)
    loss = mean_b CE(log_softmax(sum_t softmax(v[t, b])), y_b)
Every gradient below is derived by hand from these equations; nothing here calls the Java code.

Regenerate (numpy 1.26):
    python3 -m venv .venv && .venv/bin/pip install numpy==1.26.4
    .venv/bin/python trainer/src/test/python/golden_dcls.py trainer/src/test/python/golden_dcls.json
"""
import json
import sys

import numpy as np

TD = 5
SIGMA = 1.0
TAU = 1.5
EPS_KERNEL = 1e-7
SIGMA_OFFSET = 0.27
BN_EPS = 1e-5
ALPHA = 5.0
THETA = 1.0


def gaussian(d, sigma):
    """g (Td, out, in), z, width, for delays d (out, in)."""
    s = abs(sigma) + SIGMA_OFFSET
    n = np.arange(TD, dtype=np.float64)[:, None, None]
    z = (n - (TD - 1 - d)[None]) / s
    return np.exp(-0.5 * z * z), z, s


def dcls_forward(x, w, d):
    g, z, s = gaussian(d, SIGMA)
    norm = g.sum(axis=0) + EPS_KERNEL
    k = w[None] * g / norm[None]
    t_in, batch, _ = x.shape
    left, right = TD - 1, (TD - 1) // 2
    xp = np.concatenate([np.zeros((left, batch, x.shape[2])), x, np.zeros((right, batch, x.shape[2]))])
    t_out = t_in + right
    out = np.zeros((t_out, batch, w.shape[0]))
    for t in range(t_out):
        for n in range(TD):
            out[t] += xp[t + n] @ k[n].T
    return out, (xp, g, z, s, norm, k, t_in)


def dcls_backward(d_out, w, cache):
    xp, g, z, s, norm, k, t_in = cache
    t_out = d_out.shape[0]
    dk = np.zeros_like(k)
    dxp = np.zeros_like(xp)
    for t in range(t_out):
        for n in range(TD):
            dk[n] += d_out[t].T @ xp[t + n]
            dxp[t + n] += d_out[t] @ k[n]
    # k = w g / N with N = sum_n g + eps; z = (n - (Td - 1 - d)) / s so dz/dd = 1/s and dg/dd = -g z / s
    dg_dd = -g * z / s
    dnorm_dd = dg_dd.sum(axis=0)
    dw = (dk * g).sum(axis=0) / norm
    dk_dd = w[None] * (dg_dd / norm[None] - g * dnorm_dd[None] / norm[None] ** 2)
    dd = (dk * dk_dd).sum(axis=0)
    dx = dxp[TD - 1:TD - 1 + t_in]
    return dx, dw, dd


def bn_forward(x, gamma, beta):
    flat = x.reshape(-1, x.shape[2])
    mu = flat.mean(axis=0)
    var = ((flat - mu) ** 2).mean(axis=0)
    xhat = (flat - mu) / np.sqrt(var + BN_EPS)
    y = gamma * xhat + beta
    return y.reshape(x.shape), (xhat, var, x.shape)


def bn_backward(dy, gamma, cache):
    xhat, var, shape = cache
    dyf = dy.reshape(-1, shape[2])
    m = dyf.shape[0]
    dgamma = (dyf * xhat).sum(axis=0)
    dbeta = dyf.sum(axis=0)
    dxhat = dyf * gamma
    inv = 1.0 / np.sqrt(var + BN_EPS)
    # chain through mu and var explicitly (the textbook three-term form)
    xmu = xhat / inv
    dvar = (dxhat * xmu * -0.5 * inv ** 3).sum(axis=0)
    dmu = (-dxhat * inv).sum(axis=0) + dvar * (-2.0 * xmu).mean(axis=0)
    dx = dxhat * inv + dvar * 2.0 * xmu / m + dmu / m
    return dx.reshape(shape), dgamma, dbeta


def surrogate(x):
    return ALPHA / 2.0 / (1.0 + (np.pi / 2.0 * ALPHA * x) ** 2)


def lif_forward(current, spiking):
    v = np.zeros(current.shape[1:])
    hs, ss = [], []
    for t in range(current.shape[0]):
        h = v - v / TAU + current[t]
        hs.append(h)
        if spiking:
            s = (h >= THETA).astype(np.float64)
            ss.append(s)
            v = h * (1.0 - s)
        else:
            v = h
    h = np.stack(hs)
    return (np.stack(ss) if spiking else h), h


def lif_backward(d_out, h, spikes, spiking):
    grad = np.zeros_like(h)
    dv_next = np.zeros(h.shape[1:])
    for t in reversed(range(h.shape[0])):
        if spiking:
            dh = d_out[t] * surrogate(h[t] - THETA) + dv_next * (1.0 - spikes[t])
        else:
            dh = d_out[t] + dv_next
        grad[t] = dh
        dv_next = dh * (1.0 - 1.0 / TAU)
    return grad


def softmax(a, axis):
    e = np.exp(a - a.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def loss_forward_backward(v, labels):
    p = softmax(v, axis=2)
    m = p.sum(axis=0)
    logq = m - m.max(axis=1, keepdims=True)
    logq = logq - np.log(np.exp(logq).sum(axis=1, keepdims=True))
    batch = v.shape[1]
    loss = -logq[np.arange(batch), labels].mean()
    onehot = np.eye(v.shape[2])[labels]
    dm = (np.exp(logq) - onehot) / batch
    dv = np.zeros_like(v)
    for t in range(v.shape[0]):
        for b in range(batch):
            jac = np.diag(p[t, b]) - np.outer(p[t, b], p[t, b])
            dv[t, b] = jac @ dm[b]
    return loss, m.argmax(axis=1), dv


def main(path):
    rng = np.random.default_rng(20240501)
    t_in, batch, n_in, n_hid, n_cls = 6, 3, 3, 4, 3
    x = rng.integers(0, 3, size=(t_in, batch, n_in)).astype(np.float64)
    labels = np.array([0, 2, 1])
    w1 = rng.uniform(-1.2, 1.2, size=(n_hid, n_in))
    d1 = rng.uniform(0, TD - 1, size=(n_hid, n_in))
    w2 = rng.uniform(-1.2, 1.2, size=(n_cls, n_hid))
    d2 = rng.uniform(0, TD - 1, size=(n_cls, n_hid))
    gamma = rng.uniform(0.8, 1.4, size=n_hid)
    beta = rng.uniform(-0.2, 0.3, size=n_hid)

    i1, c1 = dcls_forward(x, w1, d1)
    y1, cb = bn_forward(i1, gamma, beta)
    s1, h1 = lif_forward(y1, True)
    i2, c2 = dcls_forward(s1, w2, d2)
    v, _ = lif_forward(i2, False)
    loss, pred, dv = loss_forward_backward(v, labels)
    margin = np.abs(h1 - THETA).min()
    assert margin > 1e-6, "a membrane sits on the threshold; pick another seed"
    assert 0 < s1.sum() < s1.size, "hidden layer must spike sometimes"

    di2 = lif_backward(dv, v, None, False)
    ds1, dw2, dd2 = dcls_backward(di2, w2, c2)
    dy1 = lif_backward(ds1, h1, s1, True)
    di1, dgamma, dbeta = bn_backward(dy1, gamma, cb)
    _, dw1, dd1 = dcls_backward(di1, w1, c1)

    # Self-check of the manual backward against central differences of a forward in which each
    # spike output is replaced by atan(pi/2 alpha x)/pi + 1/2 (derivative = the surrogate) while the
    # reset keeps the hard spike: the function the surrogate gradient differentiates exactly.
    def smooth_loss(pw1, pd1, pw2, pd2, pg, pb):
        a, _ = dcls_forward(x, pw1, pd1)
        a, _ = bn_forward(a, pg, pb)
        vv = np.zeros(a.shape[1:])
        outs = []
        for t in range(a.shape[0]):
            h = vv - vv / TAU + a[t]
            outs.append(np.arctan(np.pi / 2 * ALPHA * (h - THETA)) / np.pi + 0.5)
            vv = h * (1.0 - (h >= THETA))
        smooth = np.stack(outs)
        hard_term = s1 - (np.arctan(np.pi / 2 * ALPHA * (h1 - THETA)) / np.pi + 0.5)
        a, _ = dcls_forward(smooth + hard_term, pw2, pd2)
        a, _ = lif_forward(a, False)
        return loss_forward_backward(a, labels)[0]

    params = [w1, d1, w2, d2, gamma, beta]
    grads = [dw1, dd1, dw2, dd2, dgamma, dbeta]
    worst = 0.0
    for which, (p, g) in enumerate(zip(params, grads)):
        for idx in np.ndindex(p.shape):
            saved = p[idx]
            p[idx] = saved + 1e-6
            plus = smooth_loss(*params)
            p[idx] = saved - 1e-6
            minus = smooth_loss(*params)
            p[idx] = saved
            fd = (plus - minus) / 2e-6
            worst = max(worst, abs(fd - g[idx]) / max(abs(fd) + abs(g[idx]), 1e-8))
    assert worst < 1e-5, f"manual backward disagrees with finite differences: {worst}"
    print("self-check: max relative error vs finite differences", worst)

    def arr(a):
        a = np.asarray(a, dtype=np.float64)
        return {"shape": list(a.shape), "data": [float(v) for v in a.ravel()]}

    out = {
        "taps": TD, "sigma": SIGMA, "tau": TAU,
        "x": arr(x), "labels": [int(c) for c in labels],
        "w1": arr(w1), "d1": arr(d1), "w2": arr(w2), "d2": arr(d2), "gamma": arr(gamma), "beta": arr(beta),
        "spikes1": arr(s1), "v": arr(v), "loss": float(loss), "predictions": [int(c) for c in pred],
        "dv": arr(dv), "dw1": arr(dw1), "dd1": arr(dd1), "dw2": arr(dw2), "dd2": arr(dd2),
        "dgamma": arr(dgamma), "dbeta": arr(dbeta), "min_threshold_margin": float(margin),
    }
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("loss", loss, "spikes", int(s1.sum()), "of", s1.size, "margin", margin)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "golden_dcls.json")
