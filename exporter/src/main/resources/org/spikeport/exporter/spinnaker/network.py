#!/usr/bin/env python3
"""Runs a network exported by `spikeport export --target spinnaker` with PyNN.

    python network.py [--backend spinnaker|nest] [--input FILE] [--steps N] [--out FILE.npz]

Files beside this script (written by spikeport):
  network.json        neurons and their parameters per layer, in PyNN units (see "units" below); a
                      layer's "connections" names its synapse files by PyNN receptor type
  conn_<i>_<name>_exc.txt, conn_<i>_<name>_inh.txt
                      synapses of layer i, one file per sign (a file only for a sign that has
                      synapses), one "pre post weight delay" line each (PyNN's FromFileConnector text
                      layout); weight in nA: > 0 in _exc (receptor_type "excitatory"), < 0 in _inh
                      (receptor_type "inhibitory": PyNN's sign convention for current synapses;
                      sPyNNaker stores the magnitude in the inhibitory synapse type, and refuses a
                      projection that mixes signs); delay in ms = time steps. Load each file into its
                      own projection with its receptor type.
  conn_<i>_<name>_recurrent_exc.txt, conn_<i>_<name>_recurrent_inh.txt
                      a recurrent layer's synapses from its own neurons to its own neurons (the
                      layer's "recurrent_connections" in network.json), same layout and signs:
                      projections from the population to itself
  sample_input.csv    the default input: "step,channel,count" lines

Setting up sPyNNaker (the spinnaker backend; 7.4.1 is the release this script was checked against
on its virtual board, which builds the network and its data but runs nothing)
  python3 -m venv venv && venv/bin/pip install sPyNNaker     (pulls PyNN, numpy and SpiNNaker's tools)
  venv/bin/python -m spynnaker.pyNN.setup_pynn               (installs pyNN.spiNNaker into PyNN)
  ~/.spynnaker.cfg: a [Machine] section with machine_name = <board IP> (or spalloc_server = ...)
                    for a board, or virtual_board = True and version = 5 to build without one
  then: venv/bin/python network.py --backend spinnaker

Input pacing
  network.json's input_spikes_per_core_per_step (from the hardware profile) is what one input-source
  core is taken to send in a 1 ms step at real time. When a step of the input makes one core of the
  SpikeSourceArray send more, the script prints it and runs sPyNNaker with time_scale_factor =
  ceil(spikes / that figure), so that each step gets that many ms of wall-clock time; the network
  computes the same, only slower.

Backends
  spinnaker  sPyNNaker (pyNN.spiNNaker) on SpiNNaker 1: IF_curr_delta neurons, which compute in
             s16.15 fixed point what spikeport's simulator computes (spinnaker-lif-s1615).
  nest       a software check with NEST through pyNN.nest, in floating point. PyNN maps IF_curr_delta
             to NEST's iaf_psc_delta_ps, which needs a refractory period of at least one step; the
             trained model has none, so this backend uses NEST's native iaf_psc_delta with t_ref = 0,
             and converts the SpiNNaker parameters to the same dynamics (see nest_layer).

Units and timing
  One time step of the trained model is one PyNN time step of 1 ms (the network runs time-scaled:
  a 10 ms bin of the recording takes 1 ms). An input count c of channel j at step t is c spikes at
  t ms from c copies of channel j's source (the SpikeSourceArray has inputs * max-count neurons).
  A synapse with delay D ms delivers a spike sent at step t in the update of step t + D; this holds
  for recurrent synapses too (D >= 1), whose delays are the trained lags as they are.
  On SpiNNaker, V' = alpha - exp_TC (alpha - V) with alpha = I R + v_rest, exp_TC = exp(-dt/tau_m),
  R = tau_m / cm = 1 MOhm, v_rest = 0 and I = (delta inputs) / dt + i_offset; so one step moves V
  by (1 - exp_TC) (I - V). A readout neuron has v_thresh at the largest s16.15 value: it never
  spikes; its membrane is recorded. "v_unit" converts a membrane in mV to the trained model's units.

Output (--out, default output.npz beside this script)
  spikes_<i>   int64 (n, 2): step and neuron index of every spike of layer i
  readout_mv   float64 (steps, classes): the readout membrane after the update of each step, in mV
  readout      readout_mv * v_unit: the trained model's readout membrane
  The prediction is argmax over classes of the sum over steps of softmax(readout[t]).
"""
import argparse
import json
import math
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def load_input(path, inputs):
    """Counts per step and channel, int array (steps, inputs), from .csv or .npy."""
    if path.endswith(".npy"):
        counts = np.load(path).astype(np.int64)
        if counts.ndim != 2 or counts.shape[1] != inputs:
            sys.exit(f"{path}: expected an array of shape (steps, {inputs}), got {counts.shape}")
    else:
        rows = np.loadtxt(path, delimiter=",", comments="#", skiprows=1, dtype=np.int64, ndmin=2)
        steps = int(rows[:, 0].max()) + 1 if len(rows) else 0
        counts = np.zeros((steps, inputs), dtype=np.int64)
        for step, channel, count in rows:
            if not 0 <= channel < inputs:
                sys.exit(f"{path}: channel {channel} is outside 0..{inputs - 1}")
            counts[step, channel] += count
    if (counts < 0).any():
        sys.exit(f"{path}: counts must be >= 0")
    return counts


