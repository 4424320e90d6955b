"""Checks spikeport NIR exports with the real nir package (pinned in python/requirements.txt).

Usage: check_nir.py [--reader VERSION] NETWORK.nir EXPECTED.json [NETWORK.nir EXPECTED.json ...]

--reader names the nir release that must be the one imported (default 1.0.8, the release the export
follows); 1.0.4, the newest release Sinabs and Rockpool allow, is checked the same way: its LIF has no
v_reset (it resets to 0, the value spikeport writes by omission), and it has no validate_structure and
check_types (its NIRGraph checks types when it is built), and node metadata is not compared (its
nir.read drops a Delay node's metadata and leaves strings in node metadata as bytes).

EXPECTED.json (written by the Java tests) holds:
  nodes:     {name: {"type": NIR class name, <field>: value, ...}}  every node with every field (optional)
  edges:     [[source, destination], ...]                         every edge (optional, with nodes)
  metadata:  graph metadata entries that must be present with these values (optional)
  node_metadata: {name: {key: value}} (optional)
  samples:   [{"input": [T][inputs] per-step input counts,
               "readout_v": [T][classes] readout membrane the Java side computed,
               "spikes": {node: [[step, neuron], ...]} every spike of these nodes (optional)}, ...]

1. Validity: nir.read(NETWORK.nir) with its default arguments (NIR's type inference and checks), then
   NIRGraph.validate_structure and check_types; the graph's only Input is "input" and its only Output
   "output", so nir.read added no node of its own.
2. Conformance: when given, exactly these node types, edges, parameter values and metadata.
3. Behaviour: the read graph is simulated with the importer recipe documented in NirTarget (discrete
   steps of dt from the metadata; a Delay's output depends only on earlier steps when every element
   delays by round(delay / dt) >= 1 steps, so the nodes run in a topological order of the graph without
   the edges into such Delays, cycles included; forward Euler for LIF/LI; LIF and Threshold spike on
   input >= threshold, LIF then resets to v_reset). Its Output must equal readout_v to 1e-9 at every
   step, and the listed nodes must spike exactly as given.

Prints one line per file with the largest readout difference and exits 0 with "ok" when everything
matches, else prints every mismatch and exits 1.
"""

import json
import sys

import numpy as np

import nir

NIR_VERSION = "1.0.8"
TOLERANCE = 1e-9
# Node fields a reader's release may lack, at NIR's default (nir 1.0.4's LIF resets to 0).
FIELD_DEFAULTS = {"v_reset": 0.0}


def check_validity(g, errors):
    try:
        if hasattr(g, "validate_structure"):
            g.validate_structure()
            g.check_types()
    except ValueError as e:
        errors.append(f"NIR's validation failed: {e}")
    inputs = sorted(n for n, node in g.nodes.items() if isinstance(node, nir.Input))
    outputs = sorted(n for n, node in g.nodes.items() if isinstance(node, nir.Output))
    if inputs != ["input"] or outputs != ["output"]:
        errors.append(f"Input nodes {inputs}, Output nodes {outputs}: expected only 'input' and 'output'")


def check_graph(g, expected, errors, node_metadata=True):
    if "nodes" in expected:
        check_nodes(g, expected, errors)
    for key, value in expected.get("metadata", {}).items():
        if key not in g.metadata:
            errors.append(f"graph metadata has no '{key}' (has {sorted(g.metadata)})")
        elif not same_value(g.metadata[key], value):
            errors.append(f"graph metadata '{key}': got {g.metadata[key]!r}, expected {value!r}")
    for name, entries in (expected.get("node_metadata", {}) if node_metadata else {}).items():
        meta = g.nodes[name].metadata if name in g.nodes else {}
        for key, value in entries.items():
            if key not in meta or not same_value(meta[key], value):
                errors.append(f"{name} metadata '{key}': got {meta.get(key)!r}, expected {value!r}")


def check_nodes(g, expected, errors):
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
            elif hasattr(node, field):
                actual = getattr(node, field)
            elif field in FIELD_DEFAULTS:
                actual = np.full(np.shape(value), FIELD_DEFAULTS[field])
            else:
                errors.append(f"{name}: has no field {field}")
                continue
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


def same_value(actual, expected):
    if isinstance(expected, str):
        return isinstance(actual, str) and actual == expected
    return np.array_equal(np.asarray(actual, dtype=np.float64), np.asarray(expected, dtype=np.float64))


class Schedule:
    """The evaluation order of one step: predecessors of every node, Delay lags in steps, and the Delays
    whose output depends only on earlier steps (every lag >= 1), whose incoming edges are left out of the
    topological order."""

    def __init__(self, g):
        dt = float(g.metadata["dt"])
        self.kinds = {n: type(node).__name__ for n, node in g.nodes.items()}
        unknown = {k for k in self.kinds.values()} - {"Input", "Delay", "Affine", "Linear", "Scale", "LIF", "LI",
                                                      "Threshold", "Output"}
        if unknown:
            raise ValueError(f"node types {sorted(unknown)} are not part of spikeport's export")
        self.preds = {n: [a for a, b in g.edges if b == n] for n in g.nodes}
        self.lags = {n: np.rint(np.asarray(node.delay) / dt).astype(int)
                     for n, node in g.nodes.items() if isinstance(node, nir.Delay)}
        self.past_only = {n for n, lag in self.lags.items() if lag.size and lag.min() >= 1}
        deps = {n: [] if n in self.past_only else self.preds[n] for n in g.nodes}
        self.order, done = [], set()
        while len(self.order) < len(g.nodes):
            ready = [n for n in g.nodes if n not in done and all(p in done for p in deps[n])]
            if not ready:
                raise ValueError("the graph has a cycle that passes through no Delay of at least one step")
            self.order += ready
            done.update(ready)


