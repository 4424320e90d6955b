"""spikeport's bridge to Lava (lava-nc 0.10.0): builds, checks, saves and runs a deployed Loihi 2 network.

Two callers use this file, both from org.spikeport.exporter.loihi.lava:

* the JVM, through jep (LavaProcesses): ``build``, ``check`` and ``save`` turn the layers of a
  spikeport network into Lava processes and write them with ``lava.utils.serialization.save``;
* a separate Python process (LavaEnvironment): ``python spikeport_lava.py probe`` prints what the
  interpreter has, one ``key=value`` line each (see ``probe``), and imports nothing but the standard
  library, so it works in any Python;
* a separate Python process (LavaSimulation): ``python spikeport_lava.py run JOBS.h5 RESULTS.h5``
  loads saved networks with ``lava.utils.serialization.load`` and runs Lava's CPU simulation with
  ``select_tag='fixed_pt'`` (the bit-accurate models), recording every spike and the readout voltage.
  Lava starts one worker process per Lava process, so this never runs inside the JVM.
* a separate Python process (LavaSimulation): ``python spikeport_lava.py netx JOBS.h5 RESULTS.h5`` does
  the same with jobs whose ``processes`` is a ``run_netx.py`` written beside a ``network.net``: the
  network its ``load()`` builds with lava-dl NetX (``open_netx``), fed through ``net.inp``, each
  block's synapse and neuron taking the place of a DelayDense and a LIF (needs lava-dl).

The process graph of an L-layer network is the list of each layer's processes in order: ``DelayDense_k,
LIF_k`` and, for a layer with recurrent synapses, a third, ``Recurrent_k`` (a DelayDense); for a
feed-forward network ``[DelayDense_1, LIF_1, ..., DelayDense_L, LIF_L]``. Connections:
``DelayDense_k.a_out -> LIF_k.a_in``, ``LIF_k.s_out -> DelayDense_(k+1).s_in``, and
``LIF_k.s_out -> Recurrent_k.s_in``, ``Recurrent_k.a_out -> LIF_k.a_in`` (Lava's a_in port adds the
activations of both Denses; every Dense sends in step t + 1 what it received in step t, so a recurrent
delay d is the lag d + 1). ``DelayDense_1.s_in`` is left open for the input. ``layers_of`` splits a
loaded list back into layers.

A layer is a dict with
  name              str
  weights           int32 (outputs, inputs): weight registers, 0 where there is no synapse
  delays            int32 (outputs, inputs): synaptic delays in steps
  weight_exp        int   (DelayDense proc_params)
  num_weight_bits   int   (DelayDense proc_params)
  sign_mode         int   (lava.utils.weightutils.SignMode value)
  num_message_bits  int   (0: binary spikes in; > 0: graded spikes with that payload width)
  du, dv, vth       int   (LIF; one value per layer)
  bias_mant         int32 (outputs,)
  bias_exp          int32 (outputs,)
  recurrent         None, or a dict of the layer's recurrent DelayDense (binary spikes in):
                    weights int32 (outputs, outputs), delays int32 (outputs, outputs) (Lava delays),
                    weight_exp, num_weight_bits, sign_mode (as above)

Jobs file (HDF5, written by the JVM): group ``job/<j>`` per network, j = 0, 1, ... with
  processes  string (1,): path of a file written by ``save`` (``run``) or of a ``run_netx.py`` (``netx``)
  counts     int32 (inputs, total_steps): input payload per channel and step, the samples one after another
  steps      int32 (samples,): steps of each sample; ``sum(steps) == total_steps``
Results file (HDF5, written here): group ``job/<j>`` with
  spikes/<k>     int8 (total_steps, outputs of layer k): 1 where LIF_k spiked (k = 0..L-1)
  readout        int32 (total_steps, outputs of layer L): LIF_L's v after each step (after any reset)
  setup_seconds  float64 (1,): load, connect, compile and start the workers
  sample_seconds float64 (samples,): wall time of each sample's run, its state reset included
Between samples every LIF's u and v and every DelayDense's a_buff (the recurrent ones too) are set to 0, so each sample starts
from the state of a freshly built network; the input source (io.source.RingBuffer, which sends column
``(time_step - 1) % total_steps``) goes on through the concatenated counts.
"""

import sys
import time

try:
    import numpy as np
except ImportError:  # reported by probe; every other entry point needs numpy
    np = None

FORMAT_VERSION = 2
"""Version of the layer dicts and of the jobs and results files above."""

LAVA_VERSION = "0.10.0"
"""The lava-nc release whose models and file format this module follows."""

MAX_DELAY = 63
"""Largest delay PyDelayDenseModelBitAcc accepts (Loihi 2's 6-bit delays)."""


