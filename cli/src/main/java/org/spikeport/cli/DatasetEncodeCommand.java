package org.spikeport.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.spikeport.audio.AudioFiles;
import org.spikeport.audio.Cochlea;
import org.spikeport.core.SpikeportException;
import org.spikeport.core.data.FlatDatasetWriter;
import org.spikeport.core.json.Json;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spikeport dataset encode}: recordings to a spike dataset with the SHD cochlea. */
@Command(
        name = "encode",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Encode recordings into a spike dataset with the SHD cochlea model.", "",
            "Encode WAV recordings into spikes of 700 channels as the Heidelberg Spiking Data Sets were made "
                + "(Cramer et al. 2020; lauscher's basilar membrane, hair cell and bushy cell model, whose "
                + "deterministic stages spikeport's test suite checks against lauscher to 1e-9): each file is mixed "
                + "to mono, resampled to 48 kHz (the rate of SHD's recordings, whose band the 700 channels span), "
                + "encoded, and written to OUT.h5 in spikeport's flat layout with the class names. WAV with "
                + "integer PCM of 8 to 32 bits or float PCM, any sample rate and channel count, is read; FLAC is "
                + "refused (no Java FLAC decoder among spikeport's dependencies: convert it to WAV). Seeded and "
                + "deterministic: the bushy cells' random draws depend on --seed and the file's position only.", "",
            "A file that cannot be read or encoded is reported on one line and skipped; --strict stops at the "
                + "first one instead (exit 1, nothing written)."})
