package org.spikeport.core.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.spikeport.core.SpikeportException;

/**
 * Writes files so that a reader sees either the old content or the complete new content, never a
 * partial file: the content goes to a temporary file in the target's directory, which is flushed to
 * disk and then renamed over the target. On any failure the temporary file is deleted and the target
 * is left as it was (also when the writer fails with an {@link Error}). The temporary file is named as
 * {@link StagingFiles} says, and those a killed run left beside the target are removed first.
 */
public final class AtomicFiles {

    /** Produces a file's content into a path (the temporary file). */
    @FunctionalInterface
    public interface PathWriter {
        void writeTo(Path temporary) throws IOException;
    }

    /** Produces a file's content into a stream. */
    @FunctionalInterface
    public interface StreamWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Writes {@code bytes} to {@code target} atomically. */
    public static void write(Path target, byte[] bytes) {
        write(target, (OutputStream out) -> out.write(bytes));
    }

    /** Writes the stream content produced by {@code writer} to {@code target} atomically. */
    public static void write(Path target, StreamWriter writer) {
        writeVia(target, tmp -> {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.writeTo(out);
            }
        });
    }

    /**
     * Lets {@code writer} create a temporary file (for libraries that write to a path), then moves it
     * to {@code target} atomically.
     */
    public static void writeVia(Path target, PathWriter writer) {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (Files.isDirectory(absolute)) {
            throw new SpikeportException(target + ": is a directory; give a file name");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new SpikeportException(dir + ": cannot create the output directory (" + reason(e) + ")", e);
        }
        StagingFiles.removeStale(absolute);
        Path tmp;
        try {
            tmp = StagingFiles.tempFile(absolute);
        } catch (IOException e) {
            throw new SpikeportException(dir + ": cannot write in this directory (" + reason(e) + ")", e);
        }
        boolean moved = false;
        try {
            writer.writeTo(tmp);
            try (var channel = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } catch (IOException e) {
            throw new SpikeportException(target + ": cannot write (" + reason(e) + ")", e);
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // left for StagingFiles.removeStale on the next write of this target
                }
            }
        }
    }

    /** A short reason for an I/O failure, without the exception class name. */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such directory";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
