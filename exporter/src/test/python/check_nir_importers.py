"""Runs the NIR importers of Python SNN simulators on spikeport NIR exports and reports what each does.

Usage: check_nir_importers.py TOLERANCE NETWORK.nir EXPECTED.json [NETWORK.nir EXPECTED.json ...]

EXPECTED.json is the file check_nir.py reads; only its samples (per-step input counts and the readout
membrane spikeport's simulator computed) are used. Each importer is called through its documented entry
with its default arguments, on the graph nir.read returns (the importers and their versions are pinned in
python/requirements-nir-importers.txt; NirImporters.java holds the table of outcomes):

  snnTorch  snntorch.import_nir.import_from_nir(graph)
  Norse     norse.torch.from_nir(graph)
  NIRTorch  nirtorch.nir_to_torch(graph, {})           (node_map is required; {} keeps NIRTorch's own map)
  Rockpool  rockpool.nn.modules.torch.nir.from_nir(graph)
  Sinabs    sinabs.nir.from_nir(graph, batch_size=1)   (one of batch_size, num_timesteps is required)

Prints one line per file and importer, tab-separated:

  RESULT  NETWORK.nir  IMPORTER  VERSION  OUTCOME  DETAIL

OUTCOME is "raises <type>: <first line of the message>" (every node name of the file in the message
replaced by <NIR type of that node>), or, when the import returns a module, "runs; drops <NIR types of
the graph's nodes that have no module, or nothing>; <agrees with | differs from> spikeport's readout".
A returned module is stepped like a NIRTorch executor, out, state = module(x[t], state), with the
float32 input counts of each step; it agrees when its output equals readout_v at every step within
TOLERANCE times the largest |readout_v| (at least 1). DETAIL is the largest difference, or the
traceback's last line. Exits 0 when every importer could be imported and called, whatever it did.
"""

import importlib.metadata
import json
import logging
import re
import sys
import traceback
import warnings

import nir
import numpy as np
import torch

IMPORTERS = [
    ("snnTorch", "snntorch"),
    ("Norse", "norse"),
    ("NIRTorch", "nirtorch"),
    ("Rockpool", "rockpool"),
    ("Sinabs", "sinabs"),
]


def load(name, graph):
    if name == "snnTorch":
        from snntorch.import_nir import import_from_nir
        return import_from_nir(graph)
    if name == "Norse":
        import norse.torch
        return norse.torch.from_nir(graph)
    if name == "NIRTorch":
        import nirtorch
        return nirtorch.nir_to_torch(graph, {})
    if name == "Rockpool":
        from rockpool.nn.modules.torch.nir import from_nir
        return from_nir(graph)
    if name == "Sinabs":
        from sinabs.nir import from_nir
        return from_nir(graph, batch_size=1)
    raise ValueError(name)


def with_types(text, graph):
    """text with each node name of graph replaced by <its NIR type>, longest names first."""
    for node in sorted(graph.nodes, key=len, reverse=True):
        text = re.sub(r"(?<![A-Za-z0-9_])" + re.escape(node) + r"(?![A-Za-z0-9_])",
                      f"<{type(graph.nodes[node]).__name__}>", text)
    return text


def dropped(module, graph):
    """NIR types of the graph's nodes (besides Input and Output) for which the module holds no submodule."""
    present = set()
    if hasattr(module, "graph") and hasattr(module.graph, "node_list"):  # nirtorch.load's GraphExecutor
        present = {n.name for n in module.graph.node_list if n.elem is not None}
    else:
        present = {name for name, _ in module.named_children()}
    missing = [n for n, node in graph.nodes.items()
               if not isinstance(node, (nir.Input, nir.Output)) and n.replace(".", "_") not in present]
    return sorted({type(graph.nodes[n]).__name__ for n in missing})


def run(module, samples):
    """The largest |output - readout_v| over every step of every sample, relative to max(1, max |readout_v|)."""
    largest = 0.0
    for sample in samples:
        want = np.asarray(sample["readout_v"], dtype=np.float64)
        x = np.asarray(sample["input"], dtype=np.float32)
        state = None
        got = []
        with torch.no_grad():
            for t in range(len(want)):
                step = torch.from_numpy(x[t:t + 1]) if t < len(x) else torch.zeros((1, x.shape[1]))
                out, state = module(step, state)
                got.append(np.asarray(out.detach().double().reshape(-1)))
        got = np.stack(got)
        if got.shape != want.shape:
            return float("inf")
        largest = max(largest, float(np.max(np.abs(got - want))) / max(1.0, float(np.max(np.abs(want)))))
    return largest


def outcome(name, nir_file, samples, tolerance):
    graph = nir.read(nir_file)
    try:
        module = load(name, graph)
    except Exception as e:  # noqa: BLE001 - what the importer raises is the finding
        message = (str(e).strip().splitlines() or [""])[0]
        if isinstance(e, KeyError):
            message = repr(e.args[0]) if e.args else ""
        return f"raises {type(e).__name__}: {with_types(message, graph)}", traceback.format_exc().strip().splitlines()[-1]
    drops = ", ".join(dropped(module, graph)) or "nothing"
    try:
        diff = run(module, samples)
    except Exception as e:  # noqa: BLE001
        return (f"loads; raises {type(e).__name__} when run: {with_types(str(e).strip().splitlines()[0], graph)}",
                traceback.format_exc().strip().splitlines()[-1])
    verdict = "agrees with" if diff <= tolerance else "differs from"
    return f"runs; drops {drops}; {verdict} spikeport's readout", f"max relative difference {diff:.3g}"


def main():
    if len(sys.argv) < 4 or len(sys.argv) % 2 != 0:
        print(__doc__)
        return 2
    tolerance = float(sys.argv[1])
    logging.disable(logging.WARNING)
    warnings.simplefilter("ignore")
    for nir_file, expected_file in zip(sys.argv[2::2], sys.argv[3::2]):
        with open(expected_file, encoding="utf-8") as f:
            samples = json.load(f).get("samples", [])
        for name, package in IMPORTERS:
            version = importlib.metadata.version(package)
            result, detail = outcome(name, nir_file, samples, tolerance)
            print("\t".join(["RESULT", nir_file, name, version, result, detail.replace("\t", " ")]), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