def simulate(g, schedule, x):
    """The importer recipe of NirTarget's Javadoc, written against the NIR node types only. Returns the
    Output's value per step and the spikes (step, neuron) of every LIF and Threshold node."""
    dt = float(g.metadata["dt"])
    steps = len(x)
    kinds, preds = schedule.kinds, schedule.preds
    v = {n: np.zeros(np.shape(g.nodes[n].tau)) for n, k in kinds.items() if k in ("LIF", "LI")}
    history = {n: np.zeros((steps, lag.size)) for n, lag in schedule.lags.items()}
    elements = {n: np.arange(lag.size) for n, lag in schedule.lags.items()}
    spikes = {n: [] for n, k in kinds.items() if k in ("LIF", "Threshold")}
    outputs = []
    for t in range(steps):
        out = {}

        def node_input(name):
            return sum(out[p] for p in preds[name])

        for name in schedule.order:
            node, kind = g.nodes[name], kinds[name]
            if kind == "Input":
                out[name] = np.asarray(x[t], dtype=np.float64)
            elif kind == "Delay":
                if name not in schedule.past_only:
                    history[name][t] = node_input(name)
                src = t - schedule.lags[name]
                out[name] = np.where(src >= 0, history[name][np.maximum(src, 0), elements[name]], 0.0)
            elif kind == "Affine":
                out[name] = node.weight @ node_input(name) + node.bias
            elif kind == "Linear":
                out[name] = node.weight @ node_input(name)
            elif kind == "Scale":
                out[name] = node.scale * node_input(name)
            elif kind in ("LIF", "LI"):
                u = v[name] + dt / node.tau * (node.v_leak - v[name] + node.r * node_input(name))
                if kind == "LIF":
                    spike = u >= node.v_threshold
                    u = np.where(spike, getattr(node, "v_reset", FIELD_DEFAULTS["v_reset"]), u)
                    out[name] = spike.astype(np.float64)
                else:
                    out[name] = u.copy()
                v[name] = u
            elif kind == "Threshold":
                out[name] = (node_input(name) >= node.threshold).astype(np.float64)
            else:
                out[name] = node_input(name)
                outputs.append(out[name])
        for name in schedule.past_only:
            history[name][t] = node_input(name)
        for name in spikes:
            spikes[name] += [[t, int(k)] for k in np.flatnonzero(out[name])]
    return np.array(outputs), spikes


def check_behaviour(g, expected, errors):
    """Simulates every sample; returns the largest readout difference and the spikes compared."""
    schedule = Schedule(g)
    largest, compared = 0.0, 0
    for s, sample in enumerate(expected.get("samples", [])):
        got, spikes = simulate(g, schedule, sample["input"])
        want = np.asarray(sample["readout_v"], dtype=np.float64)
        if got.shape != want.shape:
            errors.append(f"sample {s}: simulated output has shape {got.shape}, expected {want.shape}")
            continue
        diff = float(np.max(np.abs(got - want))) if want.size else 0.0
        largest = max(largest, diff)
        if not diff <= TOLERANCE:
            errors.append(f"sample {s}: simulated readout differs by {diff:.3g} (> {TOLERANCE}):\n{got}\nexpected\n{want}")
        for name, events in sample.get("spikes", {}).items():
            if name not in spikes:
                errors.append(f"sample {s}: {name} is not a LIF or Threshold node")
            elif spikes[name] != events:
                errors.append(f"sample {s}: {name} spiked {len(spikes[name])} times, expected {len(events)};"
                              f" first difference at {first_difference(spikes[name], events)}")
            compared += len(events)
    return largest, compared


def first_difference(got, want):
    for a, b in zip(got, want):
        if a != b:
            return f"got {a}, expected {b}"
    return f"length {len(got)} against {len(want)}"


def check(nir_file, expected_file, reader=NIR_VERSION):
    with open(expected_file, encoding="utf-8") as f:
        expected = json.load(f)
    try:
        g = nir.read(nir_file)
    except Exception as e:  # noqa: BLE001 - any failure of nir.read is the finding
        return [f"nir.read failed: {type(e).__name__}: {e}"]
    errors = []
    check_validity(g, errors)
    check_graph(g, expected, errors, node_metadata=reader == NIR_VERSION)
    if not errors:
        largest, compared = check_behaviour(g, expected, errors)
        print(f"{nir_file}: max |v_nir - v_java| = {largest:.3g} over {len(expected.get('samples', []))} samples,"
              f" {compared} spikes compared")
    return errors


def main():
    args = sys.argv[1:]
    reader = NIR_VERSION
    if args[:1] == ["--reader"] and len(args) >= 2:
        reader, args = args[1], args[2:]
    if len(args) < 2 or len(args) % 2 != 0:
        print(__doc__)
        return 2
    if nir.__version__ != reader:
        print(f"nir {nir.__version__} is imported ({nir.__file__}), the check needs nir {reader}; run ./test.sh")
        return 1
    errors = []
    for nir_file, expected_file in zip(args[0::2], args[1::2]):
        errors += [f"{nir_file}: {e}" for e in check(nir_file, expected_file, reader)]
    for e in errors:
        print("MISMATCH", e)
    if errors:
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
