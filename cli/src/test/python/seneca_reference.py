"""Runs a spikeport SENECA export (seneca.json, docs/seneca-format.md) on input counts, written from
the format document alone: a second, independent implementation of the seneca-bf16-lif program.

usage: seneca_reference.py SENECA_JSON INPUTS_JSON OUTPUT_JSON [SENECA_JSON INPUTS_JSON OUTPUT_JSON ...]

INPUTS_JSON:  {"samples": [{"steps": S, "counts": [S_in * inputs integers, row-major (step, channel)]}]}
OUTPUT_JSON:  {"samples": [{"readout": [[bf16 pattern per class] per step],
                            "spikes": [[[step, neuron], ...] per layer]}]}
Exit code 2 with a message when the file breaks the format.
"""
import json
import sys

import numpy as np

F32 = np.float32


def bf16_bits(x):
    """fp32 array -> uint32 array of bf16 patterns: nearest even, subnormal results to signed zero,
    NaN to 0x7FC0."""
    u = np.asarray(x, dtype=np.float32).view(np.uint32).astype(np.uint64)
    nan = (u & 0x7FFFFFFF) > 0x7F800000
    r = ((u + 0x7FFF + ((u >> 16) & 1)) >> 16) & 0xFFFF
    r = np.where((r & 0x7F80) == 0, r & 0x8000, r)
    r = np.where(nan, 0x7FC0, r)
    return r.astype(np.uint32)


def bf16_value(bits):
    """uint bf16 patterns -> fp32 values."""
    return (np.asarray(bits, dtype=np.uint32) << 16).view(np.float32)


def rnd(x):
    """fp32 -> fp32 value of its bf16 rounding."""
    return bf16_value(bf16_bits(x))


def fail(msg):
    print("seneca_reference: " + msg, file=sys.stderr)
    sys.exit(2)


class Layer:
    def __init__(self, d, queue_acc_bf16, recurrent_offset):
        self.name = d["name"]
        self.n = d["neurons"]
        self.readout = d["readout"]
        prog = d["neuron_program"]
        if prog["model"] != "lif" or prog["reset"] not in ("zero", "subtract"):
            fail("layer %s: unknown neuron program %r" % (self.name, prog))
        self.subtract = prog["reset"] == "subtract"
        self.recurrent_offset = recurrent_offset
        self.decay = bf16_value(np.full(self.n, prog["decay"]))
        self.theta = bf16_value(np.full(self.n, prog["threshold"]))
        self.bias = bf16_value(np.array(prog["bias"], dtype=np.uint32))
        if len(prog["bias"]) != self.n:
            fail("layer %s: %d biases for %d neurons" % (self.name, len(prog["bias"]), self.n))
        self.acc_bf16 = queue_acc_bf16
        slots = {c["delay_queue"]["slots"] for c in d["cores"]}
        if len(slots) != 1:
            fail("layer %s: cores with different queue depths %s" % (self.name, slots))
        self.q = slots.pop()
        covered = np.zeros(self.n, dtype=int)
        for c in d["cores"]:
            covered[c["first_neuron"]:c["first_neuron"] + c["neurons"]] += 1
        if not np.all(covered == 1):
            fail("layer %s: the cores do not cover every neuron once" % self.name)
        # the layer's tables as entries grouped by pre, with layer-wide post indices and the delay added to t
        self.by_pre = self.table(d["cores"], "synapses", 0)
        self.recurrent = self.table(d["cores"], "recurrent_synapses", recurrent_offset)
        self.reset()

    def table(self, cores, key, offset):
        """{pre: (posts, weights, delays + offset)} of one table over the layer's cores; a missing table
        (a version-1 file's recurrent one) is empty."""
        recurrent = key == "recurrent_synapses"
        by_pre = {}
        for c in cores:
            s = c.get(key, {"count": 0, "pre": [], "post": [], "weight": [], "delay": []})
            first = c["first_neuron"]
            for k in ("pre", "post", "weight", "delay"):
                if len(s[k]) != s["count"]:
                    fail("layer %s core %d: %s %s has %d entries, count %d" % (self.name, c["core"], key, k,
                                                                             len(s[k]), s["count"]))
            for p, o, w, dl in zip(s["pre"], s["post"], s["weight"], s["delay"]):
                if not 0 <= o < c["neurons"]:
                    fail("layer %s core %d: post %d outside the core" % (self.name, c["core"], o))
                if recurrent and not (0 <= p < self.n and dl >= 1):
                    fail("layer %s core %d: recurrent entry pre %d, delay %d" % (self.name, c["core"], p, dl))
                slots = dl + offset if recurrent else dl + 1
                if slots > self.q:
                    fail("layer %s: %s delay %d needs more than %d slots" % (self.name, key, dl, self.q))
                by_pre.setdefault(p, ([], [], []))
                by_pre[p][0].append(first + o)
                by_pre[p][1].append(w)
                by_pre[p][2].append(dl + offset)
        for p, (o, _, dl) in by_pre.items():
            if len(set(zip(o, dl))) != len(o):
                fail("layer %s: %s pre %d has two entries with the same post and delay" % (self.name, key, p))
        return {p: (np.array(o), bf16_value(np.array(w, dtype=np.uint32)), np.array(dl))
                for p, (o, w, dl) in by_pre.items()}

    def reset(self):
        self.queue = np.zeros((self.q, self.n), dtype=np.float32)
        self.v = np.zeros(self.n, dtype=np.float32)

    def receive(self, t, pre, payload, recurrent=False):
        """Adds one event of presynaptic neuron/channel `pre` with `payload`, emitted at step t, through the
        feed-forward table or (the layer's own neuron `pre`) the recurrent one."""
        entry = (self.recurrent if recurrent else self.by_pre).get(pre)
        if entry is None:
            return
        post, w, delay = entry
        slot = (t + delay) % self.q
        p = (w * F32(payload)).astype(np.float32)
        s = (self.queue[slot, post] + p).astype(np.float32)
        self.queue[slot, post] = rnd(s) if self.acc_bf16 else s

    def step(self, t):
        slot = t % self.q
        inp = self.queue[slot].copy()
        self.queue[slot] = 0
        leaked = rnd((self.decay * self.v).astype(np.float32))
        charged = rnd((leaked + inp).astype(np.float32))
        v = rnd((charged + self.bias).astype(np.float32))
        fired = np.nonzero(v >= self.theta)[0]
        if self.subtract:
            v[fired] = rnd((v[fired] - self.theta[fired]).astype(np.float32))
        else:
            v[fired] = F32(0)
        self.v = v
        return fired


