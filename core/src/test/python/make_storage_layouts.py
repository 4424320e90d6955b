"""Writes random valid spike datasets with h5py in every storage layout h5py can write, for
StorageLayoutPropertyTest.

  make_storage_layouts.py OUTDIR --seed S --cases N

For case K (0 <= K < N) it writes OUTDIR/case-K.h5 and OUTDIR/case-K.txt, the values h5py reads back
from the file in the EXPECTED text format of make_published_shd.py, and prints one line
``case-K LAYOUT DESCRIPTION`` (LAYOUT is ``published`` or ``flat``), after a first line
``storages NAME...`` listing the storages of STORAGES. Everything follows from the seed.

Case K alternates the published layout (variable-length spikes/times and spikes/units) and the flat
layout, and gives the event arrays (spikes/times, spikes/units) the storage STORAGES[K // 2 mod
len(STORAGES)], so the first 2 * len(STORAGES) cases cover every storage in both layouts; every other
dataset (labels, extra/keys, spikes/offsets) and every later case draws a random storage. Also drawn:
the HDF5 file format (libver earliest: B-tree chunk index; latest: single-chunk, fixed-array,
extensible-array and implicit indexes), dtypes (float16/32/64 times, uint16/int16/int32/uint32 units,
some big-endian in the flat layout: h5py 3.11 reads big-endian variable-length sequences byte-swapped,
so they cannot serve as the expected values), class names (none, fixed-length bytes, variable-length bytes or UTF-8 strings), the
root attribute ``channels``, sample and event counts (empty samples included).
"""

import argparse
import sys

import h5py
import numpy as np

from make_published_shd import write_expected

# name -> h5py create_dataset options; "compact" and "early" set a dataset creation property list.
STORAGES = {
    "contiguous": {},
    "compact": {"layout": "compact"},
    "chunk1": {"chunks": 1},
    "chunk2": {"chunks": 2},
    "chunk3": {"chunks": 3},
    "chunk7": {"chunks": 7},
    "chunk64": {"chunks": 64},
    "chunk1000": {"chunks": 1000},
    "chunk-auto": {"chunks": True},
    "resizable": {"chunks": 5, "maxshape": True},
    "early-alloc": {"chunks": 4, "early": True},
    "gzip": {"chunks": 4, "compression": "gzip"},
    "gzip0": {"chunks": 6, "compression": "gzip", "level": 0},
    "gzip9": {"chunks": 9, "compression": "gzip", "level": 9},
    "shuffle": {"chunks": 5, "shuffle": True},
    "fletcher32": {"chunks": 5, "fletcher32": True},
    "lzf": {"chunks": 8, "compression": "lzf"},
    "gzip+shuffle": {"chunks": 6, "compression": "gzip", "shuffle": True},
    "gzip+fletcher32": {"chunks": 3, "compression": "gzip", "fletcher32": True},
    "shuffle+fletcher32": {"chunks": 4, "shuffle": True, "fletcher32": True},
    "gzip+shuffle+fletcher32": {"chunks": 7, "compression": "gzip", "shuffle": True, "fletcher32": True},
    "lzf+shuffle": {"chunks": 10, "compression": "lzf", "shuffle": True},
    "lzf+fletcher32": {"chunks": 2, "compression": "lzf", "fletcher32": True},
    "resizable+gzip+shuffle": {"chunks": 3, "maxshape": True, "compression": "gzip", "shuffle": True},
}
NAMES = list(STORAGES)

TIME_DTYPES = ["<f2", "<f4", "<f8", ">f4", ">f8"]
UNIT_DTYPES = ["<u2", "<i2", "<i4", "<u4", ">u2", ">i4"]
LABEL_DTYPES = ["<u2", "<i4", "<i8", "<u1", ">i2"]
KEY_KINDS = ["none", "bytes", "vlen-bytes", "vlen-str"]


def create(group, name, storage, rng, vlen, shape=None, data=None, dtype=None):
    """Creates dataset NAME with STORAGE's options. Fletcher32 cannot filter variable-length data,
    so for those it is left out. Returns the dataset and the storage actually used."""
    opts = dict(STORAGES[storage])
    used = storage
    if vlen and opts.pop("fletcher32", False):
        used += "(fletcher32-dropped-for-vlen)"
    n = shape[0] if shape is not None else len(data)
    kw = {}
    dcpl = None
    if opts.get("layout") == "compact":
        dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
        dcpl.set_layout(h5py.h5d.COMPACT)
    if "chunks" in opts:
        chunks = opts["chunks"]
        if chunks is True:
            kw["chunks"] = True
        else:
            kw["chunks"] = (chunks,)
            if chunks > n:
                kw["maxshape"] = (None,)
        if opts.get("maxshape"):
            kw["maxshape"] = (None,)
        if "compression" in opts:
            kw["compression"] = opts["compression"]
            if opts["compression"] == "gzip":
                kw["compression_opts"] = opts.get("level", int(rng.integers(1, 10)))
        if opts.get("shuffle"):
            kw["shuffle"] = True
        if opts.get("fletcher32"):
            kw["fletcher32"] = True
        if opts.get("early"):
            dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
            dcpl.set_alloc_time(h5py.h5d.ALLOC_TIME_EARLY)
    if dcpl is not None:
        kw["dcpl"] = dcpl
    if data is not None:
        d = group.create_dataset(name, data=data, dtype=dtype, **kw)
    else:
        d = group.create_dataset(name, shape, dtype=dtype, **kw)
    return d, used


def random_storage(rng, events):
    """A random storage; compact only for small datasets (an object header holds at most 64 KiB)."""
    while True:
        name = NAMES[int(rng.integers(len(NAMES)))]
        if name != "compact" or events < 2000:
            return name


