"""Writes HDF5 spike datasets with h5py for spikeport's Java tests and benchmarks.

Modes:

  published OUT.h5 EXPECTED --seed S --samples N --events E [--channels C] [--keys bytes|vlen|none]
      A file in exactly the layout of the published SHD/SSC files: ``spikes/times`` variable-length
      float16 per sample (seconds), ``spikes/units`` variable-length uint16, ``labels`` uint16,
      ``extra/keys`` class names as byte strings, ``extra/speaker`` uint16. With --channels a root
      attribute ``channels`` is added (the published files have none; readers assume 700).
      EXPECTED (``-`` for none) receives the values as stored, in the text format below.

  bad DIR KIND...
      For each KIND (see BAD_KINDS), DIR/KIND.h5: a small file with that one defect, for the
      validation tests.

  check-flat FLAT.h5 EXPECTED [FLAT.h5 EXPECTED ...]
      Asserts that each FLAT.h5 is a spikeport-flat file holding exactly the values in its EXPECTED,
      with the dtypes, shapes and attributes of that layout. Exits non-zero on the first mismatch.

EXPECTED text format, one record per line, space separated:
  channels C
  key HEX          one line per class name, the UTF-8 bytes in hex (absent when the file has no keys)
  sample LABEL N   followed by two lines:
  t T1 T2 ...      times as Python float repr (exact, float16 values are exact doubles)
  u U1 U2 ...      units
"""

import argparse
import sys

import h5py
import numpy as np

SHD_CHANNELS = 700
SHD_CLASS_NAMES = [f"class-{i:02d}" for i in range(20)]


def random_samples(seed, samples, events, channels, classes):
    rng = np.random.default_rng(seed)
    out = []
    for i in range(samples):
        n = 0 if i == 1 else int(rng.integers(1, 2 * events))
        times = np.sort(rng.uniform(0.0, 1.4, n)).astype(np.float16)
        if i == 2 and n >= 3:
            # float16 subnormals and zero: the reader must convert them exactly
            times[:3] = np.array([0.0, 2.0 ** -24, 3.0e-5], dtype=np.float16)
            times = np.sort(times)
        units = rng.integers(0, channels, n).astype(np.uint16)
        label = int(rng.integers(0, classes))
        out.append((times, units, label))
    return out


def write_published(path, samples, keys, channels_attr, keys_kind="bytes", speaker=True):
    with h5py.File(path, "w") as f:
        times = f.create_dataset("spikes/times", (len(samples),), dtype=h5py.vlen_dtype(np.float16))
        units = f.create_dataset("spikes/units", (len(samples),), dtype=h5py.vlen_dtype(np.uint16))
        for i, (t, u, _) in enumerate(samples):
            times[i] = t
            units[i] = u
        f.create_dataset("labels", data=np.array([s[2] for s in samples], dtype=np.uint16))
        if keys is not None:
            encoded = [k.encode("utf-8") for k in keys]
            if keys_kind == "vlen":
                f.create_dataset("extra/keys", data=encoded, dtype=h5py.special_dtype(vlen=bytes))
            else:
                f.create_dataset("extra/keys", data=np.array(encoded))
        if speaker:
            f.create_dataset("extra/speaker", data=np.arange(len(samples), dtype=np.uint16) % 12)
        if channels_attr is not None:
            f.attrs["channels"] = channels_attr


def write_expected(path, samples, keys, channels):
    with open(path, "w", encoding="ascii") as out:
        out.write(f"channels {channels}\n")
        for k in keys or []:
            out.write(f"key {k.encode('utf-8').hex()}\n")
        for t, u, label in samples:
            out.write(f"sample {label} {len(t)}\n")
            out.write(" ".join(["t"] + [repr(float(x)) for x in t]) + "\n")
            out.write(" ".join(["u"] + [str(int(x)) for x in u]) + "\n")


def read_expected(path):
    channels, keys, samples = None, [], []
    with open(path, encoding="ascii") as inp:
        lines = iter(inp.read().splitlines())
        for line in lines:
            parts = line.split(" ")
            if parts[0] == "channels":
                channels = int(parts[1])
            elif parts[0] == "key":
                keys.append(bytes.fromhex(parts[1]).decode("utf-8"))
            elif parts[0] == "sample":
                t = [float(x) for x in next(lines).split(" ")[1:]]
                u = [int(x) for x in next(lines).split(" ")[1:]]
                assert len(t) == len(u) == int(parts[2]), line
                samples.append((t, u, int(parts[1])))
    return channels, keys, samples


def cmd_published(a):
    keys = None if a.keys == "none" else SHD_CLASS_NAMES
    classes = len(SHD_CLASS_NAMES)
    channels = a.channels if a.channels is not None else SHD_CHANNELS
    samples = random_samples(a.seed, a.samples, a.events, channels, classes)
    write_published(a.out, samples, keys, a.channels, a.keys)
    if a.expected != "-":
        write_expected(a.expected, samples, keys, channels)


