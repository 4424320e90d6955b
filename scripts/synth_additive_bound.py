#!/usr/bin/env python3
"""How well can evidence that is *summed over time* decide the long-order synthetic task?

A network whose every output step sees one window of the input (a feed-forward delay network) learns
nothing about the long-order class from any single window, but spikeport's readout decides on
sum_t softmax(v[t]): it can add what the windows around the first cue say about the first word to what
the windows around the second cue say about the second. The best it can do that way, on noise-free
cue words, is the best rule

    class = argmax_c  a_c(first word) + b_c(second word)        (any real a, b)

for the task's relation class = (second - first) mod K, all K^2 word pairs equally likely. This
script finds that rule exactly (a mixed-integer program, HiGHS through scipy), also for a readout that
cannot tell the first cue from the second (a = b), and prints the fraction of word pairs it gets right.

Usage: .venv/bin/python scripts/synth_additive_bound.py [K ...]     (default K = 4, the task's default)
Needs numpy and scipy (both in the test venv, python/requirements.txt).
"""
import sys

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp


def best_additive_rule(k, symmetric):
    """Largest number of the k*k word pairs an additive rule classifies correctly, and the rule."""
    big = 2.0 * k * k  # scores lie in [-k^2/2, k^2/2]; a margin of 1 separates a correct pair
    pairs = [(i, j, (j - i) % k) for i in range(k) for j in range(k)]
    n_a = k * k
    n_b = 0 if symmetric else k * k
    n = n_a + n_b + len(pairs)

    def a(c, w):
        return c * k + w

    def b(c, w):
        return a(c, w) if symmetric else n_a + c * k + w

    rows, lower = [], []
    for p, (i, j, y) in enumerate(pairs):
        for c in range(k):
            if c == y:
                continue
            r = np.zeros(n)
            r[a(y, i)] += 1
            r[b(y, j)] += 1
            r[a(c, i)] -= 1
            r[b(c, j)] -= 1
            r[n_a + n_b + p] = -2 * big  # pair p right => its class wins by at least 1
            rows.append(r)
            lower.append(1 - 2 * big)
    cost = np.zeros(n)
    cost[n_a + n_b:] = -1
    integrality = np.zeros(n)
    integrality[n_a + n_b:] = 1
    lo = np.full(n, -big / 4)
    hi = np.full(n, big / 4)
    lo[n_a + n_b:] = 0
    hi[n_a + n_b:] = 1
    res = milp(cost, constraints=LinearConstraint(np.array(rows), lower, np.inf),
               integrality=integrality, bounds=Bounds(lo, hi))
    if res.status != 0:
        raise SystemExit(f"K={k}: the solver did not prove an optimum ({res.message})")
    x = res.x
    table = [[int(np.argmax([x[a(c, i)] + x[b(c, j)] for c in range(k)])) for j in range(k)]
             for i in range(k)]
    right = sum(table[i][j] == (j - i) % k for i in range(k) for j in range(k))
    assert right == round(-res.fun), (right, res.fun)
    return right, table


def main():
    ks = [int(v) for v in sys.argv[1:]] or [4]
    for k in ks:
        print(f"K = {k} words and classes, {k * k} word pairs, chance {1 / k:.3f}")
        for symmetric, what in ((False, "readout knows which cue is first"),
                                (True, "readout cannot tell the cues apart")):
            right, table = best_additive_rule(k, symmetric)
            print(f"  {what}: best additive rule right on {right} of {k * k} pairs ({right / (k * k):.4f})")
            print("    its class for (first word row, second word column): "
                  + "; ".join(" ".join(str(c) for c in row) for row in table))


if __name__ == "__main__":
    main()