public final class DatasetEncodeCommand implements java.util.concurrent.Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption json;

    @Mixin
    ThreadsOption threads;

    @Option(names = "--audio", required = true, arity = "1..*", paramLabel = "DIR|FILE",
            description = "Recordings: files, or directories searched recursively for .wav, .wave and .flac files.")
    List<Path> audio;

    static final class Labels {
        @Option(names = "--labels", paramLabel = "CSV", description = "CSV of file,label rows (a header row "
                + "file,label is allowed); files relative to the CSV's directory. Labels are class names, or class "
                + "numbers 0, 1, ... when every label is a whole number.")
        Path csv;

        @Option(names = "--label-from-dir", description = "Each file's class is the name of its directory.")
        boolean fromDir;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Labels labels;

    @Option(names = "--out", required = true, paramLabel = "FILE.h5", description = "The dataset to write.")
    Path out;

    @Option(names = "--max-seconds", paramLabel = "S", description = "Longest recording accepted (default: "
            + "${DEFAULT-VALUE}); longer ones are refused before their samples are read.")
    double maxSeconds = 10;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the bushy cells' random draws (default: ${DEFAULT-VALUE}).")
    long seed = 0;

    @Option(names = "--strict", description = "Stop at the first file that cannot be read or encoded.")
    boolean strict;

    @Option(names = "--force", description = "Overwrite FILE.h5 if it exists.")
    boolean force;

    @Override
    public Integer call() {
        if (!(maxSeconds > 0 && maxSeconds <= 3600)) {
            throw new SpikeportException("--max-seconds must be in (0, 3600], got " + maxSeconds);
        }
        int nThreads = threads.threads();
        if (Files.exists(out) && !force) {
            throw new SpikeportException(out + ": already exists; use --force to overwrite it");
        }
        List<Path> files = audioFiles(audio);
        if (files.isEmpty()) {
            throw new SpikeportException("no audio files (.wav, .wave, .flac) found in " + audio);
        }
        Labelled l = labels.csv != null ? fromCsv(labels.csv, files) : fromDirectories(files);
        PrintWriter err = spec.commandLine().getErr();
        for (String line : l.unlabelled) {
            if (strict) {
                throw new SpikeportException(line);
            }
            err.println("spikeport: " + line + " (skipped)");
        }
        if (l.items.isEmpty()) {
            throw new SpikeportException("no labelled audio files to encode");
        }
        AudioEncoding.Result r = AudioEncoding.encode(l.items, maxSeconds, seed, nThreads, strict, err,
                "encoding " + out.getFileName());
        for (String line : r.skipped()) {
            err.println("spikeport: " + line + " (skipped)");
        }
        err.flush();
        if (r.samples().isEmpty()) {
            throw new SpikeportException("none of the " + l.items.size() + " audio files could be encoded; nothing written");
        }
        if (r.samples().stream().allMatch(s -> s.size() == 0)) {
            throw new SpikeportException("the encoded recordings hold no spikes; nothing written");
        }
        FlatDatasetWriter.write(out, r.samples(), l.classNames, Cochlea.CHANNELS);
        int skipped = r.skipped().size() + l.unlabelled.size();
        PrintWriter o = spec.commandLine().getOut();
        if (json.enabled()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("out", out.toString());
            m.put("samples", r.samples().size());
            m.put("skipped", skipped);
            m.put("classes", l.classNames);
            m.put("channels", Cochlea.CHANNELS);
            m.put("seed", seed);
            o.println(Json.write(m));
        } else {
            o.printf("wrote %s: %d samples of %d classes, %d input channels%s%n", out, r.samples().size(),
                    l.classNames.size(), Cochlea.CHANNELS,
                    skipped == 0 ? "" : "; " + skipped + (skipped == 1 ? " file" : " files") + " skipped");
        }
        o.flush();
        return 0;
    }

    /** The files named, directories expanded recursively to their audio files; sorted within each directory. */
    static List<Path> audioFiles(List<Path> args) {
        List<Path> files = new ArrayList<>();
        for (Path a : args) {
            if (Files.isDirectory(a)) {
                try (Stream<Path> s = Files.walk(a)) {
                    s.filter(p -> Files.isRegularFile(p) && AudioFiles.isAudioName(p)).sorted().forEach(files::add);
                } catch (IOException | java.io.UncheckedIOException e) {
                    throw new SpikeportException(a + ": cannot list the directory: " + e.getMessage());
                }
            } else if (Files.exists(a)) {
                files.add(a);
            } else {
                throw new SpikeportException(a + ": no such file or directory");
            }
        }
        return files;
    }

    private record Labelled(List<AudioEncoding.Item> items, List<String> classNames, List<String> unlabelled) {
    }

    private static Labelled fromDirectories(List<Path> files) {
        TreeSet<String> names = new TreeSet<>();
        for (Path f : files) {
            names.add(directoryName(f));
        }
        List<String> classes = new ArrayList<>(names);
        List<AudioEncoding.Item> items = new ArrayList<>();
        for (Path f : files) {
            items.add(new AudioEncoding.Item(f, classes.indexOf(directoryName(f))));
        }
        return new Labelled(items, classes, List.of());
    }

    private static String directoryName(Path f) {
        Path parent = f.toAbsolutePath().normalize().getParent();
        if (parent == null || parent.getFileName() == null) {
            throw new SpikeportException(f + ": has no directory to take its class from (--label-from-dir)");
        }
        return parent.getFileName().toString();
    }

    private static Labelled fromCsv(Path csv, List<Path> files) {
        List<String> lines;
        try {
            if (Files.size(csv) > 64L << 20) {
                throw new SpikeportException(csv + ": larger than 64 MiB; a labels CSV holds one short row per file");
            }
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SpikeportException(csv + ": cannot be read: " + e.getMessage());
        }
        Path base = csv.toAbsolutePath().normalize().getParent();
        Map<Path, String> byFile = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isEmpty() || i == 0 && line.equalsIgnoreCase("file,label")) {
                continue;
            }
            int comma = line.lastIndexOf(',');
            if (comma <= 0 || comma == line.length() - 1) {
                throw new SpikeportException(csv + ": line " + (i + 1) + ": expected file,label");
            }
            Path f = base.resolve(line.substring(0, comma).strip()).normalize();
            String label = line.substring(comma + 1).strip();
            if (byFile.put(f, label) != null) {
                throw new SpikeportException(csv + ": line " + (i + 1) + ": a second label for " + f);
            }
        }
        boolean numeric = !byFile.isEmpty() && byFile.values().stream().allMatch(v -> v.matches("[0-9]{1,5}"));
        List<String> classes = new ArrayList<>();
        if (numeric) {
            int max = byFile.values().stream().mapToInt(Integer::parseInt).max().orElse(0);
            for (int k = 0; k <= max; k++) {
                classes.add(Integer.toString(k));
            }
        } else {
            classes.addAll(new TreeSet<>(byFile.values()));
        }
        List<AudioEncoding.Item> items = new ArrayList<>();
        List<String> unlabelled = new ArrayList<>();
        for (Path f : files) {
            String label = byFile.get(f.toAbsolutePath().normalize());
            if (label == null) {
                unlabelled.add(f + ": no label for it in " + csv);
            } else {
                items.add(new AudioEncoding.Item(f, numeric ? Integer.parseInt(label) : classes.indexOf(label)));
            }
        }
        return new Labelled(items, classes, unlabelled);
    }
}
