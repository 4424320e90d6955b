package org.spikeport.trainer.importer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.spikeport.core.SpikeportException;

/**
 * Reads a NumPy {@code .npz} archive, as written by {@code numpy.savez} (entries stored) or
 * {@code numpy.savez_compressed} (entries deflated): a zip file with one {@code .npy} file per array,
 * named {@code <key>.npy} (see {@link Npy} for the array format). ZIP64 archives are read too.
 *
 * <p>Each entry is read into exactly the uncompressed size the archive declares for it, at most
 * {@link #MAX_BYTES} for all entries together; an entry whose content is longer or shorter than declared
 * is corrupted. Errors are one-line {@link SpikeportException}s naming the file and, for a bad array, its
 * key.
 */
public final class Npz {

    /**
     * The most bytes the arrays of one archive may hold together, uncompressed (256 MiB; a DCLS model for SHD
     * or SSC holds a few MB): an entry's declared size is checked against it before anything is inflated.
     */
    public static final long MAX_BYTES = 256L << 20;

    private Npz() {
    }

    /**
     * Every array of the archive, by key (the entry name without its {@code .npy} suffix), in archive
     * order.
     *
     * @throws SpikeportException when the file is missing or unreadable, is not a zip archive or is
     *                            truncated, holds an entry that is not a supported {@code .npy} array, or
     *                            declares more than {@link #MAX_BYTES} bytes of arrays
     */
    public static Map<String, NpyArray> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new SpikeportException(file + ": no such file");
        }
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        long total = 0;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                String name = entry.getName();
                String key = name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
                String where = file + ": key '" + key + "'";
                long size = entry.getSize();
                if (size < 0 || size > MAX_BYTES - total) {
                    throw new SpikeportException(where + ": declares " + (size < 0 ? "no" : size + " bytes of")
                            + " uncompressed size; the arrays of an archive may hold at most " + MAX_BYTES
                            + " bytes together");
                }
                total += size;
                byte[] bytes = new byte[(int) size];
                try (InputStream in = zip.getInputStream(entry)) {
                    int n = in.readNBytes(bytes, 0, bytes.length);
                    if (n < bytes.length || in.read() >= 0) {
                        throw new SpikeportException(where + ": is corrupted: its content is " + (n < bytes.length
                                ? n + " bytes" : "longer than the " + size + " bytes") + " the archive declares"
                                + (n < bytes.length ? " " + size : ""));
                    }
                } catch (IOException e) {
                    throw new SpikeportException(where + ": cannot be read from the archive, which is truncated "
                            + "or corrupted (" + e.getMessage() + ")", e);
                }
                if (arrays.put(key, Npy.parse(bytes, where)) != null) {
                    throw new SpikeportException(where + ": appears twice in the archive");
                }
            }
        } catch (ZipException e) {
            throw new SpikeportException(file + ": is not a NumPy .npz archive: not a zip file, or truncated ("
                    + e.getMessage() + ")", e);
        } catch (IllegalArgumentException e) {
            // java.util.zip reports an entry name that is not valid in the archive's charset this way
            throw new SpikeportException(file + ": is not a NumPy .npz archive: an entry name is not valid UTF-8 ("
                    + e.getMessage() + ")", e);
        } catch (NoSuchFileException e) {
            throw new SpikeportException(file + ": no such file", e);
        } catch (IOException e) {
            throw new SpikeportException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
        return Collections.unmodifiableMap(arrays);
    }
}
