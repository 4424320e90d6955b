package org.spikeport.core.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The hidden files and directories spikeport writes beside an output before moving them into place, and
 * the removal of those a killed run left behind.
 *
 * <h2>Names</h2>
 * For an output named {@code NAME}: a temporary file {@code .NAME.PID-RANDOM.tmp}, a staging directory
 * {@code .NAME.KIND-PID-RANDOM} ({@code KIND} {@code partial} or {@code old}), where {@code PID} is the
 * writing process's id. Names written before the id was added ({@code .NAME.RANDOM.tmp},
 * {@code .NAME.KIND-RANDOM}) are recognised too.
 *
 * <h2>Stale</h2>
 * An entry of these names is stale, and {@link #removeStale} deletes it, when its process id is not a
 * running process, or is one that started after the entry was last modified (the id was reused); an entry
 * without a process id is stale when it was last modified before this process started. Nothing else in
 * the directory is touched.
 */
public final class StagingFiles {

    /** Kinds of staging directory. */
    public static final List<String> DIRECTORY_KINDS = List.of("partial", "old");

    private static final long PID = ProcessHandle.current().pid();

    private StagingFiles() {
    }

    /** A new empty temporary file beside {@code target}, named for it. */
    public static Path tempFile(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        return Files.createTempFile(absolute.getParent(), "." + absolute.getFileName() + "." + PID + "-", ".tmp");
    }

    /** A new empty staging directory of {@code kind} beside {@code target}, named for it. */
    public static Path tempDirectory(Path target, String kind) throws IOException {
        if (!DIRECTORY_KINDS.contains(kind)) {
            throw new IllegalArgumentException("unknown staging kind '" + kind + "'");
        }
        Path absolute = target.toAbsolutePath();
        return Files.createTempDirectory(absolute.getParent(), "." + absolute.getFileName() + "." + kind + "-" + PID + "-");
    }

    /**
     * Deletes the stale temporary files and staging directories of {@code target} (see the class comment).
     * Best effort: an entry that cannot be deleted is left, and any failure, an {@link Error} included, is
     * swallowed, since a leftover must never stop the run that would replace it.
     */
    public static void removeStale(Path target) {
        try {
            Path absolute = target.toAbsolutePath();
            Path dir = absolute.getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                return;
            }
            String prefix = "." + absolute.getFileName() + ".";
            List<Path> candidates;
            try (Stream<Path> s = Files.list(dir)) {
                candidates = s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
            }
            for (Path p : candidates) {
                Optional<Long> pid = ownedPid(p.getFileName().toString().substring(prefix.length()), Files.isDirectory(p,
                        LinkOption.NOFOLLOW_LINKS));
                if (pid != null && stale(p, pid)) {
                    deleteTree(p);
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            // best effort, see the comment
        }
    }

    /**
     * For the part of a name after {@code .NAME.}: {@code null} when it is not one of ours, else the
     * writer's process id, empty for a name without one.
     */
    static Optional<Long> ownedPid(String rest, boolean directory) {
        String body;
        if (directory) {
            String kind = DIRECTORY_KINDS.stream().filter(k -> rest.startsWith(k + "-")).findFirst().orElse(null);
            if (kind == null) {
                return null;
            }
            body = rest.substring(kind.length() + 1);
        } else {
            if (!rest.endsWith(".tmp")) {
                return null;
            }
            body = rest.substring(0, rest.length() - ".tmp".length());
        }
        if (body.matches("\\d+-\\d+")) {
            return Optional.of(Long.parseLong(body.substring(0, body.indexOf('-'))));
        }
        return body.matches("\\d+") ? Optional.empty() : null;
    }

    private static boolean stale(Path p, Optional<Long> pid) throws IOException {
        Instant modified = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant();
        if (pid.isEmpty()) {
            return ProcessHandle.current().info().startInstant().map(modified::isBefore).orElse(false);
        }
        if (pid.get() == PID) {
            return false;
        }
        Optional<ProcessHandle> writer = ProcessHandle.of(pid.get());
        if (writer.isEmpty() || !writer.get().isAlive()) {
            return true;
        }
        return writer.get().info().startInstant().map(started -> started.isAfter(modified)).orElse(false);
    }

    /** Deletes a file or a directory with everything in it, without following links. */
    public static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> s = Files.walk(p)) {
                for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(q);
                }
            }
        } else {
            Files.deleteIfExists(p);
        }
    }
}