def random_samples(rng, channels, classes):
    samples = []
    n = int(rng.integers(1, 41))
    for i in range(n):
        events = 0 if rng.random() < 0.15 else int(rng.integers(1, 60))
        times = np.sort(rng.uniform(0.0, 1.4, events))
        if events >= 2 and rng.random() < 0.3:
            times[1] = times[0]
        if events and rng.random() < 0.2:
            times[0] = 0.0
        units = rng.integers(0, channels, events)
        samples.append((times, units, int(rng.integers(0, classes))))
    if sum(len(t) for t, _, _ in samples) == 0:
        samples[0] = (np.array([0.5]), np.array([channels - 1]), samples[0][2])
    return samples


def write_keys(f, rng, kind, classes):
    if kind == "none":
        return "keys=none"
    names = [f"class-{c}" if c % 3 else f"größe-{c}" for c in range(classes)]
    storage = random_storage(rng, classes)
    if kind == "bytes":
        _, used = create(f, "extra/keys", storage, rng, False, data=np.array([n.encode("utf-8") for n in names]))
    elif kind == "vlen-bytes":
        _, used = create(f, "extra/keys", storage, rng, True, data=[n.encode("utf-8") for n in names],
                         dtype=h5py.special_dtype(vlen=bytes))
    else:
        _, used = create(f, "extra/keys", storage, rng, True, data=names, dtype=h5py.string_dtype("utf-8"))
    return f"keys={kind}:{used}"


def write_case(path, k, rng):
    layout = "published" if k % 2 == 0 else "flat"
    first_pass = k < 2 * len(NAMES)
    event_storage = NAMES[(k // 2) % len(NAMES)] if first_pass else None
    libver = ["earliest", "latest"][int(rng.integers(2))]
    tdt = TIME_DTYPES[int(rng.integers(len(TIME_DTYPES)))]
    udt = UNIT_DTYPES[int(rng.integers(len(UNIT_DTYPES)))]
    if layout == "published":
        tdt, udt = "<" + tdt[1:], "<" + udt[1:]
    ldt = LABEL_DTYPES[int(rng.integers(len(LABEL_DTYPES)))]
    keys = KEY_KINDS[int(rng.integers(len(KEY_KINDS)))]
    classes = int(rng.integers(2, 13))
    channel_attr = layout == "flat" or rng.random() < 0.5
    channels = int(rng.integers(8, 1001)) if channel_attr else 700
    samples = random_samples(rng, channels, classes)
    total = sum(len(t) for t, _, _ in samples)
    ts = event_storage or random_storage(rng, total)
    us = event_storage or random_storage(rng, total)
    ls = random_storage(rng, len(samples))
    parts = [f"libver={libver}", f"times={tdt}:", f"units={udt}:", f"labels={ldt}:{ls}"]
    with h5py.File(path, "w", libver=libver) as f:
        if layout == "published":
            t, ts = create(f, "spikes/times", ts, rng, True, shape=(len(samples),), dtype=h5py.vlen_dtype(np.dtype(tdt)))
            u, us = create(f, "spikes/units", us, rng, True, shape=(len(samples),), dtype=h5py.vlen_dtype(np.dtype(udt)))
            for i, (times, units, _) in enumerate(samples):
                t[i] = times.astype(tdt)
                u[i] = units.astype(udt)
        else:
            f.attrs["layout"] = "spikeport-flat"
            f.attrs["layout_version"] = 1
            offsets = np.cumsum([0] + [len(x[0]) for x in samples]).astype("<i8")
            _, ts = create(f, "spikes/times", ts, rng, False,
                           data=np.concatenate([x[0] for x in samples]).astype(tdt))
            _, us = create(f, "spikes/units", us, rng, False,
                           data=np.concatenate([x[1] for x in samples]).astype(udt))
            os_ = random_storage(rng, len(offsets))
            create(f, "spikes/offsets", os_, rng, False, data=offsets)
            parts.append(f"offsets={os_}")
        create(f, "labels", ls, rng, False, data=np.array([x[2] for x in samples], dtype=ldt))
        parts.append(write_keys(f, rng, keys, classes))
        if channel_attr:
            f.attrs["channels"] = channels
            parts.append(f"channels={channels}")
    parts[1] += ts
    parts[2] += us
    return layout, " ".join(parts)


def text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def read_back(path, layout):
    """The samples, class names and channel count as h5py reads them."""
    with h5py.File(path, "r") as f:
        channels = int(f.attrs["channels"]) if "channels" in f.attrs else 700
        labels = [int(x) for x in f["labels"][()]]
        if layout == "published":
            times, units = f["spikes/times"][()], f["spikes/units"][()]
            samples = [(times[i], units[i], labels[i]) for i in range(len(labels))]
        else:
            o, t, u = f["spikes/offsets"][()], f["spikes/times"][()], f["spikes/units"][()]
            samples = [(t[o[i]:o[i + 1]], u[o[i]:o[i + 1]], labels[i]) for i in range(len(labels))]
        keys = [text(x) for x in f["extra/keys"][()]] if "extra/keys" in f else None
    return samples, keys, channels


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("outdir")
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--cases", type=int, required=True)
    a = p.parse_args()
    rng = np.random.default_rng(a.seed)
    print("storages", " ".join(NAMES))
    for k in range(a.cases):
        name = f"case-{k:03d}"
        h5 = f"{a.outdir}/{name}.h5"
        layout, description = write_case(h5, k, rng)
        samples, keys, channels = read_back(h5, layout)
        write_expected(f"{a.outdir}/{name}.txt", samples, keys, channels)
        print(name, layout, description)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