PACKAGES = ("lava-nc", "jep", "numpy", "h5py")
"""The distributions ``probe`` reports."""


def probe():
    """Describes this interpreter, one ``key=value`` line each: ``format``, ``python`` (version),
    ``base_prefix`` (the home of the installation a venv was made from), ``purelib`` (site-packages),
    ``jep_dir`` (the jep package directory, empty when jep is not installed) and ``package.NAME`` for
    each of PACKAGES (the installed version, empty when missing)."""
    import importlib.metadata as metadata
    import importlib.util
    import platform
    import sysconfig

    def version(name):
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return ""

    spec = importlib.util.find_spec("jep")
    jep_dir = list(spec.submodule_search_locations)[0] if spec and spec.submodule_search_locations else ""
    lines = ["format=%d" % FORMAT_VERSION, "python=" + platform.python_version(), "base_prefix=" + sys.base_prefix,
             "purelib=" + sysconfig.get_paths()["purelib"], "jep_dir=" + jep_dir]
    lines += ["package.%s=%s" % (name, version(name)) for name in PACKAGES]
    return "\n".join(lines)


def _delay_dense(spec, num_message_bits, name):
    """A DelayDense from a layer dict's (or its ``recurrent`` dict's) weights, delays and parameters."""
    from lava.proc.dense.process import DelayDense
    from lava.utils.weightutils import SignMode

    delays = np.asarray(spec["delays"], dtype=int)
    return DelayDense(weights=np.asarray(spec["weights"], dtype=np.int32), delays=delays,
                      max_delay=int(delays.max(initial=0)), num_message_bits=int(num_message_bits),
                      weight_exp=int(spec["weight_exp"]), num_weight_bits=int(spec["num_weight_bits"]),
                      sign_mode=SignMode(int(spec["sign_mode"])), name=name)


def build(layers):
    """The connected processes of ``layers`` (see the module docstring), in order."""
    from lava.proc.lif.process import LIF

    procs = []
    previous = None
    for layer in layers:
        outputs = np.asarray(layer["weights"]).shape[0]
        dense = _delay_dense(layer, layer["num_message_bits"], layer["name"] + ".dense")
        lif = LIF(shape=(outputs,), du=int(layer["du"]), dv=int(layer["dv"]), vth=int(layer["vth"]),
                  bias_mant=np.asarray(layer["bias_mant"], dtype=np.int32),
                  bias_exp=np.asarray(layer["bias_exp"], dtype=np.int32),
                  name=layer["name"] + ".lif")
        if previous is not None:
            previous.s_out.connect(dense.s_in)
        dense.a_out.connect(lif.a_in)
        procs += [dense, lif]
        if layer.get("recurrent") is not None:
            recurrent = _delay_dense(layer["recurrent"], 0, layer["name"] + ".recurrent")
            lif.s_out.connect(recurrent.s_in)
            recurrent.a_out.connect(lif.a_in)
            procs.append(recurrent)
        previous = lif
    return procs


def layers_of(procs):
    """Splits the process list of ``build`` (or of a loaded file) into ``(dense, lif, recurrent)`` per layer,
    ``recurrent`` being None for a feed-forward layer: a DelayDense that follows a LIF and sends into that
    LIF's own a_in is its recurrent Dense."""
    out = []
    i = 0
    while i + 1 < len(procs):
        dense, lif = procs[i], procs[i + 1]
        i += 2
        recurrent = None
        if i < len(procs) and procs[i].a_out.out_connections == [lif.a_in]:
            recurrent = procs[i]
            i += 1
        out.append((dense, lif, recurrent))
    if i != len(procs):
        raise ValueError("the process list does not split into (DelayDense, LIF[, recurrent DelayDense]) layers")
    return out