def load_connections(files):
    """The synapses of files ({receptor type: file name}, from network.json) as {receptor type: [(pre,
    post, weight nA, delay ms)]}; excitatory weights are > 0, inhibitory ones < 0."""
    out = {}
    for receptor, name in files.items():
        data = np.loadtxt(os.path.join(HERE, name), comments="#", ndmin=2)
        out[receptor] = [(int(i), int(j), float(w), float(d)) for i, j, w, d in data]
    return out


def max_spikes_per_core_per_step(counts, inputs, neurons_per_core):
    """The most spikes one core of the input SpikeSourceArray sends in one step: a count c of channel j
    fires source neurons k * inputs + j for k < c, and neuron n sits on core n // neurons_per_core
    (None: one core)."""
    copies = max(1, int(counts.max()) if counts.size else 1)
    per_core = neurons_per_core or copies * inputs
    most = 0
    for step in range(counts.shape[0]):
        sent = {}
        for channel in np.nonzero(counts[step])[0]:
            for k in range(int(counts[step, channel])):
                core = (k * inputs + int(channel)) // per_core
                sent[core] = sent.get(core, 0) + 1
        most = max([most] + list(sent.values()))
    return most


def spinnaker_layer(sim, layer):
    """An IF_curr_delta population with the exported s16.15 parameters and ring-buffer sizing."""
    cell = sim.IF_curr_delta(tau_m=layer["tau_m"], cm=layer["cm"], v_rest=layer["v_rest"],
                             v_reset=layer["v_reset"], v_thresh=layer["v_thresh"],
                             tau_refrac=0.0, i_offset=layer["i_offset"])
    weights = layer["max_expected_summed_weight"]
    try:
        # fixes the ring-buffer left shifts spikeport quantized the weights for: one per synapse type
        # for every incoming projection, the recurrent one included
        pop = sim.Population(layer["size"], cell, label=layer["name"], max_expected_summed_weight=weights)
    except TypeError:
        print(f"warning: this sPyNNaker has no max_expected_summed_weight; it chooses its own ring-buffer "
              f"shifts for {layer['name']}, so weights may be rounded differently from the export",
              file=sys.stderr)
        pop = sim.Population(layer["size"], cell, label=layer["name"])
    pop.initialize(v=0.0)
    return pop, "v"


def check_ring_buffer_shifts(net, pops):
    """Prints the ring-buffer left shifts sPyNNaker chose for each population beside the ones the weights
    were quantized for (network.json's shift_exc, shift_inh); a difference means sPyNNaker rounds the
    weights differently from the export. Reads PopulationApplicationVertex.get_ring_buffer_shifts()
    (sPyNNaker 7.x) through the population's _vertex; says so when that is missing."""
    for (pop, _), layer in zip(pops, net["layers"]):
        expected = [layer["shift_exc"], layer["shift_inh"]]
        try:
            chosen = [int(s) for s in pop._vertex.get_ring_buffer_shifts()]
        except AttributeError:
            print(f"ring-buffer shifts of {layer['name']}: this sPyNNaker does not expose them; "
                  f"the export expects {expected}", file=sys.stderr)
            continue
        verdict = "equal" if chosen[:2] == expected else "DIFFERENT: weights are rounded otherwise"
        print(f"ring-buffer shifts of {layer['name']}: sPyNNaker {chosen[:2]}, network.json {expected} "
              f"({verdict})")


