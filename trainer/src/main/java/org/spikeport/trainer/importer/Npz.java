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
 * <p>Errors are one-line {@link SpikeportException}s naming the file and, for a bad array, its key.
 */
public final class Npz {

    private Npz() {
    }

    /**
     * Every array of the archive, by key (the entry name without its {@code .npy} suffix), in archive
     * order.
     *
     * @throws SpikeportException when the file is missing or unreadable, is not a zip archive or is
     *                            truncated, or holds an entry that is not a supported {@code .npy} array
     */
    public static Map<String, NpyArray> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new SpikeportException(file + ": no such file");
        }
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
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
                byte[] bytes;
                try (InputStream in = zip.getInputStream(entry)) {
                    bytes = in.readAllBytes();
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
        } catch (NoSuchFileException e) {
            throw new SpikeportException(file + ": no such file", e);
        } catch (IOException e) {
            throw new SpikeportException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
        return Collections.unmodifiableMap(arrays);
    }
}