def _check_dense(problems, where, proc, spec):
    """Problems of one DelayDense against its spec: Var values, Lava's clipping and truncation, delays."""
    from lava.utils.weightutils import SignMode, clip_weights, truncate_weights

    weights = np.asarray(spec["weights"], dtype=np.int32)
    delays = np.asarray(spec["delays"])
    for var, value in (("weights", weights), ("delays", delays)):
        got = np.asarray(getattr(proc, var).init).reshape(np.shape(value))
        if not np.array_equal(got, value):
            problems.append("%s: %s.%s holds %s, expected %s" % (where, proc.name, var, got, value))
    for key in ("weight_exp", "num_weight_bits"):
        if proc.proc_params[key] != int(spec[key]):
            problems.append("%s: %s has %s %s, expected %s" % (where, proc.name, key, proc.proc_params[key], spec[key]))
    mode = SignMode(int(spec["sign_mode"]))
    if proc.proc_params["sign_mode"] != mode:
        problems.append("%s: %s has sign mode %s, expected %s" % (where, proc.name, proc.proc_params["sign_mode"],
                                                                   mode.name))
    lava_weights = truncate_weights(clip_weights(weights, mode, num_bits=8), mode, int(spec["num_weight_bits"]))
    changed = np.argwhere(lava_weights != weights)
    if len(changed):
        i, j = changed[0]
        problems.append("%s: Lava would change weight register %d (post %d, pre %d) to %d (sign mode %s, "
                        "%d weight bits); %d registers differ"
                        % (where, weights[i, j], i, j, lava_weights[i, j], mode.name,
                           int(spec["num_weight_bits"]), len(changed)))
    if delays.size and (delays.min() < 0 or delays.max() > MAX_DELAY):
        problems.append("%s: delays span %d..%d, Lava's DelayDense takes 0..%d"
                        % (where, delays.min(), delays.max(), MAX_DELAY))


def check(procs, layers):
    """Problems that would make Lava compute something else than ``layers`` say, as readable strings.

    Checked: the connections; each Var's initial value and each DelayDense's parameters against the
    layer; that the weights pass Lava's ``clip_weights`` (8 bits) and ``truncate_weights``
    (``num_weight_bits``) unchanged, as PyDelayDenseModelBitAcc applies both silently on its first step;
    delays within 0..63. A recurrent Dense is checked as the feed-forward one.
    """
    expected = 2 * len(layers) + sum(1 for layer in layers if layer.get("recurrent") is not None)
    if len(procs) != expected:
        return ["expected %d processes (DelayDense and LIF per layer, and a DelayDense per recurrent layer), got %d"
                % (expected, len(procs))]
    problems = []
    split = layers_of(procs)
    for k, (layer, (dense, lif, recurrent)) in enumerate(zip(layers, split)):
        where = "layer %d '%s'" % (k, layer["name"])
        if (recurrent is None) != (layer.get("recurrent") is None):
            problems.append(where + ": the recurrent DelayDense is %s" % ("missing" if recurrent is None else "extra"))
            continue
        own = [recurrent] if recurrent is not None else []
        if lif.a_in.in_connections != [p.a_out for p in [dense] + own]:
            problems.append(where + ": the LIF's a_in is not fed by exactly its DelayDense"
                            + (" and its recurrent DelayDense" if recurrent is not None else ""))
        if dense.a_out.out_connections != [lif.a_in]:
            problems.append(where + ": DelayDense.a_out is not connected to exactly its LIF")
        targets = [p.s_in for p in own + ([split[k + 1][0]] if k + 1 < len(split) else [])]
        if lif.s_out.out_connections != targets:
            problems.append(where + ": the LIF's s_out does not feed exactly the next DelayDense"
                            + (" and its recurrent DelayDense" if recurrent is not None else ""))
        _check_dense(problems, where, dense, layer)
        if recurrent is not None:
            _check_dense(problems, where + " recurrent", recurrent, layer["recurrent"])
        for var in ("du", "dv", "vth", "bias_mant", "bias_exp"):
            value = np.asarray(layer[var])
            got = np.asarray(getattr(lif, var).init).reshape(np.shape(value))
            if not np.array_equal(got, value):
                problems.append("%s: %s.%s holds %s, expected %s" % (where, lif.name, var, got, value))
    return problems


def save(procs, path):
    """Writes ``procs`` with ``lava.utils.serialization.save``."""
    from lava.utils import serialization
    serialization.save(procs, path)


def load(path):
    """The processes of a file written by ``save``.

    Unpickled processes and their Vars keep the ids they had when saved, while Lava's ProcessServer
    and VarServer number new ones from 0 in a fresh interpreter. Lava's compiler and runtime address
    processes and Vars by id, so a new process (an input source, a recorder) sharing an id with a
    loaded one makes a run hang or read the wrong Var. Both counters are therefore advanced past the
    loaded ids, through their public ``get_next_id``.
    """
    from lava.magma.core.process.process import ProcessServer
    from lava.magma.core.process.variable import VarServer
    from lava.utils import serialization
    procs, _ = serialization.load(path)
    for server, ids in ((ProcessServer(), [p.id for p in procs]),
                        (VarServer(), [v.id for p in procs for v in p.vars])):
        top = max(ids)
        while server.get_next_id() < top:
            pass
    return procs


def build_check_save(layers, path):
    """Builds, checks, saves, loads back and checks again; returns the problems (empty when it worked)."""
    procs = build(layers)
    problems = check(procs, layers)
    if problems:
        return problems
    save(procs, path)
    return ["after saving and loading: " + p for p in check(load(path), layers)]


