"""Writes small damaged or hostile HDF5 spike datasets with h5py (and byte patches), for HostileFilesTest.

  make_hostile_hdf5.py DIR KIND...

For each KIND it writes DIR/KIND.h5 (and any file KIND needs beside it) and prints one line
``KIND key=value ...`` with the numbers the reader's error message must name (declared sizes,
addresses, file size). Every file starts as a valid published (or flat) file of 8 samples written with
libver earliest, so the byte patches find version-1 dataspace messages.
"""

import argparse
import os
import struct
import sys

import h5py
import numpy as np

from make_published_shd import SHD_CHANNELS, SHD_CLASS_NAMES, small_valid, write_flat, write_published

# A byte set in the most significant byte of a 4-byte field: count 8 becomes 0x30000008.
BIG = 0x30


def published(path, **kw):
    write_published(path, small_valid(), SHD_CLASS_NAMES, None, **kw)


def published_vlen(path, samples, time_dtype=np.float16, written=None, **times_options):
    """A published file without class names whose spikes/times has TIME_DTYPE and the h5py options
    TIMES_OPTIONS (chunks, compression); only the first WRITTEN samples' times are written when given."""
    with h5py.File(path, "w") as f:
        t = f.create_dataset("spikes/times", (len(samples),), dtype=h5py.vlen_dtype(time_dtype), **times_options)
        u = f.create_dataset("spikes/units", (len(samples),), dtype=h5py.vlen_dtype(np.uint16))
        for i, (times, units, _) in enumerate(samples):
            if written is None or i < written:
                t[i] = np.asarray(times, dtype=time_dtype)
            u[i] = units
        f["labels"] = np.array([x[2] for x in samples], dtype=np.uint16)


def header_address(path, name):
    with h5py.File(path, "r") as f:
        return h5py.h5o.get_info(f[name].id).addr


def patch_dataspace(path, name, n, attribute=None):
    """Sets byte 3 of the first dimension of the version-1 dataspace with one dimension of size N in
    the object header of dataset NAME, or in the message of ATTRIBUTE of the root group, to BIG."""
    data = bytearray(open(path, "rb").read())
    start = data.find(attribute.encode("ascii")) if attribute else header_address(path, name)
    for flags in (0, 1):
        pattern = bytes([1, 1, flags]) + bytes(5) + struct.pack("<Q", n)
        at = data.find(pattern, start, start + 4096)
        if at >= 0:
            data[at + 8 + 3] = BIG
            open(path, "wb").write(data)
            return n + (BIG << 24)
    sys.exit(f"{path}: no dataspace of {n} elements in the header of {name or attribute}")


def vlen_heap_id(path, name, sample):
    """File offset of element SAMPLE of the contiguous variable-length dataset NAME, and its fields."""
    with h5py.File(path, "r") as f:
        offset = f[name].id.get_offset() + 16 * sample
    data = open(path, "rb").read()
    length, address, index = struct.unpack("<IQI", data[offset:offset + 16])
    return offset, length, address, index


def patch_byte(path, offset, value):
    data = bytearray(open(path, "rb").read())
    data[offset] = value
    open(path, "wb").write(data)


def first_chunk(path, name):
    with h5py.File(path, "r") as f:
        return f[name].id.get_chunk_info(0)


