"""Golden values for ReferenceBinningGoldenTest: the steps the reference code's SHD/SSC loader gives each
event (SpikingJelly's fixed-duration frames of 2023, as SNN-delays trained with), recomputed here in numpy.

Rule: times in ms are m = 1000 * t, computed in the dtype NumPy 1.x gives (float32 for float16 or float32
times, float64 for float64 times). A window opens at the first event not yet placed, at a = m[first], and
takes every following event with m[k] - a <= 10 (the difference in that same dtype); the next window opens
at the next event. Window w is step w, so time before the first event and gaps longer than a window
produce no steps.

Cases: float16 samples shaped like SHD (clusters of events, silences, repeated times, events exactly one
window apart) and float64 samples on a 2.5 ms grid (many differences of exactly 10 ms).
Nothing here calls the Java code.

Regenerate (numpy 1.26):
    python3 -m venv .venv && .venv/bin/pip install numpy==1.26.4
    .venv/bin/python trainer/src/test/python/golden_reference_binning.py trainer/src/test/python/golden_reference_binning.json
"""
import json
import sys

import numpy as np

WINDOW_MS = 10


def reference_steps(times):
    """Step of every event, by opening a window at each event that no earlier window took."""
    ms = 1000 * times
    steps = np.empty(len(times), dtype=np.int64)
    window = -1
    anchor = None
    for k in range(len(times)):
        if anchor is None or ms[k] - anchor > WINDOW_MS:
            window += 1
            anchor = ms[k]
        steps[k] = window
    return steps


def float16_sample(rng):
    bursts = rng.integers(2, 6)
    starts = np.sort(rng.uniform(0.0, 1.1, bursts))
    parts = []
    for s in starts:
        n = rng.integers(3, 25)
        parts.append(s + np.cumsum(rng.exponential(0.004, n)))
    times = np.sort(np.concatenate(parts + [starts + 0.01]))
    return times.astype(np.float16)


def float64_sample(rng):
    grid = np.sort(rng.choice(np.arange(0, 400), size=60, replace=True))
    return grid * 0.0025


def main(path):
    rng = np.random.default_rng(20231)
    cases = []
    for _ in range(8):
        cases.append(float16_sample(rng))
    for _ in range(3):
        cases.append(float64_sample(rng))
    out = {"numpy": np.__version__, "window_ms": WINDOW_MS, "cases": []}
    for times in cases:
        times = np.sort(times)
        out["cases"].append({
            "dtype": str(times.dtype),
            "times": [float(t) for t in times],
            "steps": [int(s) for s in reference_steps(times)],
        })
    with open(path, "w", encoding="ascii") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
