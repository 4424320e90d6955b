"""Checks a spikeport NIR export with the real nir package (pinned in python/requirements.txt).

Usage: check_nir.py NETWORK.nir EXPECTED.json

EXPECTED.json (written by NirTargetTest) holds:
  nodes:     {name: {"type": NIR class name, <field>: value, ...}}  every field of every node
  edges:     [[source, destination], ...]
  metadata:  graph metadata entries that must be present with these values
  node_metadata: {name: {key: value}}
  input:     [T][inputs] per-step input counts
  readout_v: [T][classes] readout membrane the Java reference simulation computed

1. Conformance: nir.read(NETWORK.nir) must give exactly these node types, edges and parameter values.
2. Behaviour: the read graph is simulated with the importer recipe documented in NirTarget (discrete
   steps of dt from the metadata, nodes in topological order within a step, Delay by round(delay / dt)
   steps, forward Euler for LIF/LI, spike on v >= v_threshold with reset to v_reset); its Output must
   equal readout_v to 1e-9.

Exits 0 and prints "ok" when everything matches, else prints every mismatch and exits 1.
"""

import json
import sys

import numpy as np

import nir

NIR_VERSION = "1.0.8"
TOLERANCE = 1e-9


def check_graph(g, expected, errors):
    names = set(g.nodes)
    want = set(expected["nodes"])
    if names != want:
        errors.append(f"nodes: got {sorted(names)}, expected {sorted(want)}")
    for name in sorted(names & want):
        node = g.nodes[name]
        spec = dict(expected["nodes"][name])
        kind = spec.pop("type")
        if type(node).__name__ != kind:
            errors.append(f"{name}: type {type(node).__name__}, expected {kind}")
            continue
        for field, value in spec.items():
            if field == "shape":
                actual = node.input_type["input"] if kind == "Input" else node.output_type["output"]
            elif not hasattr(node, field):
                errors.append(f"{name}: has no field {field}")
                continue
            else:
                actual = getattr(node, field)
            a = np.asarray(actual, dtype=np.float64)
            e = np.asarray(value, dtype=np.float64)
            if a.shape != e.shape or not np.array_equal(a, e):
                errors.append(f"{name}.{field}: got {a.tolist()}, expected {e.tolist()}")
    edges = {tuple(e) for e in g.edges}
    want_edges = {tuple(e) for e in expected["edges"]}
    if len(g.edges) != len(edges):
        errors.append(f"edges contain duplicates: {g.edges}")
    if edges != want_edges:
        errors.append(f"edges: missing {sorted(want_edges - edges)}, unexpected {sorted(edges - want_edges)}")
    for key, value in expected["metadata"].items():
        if key not in g.metadata:
            errors.append(f"graph metadata has no '{key}' (has {sorted(g.metadata)})")
        elif not same_value(g.metadata[key], value):
            errors.append(f"graph metadata '{key}': got {g.metadata[key]!r}, expected {value!r}")
    for name, entries in expected["node_metadata"].items():
        meta = g.nodes[name].metadata if name in g.nodes else {}
        for key, value in entries.items():
            if key not in meta or not same_value(meta[key], value):
                errors.append(f"{name} metadata '{key}': got {meta.get(key)!r}, expected {value!r}")


def same_value(actual, expected):
    if isinstance(expected, str):
        return isinstance(actual, str) and actual == expected
    return np.array_equal(np.asarray(actual, dtype=np.float64), np.asarray(expected, dtype=np.float64))


def topological_order(g):
    preds = {n: [a for a, b in g.edges if b == n] for n in g.nodes}
    order, done = [], set()
    while len(order) < len(g.nodes):
        ready = [n for n in g.nodes if n not in done and all(p in done for p in preds[n])]
        if not ready:
            raise ValueError("the graph has a cycle")
        for n in ready:
            order.append(n)
            done.add(n)
    return order, preds


def simulate(g, x):
    """The importer recipe of NirTarget's Javadoc, written against the NIR node types only."""
    dt = float(g.metadata["dt"])
    order, preds = topological_order(g)
    v = {n: np.zeros(np.shape(node.tau)) for n, node in g.nodes.items() if isinstance(node, (nir.LIF, nir.LI))}
    history = {n: [] for n, node in g.nodes.items() if isinstance(node, nir.Delay)}
    outputs = []
    for t in range(len(x)):
        out = {}
        for name in order:
            node = g.nodes[name]
            if isinstance(node, nir.Input):
                out[name] = np.asarray(x[t], dtype=np.float64)
                continue
            i = sum(out[p] for p in preds[name])
            if isinstance(node, nir.Delay):
                history[name].append(i)
                steps = np.rint(np.asarray(node.delay) / dt).astype(int)
                out[name] = np.array([history[name][t - s][e] if t - s >= 0 else 0.0 for e, s in enumerate(steps)])
            elif isinstance(node, nir.Affine):
                out[name] = node.weight @ i + node.bias
            elif isinstance(node, nir.Linear):
                out[name] = node.weight @ i
            elif isinstance(node, (nir.LIF, nir.LI)):
                u = v[name] + dt / node.tau * (node.v_leak - v[name] + node.r * i)
                if isinstance(node, nir.LIF):
                    spike = u >= node.v_threshold
                    u = np.where(spike, node.v_reset, u)
                    out[name] = spike.astype(np.float64)
                else:
                    out[name] = u.copy()
                v[name] = u
            elif isinstance(node, nir.Output):
                out[name] = i
                outputs.append(i)
            else:
                raise ValueError(f"{name}: node type {type(node).__name__} is not part of spikeport's export")
    return np.array(outputs)


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    if nir.__version__ != NIR_VERSION:
        print(f"nir {nir.__version__} is installed, the export targets {NIR_VERSION}; run ./test.sh")
        return 1
    with open(sys.argv[2], encoding="utf-8") as f:
        expected = json.load(f)
    g = nir.read(sys.argv[1])
    errors = []
    check_graph(g, expected, errors)
    if not errors:
        got = simulate(g, expected["input"])
        want = np.asarray(expected["readout_v"], dtype=np.float64)
        if got.shape != want.shape:
            errors.append(f"simulated output has shape {got.shape}, expected {want.shape}")
        else:
            diff = np.max(np.abs(got - want))
            print(f"max |v_nir - v_java| = {diff:.3g}")
            if not diff <= TOLERANCE:
                errors.append(f"simulated readout differs by {diff:.3g} (> {TOLERANCE}):\n{got}\nexpected\n{want}")
    for e in errors:
        print("MISMATCH", e)
    if errors:
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