def nest_layer(sim, layer):
    """NEST's iaf_psc_delta with the same dynamics in floating point.

    iaf_psc_delta: V(t+1) = P33 V(t) + (1 - P33) (tau_m / C_m) I_e + (weights arriving), with
    P33 = exp(-dt / tau_m). SpiNNaker moves V by (1 - exp_TC) * (input in nA) per step, so a weight
    of w nA becomes a jump of (1 - exp_TC) w mV (see nest_weight), and I_e (pA) = i_offset (nA) with
    C_m (pF) = tau_m makes the bias term equal. NEST runs one update before the trained model's
    step 0 (see the timing in main); the initial V_m = -(1 - P33) I_e / P33 makes that update end at
    V = 0 (when P33 < 1e-6 the membrane forgets it within a step and V_m starts at 0).
    """
    cell_type = sim.native_cell_type("iaf_psc_delta")
    i_offset = np.asarray(layer["i_offset"], dtype=float)
    p33 = math.exp(-1.0 / layer["tau_m"])
    cell = cell_type(tau_m=layer["tau_m"], C_m=layer["tau_m"], E_L=0.0, V_reset=layer["v_reset"],
                     V_th=layer["v_thresh"], t_ref=0.0, I_e=0.0, V_min=-1.0e9)
    pop = sim.Population(layer["size"], cell, label=layer["name"])
    pop.set(I_e=i_offset)
    pop.initialize(V_m=-(1.0 - p33) * i_offset / p33 if p33 >= 1e-6 else np.zeros(layer["size"]))
    return pop, "V_m"


def nest_weight(layer, w):
    """A SpiNNaker weight (nA of delta input) as NEST's membrane jump; pyNN.nest multiplies weights
    by 1000 (nA -> pA), which is undone here."""
    return (1.0 - math.exp(-1.0 / layer["tau_m"])) * w / 1000.0