def small_valid(seed=7, samples=8):
    return random_samples(seed, samples, 20, SHD_CHANNELS, len(SHD_CLASS_NAMES))


def replace(samples, index, times=None, units=None, label=None):
    t, u, lab = samples[index]
    samples[index] = (t if times is None else times, u if units is None else units,
                      lab if label is None else label)


def bad_published(kind, path):
    s = small_valid()
    keys = SHD_CLASS_NAMES
    if kind == "length_mismatch":
        replace(s, 3, units=s[3][1][:-1])
    elif kind == "unit_out_of_range":
        u = s[3][1].copy()
        u[0] = SHD_CHANNELS
        replace(s, 3, units=u)
    elif kind in ("negative_time", "nan_time", "inf_time", "decreasing_time"):
        t = s[4][0].copy()
        if kind == "negative_time":
            t[0] = -0.5
        elif kind == "nan_time":
            t[1] = np.nan
        elif kind == "inf_time":
            t[-1] = np.inf
        else:
            t[1], t[2] = np.float16(0.9), np.float16(0.1)
        replace(s, 4, times=t)
    elif kind == "label_out_of_range":
        replace(s, 5, label=len(keys))
    else:
        return False
    write_published(path, s, keys, None)
    return True


def bad_structure(kind, path):
    s = small_valid()
    write_published(path, s, SHD_CLASS_NAMES, None)
    with h5py.File(path, "a") as f:
        if kind == "missing_times":
            del f["spikes/times"]
        elif kind == "missing_units":
            del f["spikes/units"]
        elif kind == "missing_labels":
            del f["labels"]
        elif kind == "times_int":
            del f["spikes/times"]
            d = f.create_dataset("spikes/times", (len(s),), dtype=h5py.vlen_dtype(np.int32))
            for i, (t, _, _) in enumerate(s):
                d[i] = (np.asarray(t, dtype=np.float64) * 1000).astype(np.int32)
        elif kind == "times_string":
            del f["spikes/times"]
            f.create_dataset("spikes/times", data=np.array([b"0.1 0.2"] * len(s)))
        elif kind == "units_float":
            del f["spikes/units"]
            d = f.create_dataset("spikes/units", (len(s),), dtype=h5py.vlen_dtype(np.float32))
            for i, (_, u, _) in enumerate(s):
                d[i] = u.astype(np.float32)
        elif kind == "negative_label":
            labels = np.array([x[2] for x in s], dtype=np.int16)
            labels[6] = -1
            del f["labels"]
            f.create_dataset("labels", data=labels)
        elif kind == "count_mismatch":
            labels = f["labels"][:-1]
            del f["labels"]
            f.create_dataset("labels", data=labels)
        else:
            return False
    return True


def write_flat(path, samples, channels, times=None, units=None, offsets=None, version=1, skip=()):
    t = np.concatenate([np.asarray(x[0], dtype=np.float32) for x in samples])
    u = np.concatenate([np.asarray(x[1], dtype=np.int16) for x in samples])
    o = np.cumsum([0] + [len(x[0]) for x in samples]).astype(np.int64)
    with h5py.File(path, "w") as f:
        f.attrs["layout"] = "spikeport-flat"
        f.attrs["layout_version"] = version
        f.attrs["channels"] = channels
        data = {"spikes/times": t if times is None else times,
                "spikes/units": u if units is None else units,
                "spikes/offsets": o if offsets is None else offsets,
                "labels": np.array([x[2] for x in samples], dtype=np.int32)}
        for name, value in data.items():
            if name not in skip:
                f.create_dataset(name, data=value)


def bad_flat(kind, path):
    s = small_valid()
    o = np.cumsum([0] + [len(x[0]) for x in s]).astype(np.int64)
    if kind == "flat_offsets_decreasing":
        o[4] = o[3] - 1
        write_flat(path, s, SHD_CHANNELS, offsets=o)
    elif kind == "flat_offsets_end":
        o[-1] -= 1
        write_flat(path, s, SHD_CHANNELS, offsets=o)
    elif kind == "flat_offsets_length":
        write_flat(path, s, SHD_CHANNELS, offsets=np.append(o, o[-1]))
    elif kind == "flat_offsets_start":
        o[0] = 1
        write_flat(path, s, SHD_CHANNELS, offsets=o)
    elif kind == "flat_missing_offsets":
        write_flat(path, s, SHD_CHANNELS, skip=("spikes/offsets",))
    elif kind == "flat_times_int":
        t = np.concatenate([np.asarray(x[0], dtype=np.float64) for x in s])
        write_flat(path, s, SHD_CHANNELS, times=(t * 1000).astype(np.int32))
    elif kind == "flat_unit_out_of_range":
        s[3][1][0] = SHD_CHANNELS
        write_flat(path, s, SHD_CHANNELS)
    elif kind == "flat_decreasing_time":
        t = s[4][0].copy()
        t[1], t[2] = np.float16(0.9), np.float16(0.1)
        replace(s, 4, times=t)
        write_flat(path, s, SHD_CHANNELS)
    elif kind == "flat_bad_version":
        write_flat(path, s, SHD_CHANNELS, version=2)
    else:
        return False
    return True