def open_processes(path):
    """A file written by ``save``: (input port, DelayDenses, LIFs, the process to run)."""
    split = layers_of(load(path))
    denses = [dense for dense, _, _ in split] + [recurrent for _, _, recurrent in split if recurrent is not None]
    lifs = [lif for _, lif, _ in split]
    return denses[0].s_in, denses, lifs, lifs[-1]


def open_netx(path):
    """A ``run_netx.py`` written beside ``network.net``: the network its ``load()`` builds with lava-dl NetX,
    as a user loads it; (``net.inp``, each block's synapse, each block's neuron, the network)."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("run_netx", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    net = module.load()
    return net.inp, [block.synapse for block in net.layers], [block.neuron for block in net.layers], net


def run_network(path, counts, steps, opener=open_processes):
    """Runs the network ``opener`` opens at ``path`` on ``counts`` (inputs x total steps) split into ``steps``."""
    from lava.magma.core.run_conditions import RunSteps
    from lava.magma.core.run_configs import Loihi2SimCfg
    from lava.proc.io.sink import RingBuffer as Sink
    from lava.proc.io.source import RingBuffer as Source
    from lava.proc.monitor.process import Monitor

    start = time.perf_counter()
    inp, denses, lifs, top = opener(path)
    total = int(np.sum(steps))
    if counts.shape != (inp.shape[0], total):
        raise ValueError("%s: input counts have shape %s, the network takes %d channels for %d steps"
                         % (path, counts.shape, inp.shape[0], total))
    bits = int(np.asarray(denses[0].num_message_bits.init).reshape(-1)[0])
    limit = 1 if bits == 0 else (1 << bits) - 1
    if counts.size and (counts.min() < 0 or counts.max() > limit):
        raise ValueError("%s: input counts span %d..%d, the first DelayDense takes 0..%d (num_message_bits %d)"
                         % (path, counts.min(), counts.max(), limit, bits))
    source = Source(data=np.ascontiguousarray(counts, dtype=np.int32))
    source.s_out.connect(inp)
    sinks = []
    for lif in lifs:
        sink = Sink(shape=lif.s_out.shape, buffer=total)
        lif.s_out.connect(sink.a_in)
        sinks.append(sink)
    monitor = Monitor()
    monitor.probe(lifs[-1].v, total)
    readout = lifs[-1]
    top.create_runtime(run_cfg=Loihi2SimCfg(select_tag="fixed_pt"))
    setup = time.perf_counter() - start
    seconds = np.zeros(len(steps))
    try:
        for i, n in enumerate(steps):
            t0 = time.perf_counter()
            if i > 0:
                for lif in lifs:
                    lif.u.set(np.zeros(lif.u.shape, dtype=np.int32))
                    lif.v.set(np.zeros(lif.v.shape, dtype=np.int32))
                for dense in denses:
                    dense.a_buff.set(np.zeros(dense.a_buff.shape, dtype=np.int32))
            top.run(condition=RunSteps(num_steps=int(n)))
            seconds[i] = time.perf_counter() - t0
        spikes = [np.asarray(sink.data.get()).T != 0 for sink in sinks]
        v = np.asarray(monitor.get_data()[readout.name]["v"])
    finally:
        top.stop()
    return spikes, v, setup, seconds


def run_jobs(jobs_path, results_path, opener=open_processes):
    """Runs every job of a jobs file and writes the results file (module docstring)."""
    import h5py
    with h5py.File(jobs_path, "r") as jobs, h5py.File(results_path, "w") as out:
        for key in sorted(jobs["job"].keys(), key=int):
            g = jobs["job"][key]
            path = g["processes"][0]
            path = path.decode("utf-8") if isinstance(path, bytes) else str(path)
            spikes, v, setup, seconds = run_network(path, g["counts"][...], g["steps"][...], opener)
            r = out.create_group("job/" + key)
            for k, s in enumerate(spikes):
                r.create_dataset("spikes/%d" % k, data=s.astype(np.int8))
            if not np.array_equal(v, np.round(v)):
                raise ValueError("%s: the readout voltage is not integral" % path)
            r.create_dataset("readout", data=v.astype(np.int32))
            r.create_dataset("setup_seconds", data=np.array([setup]))
            r.create_dataset("sample_seconds", data=seconds)


def main(argv):
    if len(argv) == 4 and argv[1] in ("run", "netx"):
        run_jobs(argv[2], argv[3], open_processes if argv[1] == "run" else open_netx)
        return 0
    if len(argv) == 2 and argv[1] == "probe":
        print(probe())
        return 0
    print("usage: python spikeport_lava.py run|netx JOBS.h5 RESULTS.h5 | probe", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