def project(sim, backend, pre, pop, layer, conns, label):
    """The projections of conns ({receptor type: [(pre index, post index, weight nA, delay ms)]}) from
    pre to pop."""
    if backend == "spinnaker":
        # one projection per receptor type; inhibitory weights stay negative (PyNN's convention for
        # current synapses, sPyNNaker stores their magnitude); both share the population's ring-buffer
        # shift of their synapse type
        groups = [(receptor, chosen) for receptor, chosen in conns.items()]
    else:
        # NEST's iaf_psc_delta has one input port that takes signed jumps
        groups = [("excitatory", [(i, j, nest_weight(layer, w), d)
                                  for receptor in ("excitatory", "inhibitory")
                                  for (i, j, w, d) in conns.get(receptor, [])])]
    for receptor, chosen in groups:
        if chosen:
            sim.Projection(pre, pop, sim.FromListConnector(chosen, column_names=["weight", "delay"]),
                           receptor_type=receptor, label=f"{label}_{receptor}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", choices=["spinnaker", "nest"], default="spinnaker")
    parser.add_argument("--input", default=os.path.join(HERE, "sample_input.csv"),
                        help="counts per step and channel: .csv (step,channel,count) or .npy (steps, inputs)")
    parser.add_argument("--steps", type=int, default=None,
                        help="steps to run (default: input steps + trailing steps + one per layer)")
    parser.add_argument("--out", default=os.path.join(HERE, "output.npz"))
    args = parser.parse_args()

    with open(os.path.join(HERE, "network.json")) as f:
        net = json.load(f)
    dt = net["dt_ms"]
    counts = load_input(args.input, net["inputs"])
    steps = args.steps if args.steps is not None else (
        counts.shape[0] + net["trailing_steps"] + net["latency_steps"])
    copies = max(1, int(counts.max()) if counts.size else 1)
    connections = [load_connections(layer["connections"]) for layer in net["layers"]]
    recurrent = [load_connections(layer.get("recurrent_connections", {})) for layer in net["layers"]]
    max_delay = max([dt] + [d for conns in connections + recurrent for chosen in conns.values()
                            for (_, _, _, d) in chosen])
    # a step needs time_scale_factor real ms when its busiest input core sends more spikes than one core
    # can at real time (network.json's input_spikes_per_core_per_step, from the hardware profile)
    limit = net.get("input_spikes_per_core_per_step")
    busiest = max_spikes_per_core_per_step(counts, net["inputs"], net.get("neurons_per_core"))
    time_scale_factor = 1 if limit is None or busiest <= limit else -(-busiest // limit)
    if time_scale_factor > 1:
        print(f"input pacing: up to {busiest} spikes per core in one step, over the {limit} a core sends "
              f"per ms: time_scale_factor {time_scale_factor}")

    # Step s of the trained model is the neuron update at PyNN time (s + shift) ms; the readout
    # after step s is the V sample at time s + first. sPyNNaker updates every neuron from time 0 and
    # records V before each update: shift 0, first 1. pyNN.nest emits a source spike at t through a
    # parrot neuron fed at t - min_delay, so the earliest input time is 2 ms; NEST's sample at time T
    # shows the update ending at T: shift 2, first 2 (the update ending at 1 ms is not a step of the
    # trained model; nest_layer makes it end at V = 0).
    if args.backend == "spinnaker":
        import pyNN.spiNNaker as sim
        if time_scale_factor > 1:
            sim.setup(timestep=dt, time_scale_factor=time_scale_factor)
        else:
            sim.setup(timestep=dt)
        make_layer = spinnaker_layer
        shift, first = 0, 1
    else:
        import pyNN.nest as sim
        sim.setup(timestep=dt, min_delay=dt, max_delay=max_delay)
        make_layer = nest_layer
        shift, first = 2, 2

    inputs = net["inputs"]
    times = [[] for _ in range(copies * inputs)]
    for step, channel in zip(*np.nonzero(counts)):
        for k in range(int(counts[step, channel])):
            times[k * inputs + channel].append(float(step + shift) * dt)
    pre = sim.Population(copies * inputs, sim.SpikeSourceArray(spike_times=times), label="input")

    pops = []
    for index, layer in enumerate(net["layers"]):
        pop, v_name = make_layer(sim, layer)
        pop.record("spikes")
        if layer["readout"]:
            pop.record(v_name)
        conns = connections[index]
        if index == 0:
            conns = {receptor: [(k * inputs + i, j, w, d) for k in range(copies) for (i, j, w, d) in chosen]
                     for receptor, chosen in conns.items()}
        project(sim, args.backend, pre, pop, layer, conns, layer["name"])
        if recurrent[index]:
            project(sim, args.backend, pop, pop, layer, recurrent[index], layer["name"] + "_recurrent")
        pops.append((pop, v_name))
        pre = pop

    sim.run((steps + first) * dt)
    if args.backend == "spinnaker":
        check_ring_buffer_shifts(net, pops)

    result = {}
    for index, (pop, v_name) in enumerate(pops):
        seg = pop.get_data().segments[0]
        spikes = []
        for n, train in enumerate(seg.spiketrains):
            neuron = int(train.annotations.get("source_index", n))
            spikes.extend((int(round(float(t) / dt)) - shift, neuron) for t in train.magnitude)
        spikes = sorted(s for s in spikes if 0 <= s[0] < steps)
        result[f"spikes_{index}"] = np.array(spikes, dtype=np.int64).reshape(-1, 2)
        if net["layers"][index]["readout"]:
            v = np.asarray(seg.filter(name=v_name)[0].magnitude, dtype=float)
            v = v[first:first + steps]
            result["readout_mv"] = np.ascontiguousarray(v)
            result["readout"] = np.ascontiguousarray(v * net["layers"][index]["v_unit"])
    sim.end()
    np.savez(args.out, steps=np.array(steps), **result)
    print(f"{args.backend}: {steps} steps, readout written to {args.out}")


if __name__ == "__main__":
    main()