def make(kind, path):
    """Writes KIND to PATH; returns the key=value facts the test needs."""
    s = small_valid()
    if kind.startswith("soft_link") or kind == "external_link":
        published(path)
        with h5py.File(path, "a") as f:
            f["data/times"] = f["spikes/times"][()]
            del f["spikes/times"]
            if kind == "soft_link_self":
                f["spikes/times"] = h5py.SoftLink("/spikes/times")
            elif kind == "soft_link_cycle":
                f["spikes/times"] = h5py.SoftLink("/a")
                f["a"] = h5py.SoftLink("/spikes/times")
            elif kind == "soft_link_chain":
                f["spikes/times"] = h5py.SoftLink("/l1")
                for k in range(1, 17):
                    f[f"l{k}"] = h5py.SoftLink(f"/l{k + 1}")
                f["l17"] = h5py.SoftLink("/data/times")
            elif kind == "soft_link_dangling":
                f["spikes/times"] = h5py.SoftLink("/nowhere")
            elif kind == "soft_link_valid":
                f["spikes/times"] = h5py.SoftLink("/data/times")
                f["spikes/u"] = f["spikes/units"][()]
                del f["spikes/units"]
                f["spikes/units"] = h5py.SoftLink("u")
            else:
                f["spikes/times"] = h5py.ExternalLink("other.h5", "/spikes/times")
        return {}
    if kind == "labels_dims":
        published(path, speaker=False)
        return {"declared": patch_dataspace(path, "labels", len(s))}
    if kind == "times_dims":
        published(path, speaker=False)
        return {"declared": patch_dataspace(path, "spikes/times", len(s))}
    if kind == "gzip_times_dims":
        published_vlen(path, s, chunks=(4,), compression="gzip")
        return {"declared": patch_dataspace(path, "spikes/times", len(s))}
    if kind == "vlen_length":
        published(path)
        offset, length, _, _ = vlen_heap_id(path, "spikes/times", 3)
        patch_byte(path, offset + 2, BIG)
        return {"sequence": length + (BIG << 16), "bytes": 2 * length}
    if kind == "heap_size":
        published(path)
        _, _, address, _ = vlen_heap_id(path, "spikes/times", 0)
        data = bytearray(open(path, "rb").read())
        size = struct.unpack("<Q", data[address + 8:address + 16])[0]
        data[address + 8 + 4] = BIG
        open(path, "wb").write(data)
        return {"address": address, "size": size + (BIG << 32)}
    if kind == "partly_written":
        published_vlen(path, s, written=4, chunks=(2,))
        return {}
    if kind == "never_written":
        published(path)
        with h5py.File(path, "a") as f:
            del f["labels"]
            f.create_dataset("labels", (len(s),), dtype=np.uint16)
        return {}
    if kind in ("fletcher_damaged", "gzip_damaged"):
        write_flat(path, s, SHD_CHANNELS, skip=("spikes/times",))
        times = np.concatenate([np.asarray(x[0], dtype=np.float32) for x in s])
        with h5py.File(path, "a") as f:
            if kind == "fletcher_damaged":
                f.create_dataset("spikes/times", data=times, chunks=(16,), fletcher32=True)
            else:
                f.create_dataset("spikes/times", data=times, chunks=(16,), compression="gzip")
        chunk = first_chunk(path, "spikes/times")
        data = open(path, "rb").read()
        offset = chunk.byte_offset + (5 if kind == "fletcher_damaged" else 0)
        patch_byte(path, offset, data[offset] ^ 0xff if kind == "fletcher_damaged" else 0)
        return {}
    if kind == "label_max_int":
        write_published(path, s, None, None)
        with h5py.File(path, "a") as f:
            labels = f["labels"][()].astype(np.int32)
            labels[2] = 2 ** 31 - 1
            del f["labels"]
            f["labels"] = labels
        return {}
    if kind == "time_too_late":
        times = s[3][0].astype(np.float32)
        times[2:] = 3.0e6
        s[3] = (times, s[3][1], s[3][2])
        published_vlen(path, s, time_dtype=np.float32)
        return {}
    if kind == "channels_dims":
        published(path)
        with h5py.File(path, "a") as f:
            f.attrs["channels"] = np.array([SHD_CHANNELS], dtype=np.int32)
        return {"declared": patch_dataspace(path, None, 1, attribute="channels")}
    if kind == "channels_array":
        published(path)
        with h5py.File(path, "a") as f:
            f.attrs["channels"] = np.array([SHD_CHANNELS] * 3, dtype=np.int32)
        return {}
    if kind == "szip":
        published_vlen(path, s, chunks=(8,), compression="szip")
        return {}
    if kind == "scaleoffset":
        write_flat(path, s, SHD_CHANNELS, skip=("spikes/units",))
        units = np.concatenate([np.asarray(x[1], dtype=np.int16) for x in s])
        with h5py.File(path, "a") as f:
            f.create_dataset("spikes/units", data=units, chunks=(16,), scaleoffset=0)
        return {}
    if kind == "external_storage":
        write_flat(path, s, SHD_CHANNELS, skip=("spikes/times",))
        times = np.concatenate([np.asarray(x[0], dtype=np.float32) for x in s])
        raw = path + ".times.bin"
        with h5py.File(path, "a") as f:
            f.create_dataset("spikes/times", data=times, external=[(os.path.basename(raw), 0, times.nbytes)],
                             efile_prefix=os.path.dirname(os.path.abspath(path)))
        return {}
    sys.exit(f"unknown kind {kind}")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("dir")
    p.add_argument("kinds", nargs="+")
    a = p.parse_args()
    for kind in a.kinds:
        path = os.path.join(a.dir, kind + ".h5")
        facts = make(kind, path)
        facts["file_size"] = os.path.getsize(path)
        print(kind, " ".join(f"{k}={v}" for k, v in facts.items()))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