BAD_KINDS = ["length_mismatch", "unit_out_of_range", "negative_time", "nan_time", "inf_time",
             "decreasing_time", "label_out_of_range", "missing_times", "missing_units",
             "missing_labels", "times_int", "times_string", "units_float", "negative_label",
             "count_mismatch", "flat_offsets_decreasing", "flat_offsets_end", "flat_offsets_length",
             "flat_offsets_start", "flat_missing_offsets", "flat_times_int",
             "flat_unit_out_of_range", "flat_decreasing_time", "flat_bad_version"]


def cmd_bad(a):
    for kind in a.kinds:
        if kind not in BAD_KINDS:
            sys.exit(f"unknown bad-file kind {kind}; known: {' '.join(BAD_KINDS)}")
        path = f"{a.dir}/{kind}.h5"
        if not any(make(kind, path) for make in (bad_published, bad_structure, bad_flat)):
            sys.exit(f"bad-file kind {kind} has no generator")


def attr_text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def cmd_check_flat(a):
    if len(a.pairs) % 2:
        sys.exit("check-flat takes pairs FLAT.h5 EXPECTED")
    for k in range(0, len(a.pairs), 2):
        try:
            check_flat(a.pairs[k], a.pairs[k + 1])
        except AssertionError as e:
            sys.exit(f"{a.pairs[k]}: {e}")
    print("ok")


def check_flat(path, expected):
    channels, keys, samples = read_expected(expected)
    with h5py.File(path, "r") as f:
        assert attr_text(f.attrs["layout"]) == "spikeport-flat", f.attrs["layout"]
        assert int(f.attrs["layout_version"]) == 1, f.attrs["layout_version"]
        assert int(f.attrs["channels"]) == channels, (f.attrs["channels"], channels)
        n = len(samples)
        total = sum(len(t) for t, _, _ in samples)
        times, units = f["spikes/times"], f["spikes/units"]
        offsets, labels = f["spikes/offsets"], f["labels"]
        exact32 = all(float(np.float32(x)) == x for t, _, _ in samples for x in t)
        assert times.dtype == (np.float32 if exact32 else np.float64), times.dtype
        max_unit = max((max(u) for _, u, _ in samples if u), default=0)
        assert units.dtype == (np.int16 if max_unit < 32768 else np.int32), units.dtype
        assert offsets.dtype == np.int64, offsets.dtype
        assert labels.dtype == np.int32, labels.dtype
        assert times.shape == (total,), times.shape
        assert units.shape == (total,), units.shape
        assert offsets.shape == (n + 1,), offsets.shape
        assert labels.shape == (n,), labels.shape
        o, t_all, u_all, lab = offsets[()], times[()], units[()], labels[()]
        assert o[0] == 0 and o[-1] == total, o
        for i, (t, u, label) in enumerate(samples):
            got_t = [float(x) for x in t_all[o[i]:o[i + 1]]]
            got_u = [int(x) for x in u_all[o[i]:o[i + 1]]]
            assert got_t == t, f"sample {i}: times differ"
            assert got_u == u, f"sample {i}: units differ"
            assert int(lab[i]) == label, f"sample {i}: label {lab[i]} != {label}"
        if keys:
            k = f["extra/keys"]
            assert k.dtype.kind == "S" or h5py.check_string_dtype(k.dtype) is not None, k.dtype
            assert k.shape == (len(keys),), k.shape
            got = [x.decode("utf-8") if isinstance(x, bytes) else x for x in k[()]]
            assert got == keys, (got, keys)
        else:
            assert "extra/keys" not in f, "extra/keys present but no class names were written"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="mode", required=True)
    pub = sub.add_parser("published")
    pub.add_argument("out")
    pub.add_argument("expected")
    pub.add_argument("--seed", type=int, required=True)
    pub.add_argument("--samples", type=int, required=True)
    pub.add_argument("--events", type=int, required=True, help="mean events per sample")
    pub.add_argument("--channels", type=int)
    pub.add_argument("--keys", choices=["bytes", "vlen", "none"], default="bytes")
    bad = sub.add_parser("bad")
    bad.add_argument("dir")
    bad.add_argument("kinds", nargs="+")
    chk = sub.add_parser("check-flat")
    chk.add_argument("pairs", nargs="+", metavar="FLAT.h5 EXPECTED")
    a = p.parse_args()
    {"published": cmd_published, "bad": cmd_bad, "check-flat": cmd_check_flat}[a.mode](a)


if __name__ == "__main__":
    main()