def run(seneca_json, inputs_json, output_json):
    with open(seneca_json) as f:
        doc = json.load(f)
    if doc.get("format") != "spikeport-seneca":
        fail("not a spikeport SENECA file (format %r)" % doc.get("format"))
    if doc.get("version") not in (1, 2):
        fail("format version %r is not 1 or 2" % doc.get("version"))
    a = doc["arithmetic"]
    if (a["name"], a["number_format"], a["rounding"], a["subnormals"]) != (
            "seneca-bf16-lif", "bf16", "nearest-even", "flush-to-zero"):
        fail("unknown arithmetic %r" % a)
    timing = doc["timing"]
    if timing["pipeline_steps_per_layer"] != 0 or timing["delay_offset"] != 0:
        fail("this reference runs timing without pipeline or offset, got %r" % timing)
    layers = [Layer(d, a["accumulator"] == "bf16", timing.get("recurrent_offset", 0)) for d in doc["layers"]]
    inputs = doc["inputs"]
    with open(inputs_json) as f:
        samples = json.load(f)["samples"]
    out = []
    for sample in samples:
        for layer in layers:
            layer.reset()
        counts = np.array(sample["counts"], dtype=np.int64).reshape(-1, inputs)
        readout = []
        spikes = [[] for _ in layers]
        for t in range(sample["steps"]):
            if t < counts.shape[0]:
                for j in np.nonzero(counts[t])[0]:
                    layers[0].receive(t, int(j), int(counts[t, j]))
            for li, layer in enumerate(layers):
                fired = layer.step(t)
                spikes[li].extend([t, int(i)] for i in fired)
                if li + 1 < len(layers):
                    for i in fired:
                        layers[li + 1].receive(t, int(i), 1)
                for i in fired:
                    layer.receive(t, int(i), 1, recurrent=True)
            readout.append([int(b) for b in bf16_bits(layers[-1].v)])
        out.append({"readout": readout, "spikes": spikes})
    with open(output_json, "w") as f:
        json.dump({"samples": out}, f)


def main():
    np.seterr(all="ignore")
    args = sys.argv[1:]
    if not args or len(args) % 3 != 0:
        fail("usage: seneca_reference.py SENECA_JSON INPUTS_JSON OUTPUT_JSON [SENECA_JSON INPUTS_JSON OUTPUT_JSON ...]")
    for k in range(0, len(args), 3):
        run(*args[k:k + 3])


if __name__ == "__main__":
    main()
