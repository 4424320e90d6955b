package org.spikeport.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.spikeport.audio.AudioException;
import org.spikeport.audio.AudioFiles;
import org.spikeport.audio.AudioWriter;
import org.spikeport.audio.Cochlea;
import org.spikeport.audio.Resampler;
import org.spikeport.core.SpikeportException;
import org.spikeport.core.data.FlatDatasetWriter;
import org.spikeport.core.files.AtomicFiles;
import org.spikeport.core.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spikeport dataset speak}: a spoken-digit dataset in SHD's design, rendered with espeak-ng. */
@Command(
        name = "speak",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Render spoken digits with espeak-ng and encode them (train.h5, test.h5).", "",
            "A spoken-digit dataset in the design of the Heidelberg Digits (SHD): the digits 0 to 9 in English and "
                + "German, 20 classes (zero ... nine, null ... neun), rendered with espeak-ng across voice variants, "
                + "speeds (140 to 200 words per minute) and pitches (30 to 70 of espeak-ng's 0 to 99), then encoded with the SHD cochlea model as `dataset encode` does. Test "
                + "samples are spoken by voice variants that no training sample uses (" + "train: "
                + "m1-m6, f1, f2, f3, f5; test: m7, m8, f4), as SHD holds out speakers. Each clip is trimmed of "
                + "silence, resampled to 48 kHz and centred in " + DatasetSpeakCommand.CLIP_SAMPLES + " samples "
                + "(0.683 s; longer utterances are cut), so all clips share one transfer function. Seeded and "
                + "deterministic for a given espeak-ng.", "",
            "Writes DIR/train.h5 and DIR/test.h5 (flat layout with class names), the clips in DIR/audio/ and "
                + "DIR/manifest.csv (split, class, word, voice, speed, pitch, file). espeak-ng is a Debian/Ubuntu "
                + "package: sudo apt-get install espeak-ng."})
public final class DatasetSpeakCommand implements java.util.concurrent.Callable<Integer> {

    /** Clip length at 48 kHz: N/2 + 1 = 16384 membrane samples, a power of two for the transforms. */
    static final int CLIP_SAMPLES = 32_766;

    static final String[] ENGLISH = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};
    static final String[] GERMAN = {"null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun"};
    static final List<String> TRAIN_VOICES = List.of("m1", "m2", "m3", "m4", "m5", "m6", "f1", "f2", "f3", "f5");
    static final List<String> TEST_VOICES = List.of("m7", "m8", "f4");
    static final int SPEED_MIN = 140;
    static final int SPEED_MAX = 200;
    static final int PITCH_MIN = 30;
    static final int PITCH_MAX = 70;

    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption json;

    @Mixin
    ThreadsOption threads;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write into (created if missing).")
    Path out;

    @Option(names = "--train-per-class", paramLabel = "N", description = "Training clips per class (default: ${DEFAULT-VALUE}).")
    int trainPerClass = 24;

    @Option(names = "--test-per-class", paramLabel = "N", description = "Test clips per class (default: ${DEFAULT-VALUE}).")
    int testPerClass = 8;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of voices, speeds, pitches and the cochlea (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--espeak", paramLabel = "PATH", description = "The espeak-ng program (default: espeak-ng on PATH).")
    Path espeak;

    @Option(names = "--force", description = "Overwrite existing files in DIR.")
    boolean force;

    /** One clip to render: its class, words and espeak-ng settings. */
    record Clip(String split, int label, String word, String language, String voice, int speed, int pitch, Path file) {
    }

    @Override
    public Integer call() {
        if (trainPerClass < 1 || testPerClass < 1 || trainPerClass > 10_000 || testPerClass > 10_000) {
            throw new SpikeportException("--train-per-class and --test-per-class must be 1 to 10000");
        }
        int nThreads = threads.threads();
        Path program = espeakProgram();
        Path trainFile = out.resolve("train.h5");
        Path testFile = out.resolve("test.h5");
        for (Path f : List.of(trainFile, testFile)) {
            if (Files.exists(f) && !force) {
                throw new SpikeportException(f + ": already exists; use --force to overwrite it");
            }
        }
        List<String> classes = classNames();
        List<Clip> train = plan("train", trainPerClass, TRAIN_VOICES, new SplittableRandom(seed));
        List<Clip> test = plan("test", testPerClass, TEST_VOICES, new SplittableRandom(seed).split());
        PrintWriter err = spec.commandLine().getErr();
        List<Clip> all = new ArrayList<>(train);
        all.addAll(test);
        int cut = render(program, all, nThreads, err);

        // One run for both splits: every clip has the same length, so they share one transfer function.
        AudioEncoding.Result r = AudioEncoding.encode(items(all), 10, seed, nThreads, true, err,
                "encoding " + all.size() + " clips");
        FlatDatasetWriter.write(trainFile, r.samples().subList(0, train.size()), classes, Cochlea.CHANNELS);
        FlatDatasetWriter.write(testFile, r.samples().subList(train.size(), all.size()), classes, Cochlea.CHANNELS);
        writeManifest(out.resolve("manifest.csv"), all);

        PrintWriter o = spec.commandLine().getOut();
        if (json.enabled()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("train", trainFile.toString());
            m.put("test", testFile.toString());
            m.put("train_samples", train.size());
            m.put("test_samples", test.size());
            m.put("classes", classes);
            m.put("train_voices", TRAIN_VOICES);
            m.put("test_voices", TEST_VOICES);
            m.put("clips_cut", cut);
            m.put("seed", seed);
            o.println(Json.write(m));
        } else {
            o.printf(Locale.ROOT, "wrote %s (%d samples) and %s (%d samples): 20 classes (digits in English and German),"
                    + " 700 input channels, %.3f s each; test voices %s held out of training; seed %d%s%n", trainFile,
                    train.size(), testFile, test.size(), CLIP_SAMPLES / (double) Cochlea.SAMPLE_RATE,
                    String.join(" ", TEST_VOICES), seed, cut == 0 ? "" : "; " + cut + " clips cut to fit");
        }
        o.flush();
        return 0;
    }

    static List<String> classNames() {
        List<String> c = new ArrayList<>(List.of(ENGLISH));
        c.addAll(List.of(GERMAN));
        return c;
    }

    /** {@code perClass} clips of each class, round-robin over the classes, with seeded voices, speeds and pitches. */
    private List<Clip> plan(String split, int perClass, List<String> voices, SplittableRandom random) {
        List<Clip> clips = new ArrayList<>();
        for (int i = 0; i < perClass; i++) {
            for (int label = 0; label < 20; label++) {
                boolean english = label < 10;
                String word = english ? ENGLISH[label] : GERMAN[label - 10];
                String voice = voices.get(random.nextInt(voices.size()));
                int speed = SPEED_MIN + random.nextInt(SPEED_MAX - SPEED_MIN + 1);
                int pitch = PITCH_MIN + random.nextInt(PITCH_MAX - PITCH_MIN + 1);
                Path file = out.resolve("audio").resolve(split).resolve(String.format(Locale.ROOT, "%02d-%s", label,
                        english ? "en" : "de")).resolve(String.format(Locale.ROOT, "%05d.wav", i));
                clips.add(new Clip(split, label, word, english ? "en-us" : "de", voice, speed, pitch, file));
            }
        }
        return clips;
    }

    private static List<AudioEncoding.Item> items(List<Clip> clips) {
        List<AudioEncoding.Item> items = new ArrayList<>();
        for (Clip c : clips) {
            items.add(new AudioEncoding.Item(c.file(), c.label()));
        }
        return items;
    }

    /** espeak-ng: --espeak, else espeak-ng on PATH; missing, one line saying how to install it. */
    private Path espeakProgram() {
        if (espeak != null) {
            if (!Files.isExecutable(espeak)) {
                throw new SpikeportException(espeak + ": espeak-ng not found or not executable (--espeak); install it "
                        + "with: sudo apt-get install espeak-ng");
            }
            return espeak;
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(java.io.File.pathSeparator)) {
                if (d.isEmpty()) {
                    continue;
                }
                Path p = Path.of(d, "espeak-ng");
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        throw new SpikeportException("espeak-ng not found on PATH; install it with: sudo apt-get install espeak-ng "
                + "(Debian/Ubuntu), or give its path with --espeak");
    }

    /** Renders every clip on {@code threads} threads; returns how many were cut to {@link #CLIP_SAMPLES}. */
    private int render(Path program, List<Clip> clips, int threads, PrintWriter err) {
        Progress progress = new Progress(err, "speaking " + clips.size() + " clips", clips.size());
        AtomicInteger done = new AtomicInteger();
        AtomicInteger cut = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            Path tmpDir = Files.createDirectories(out.resolve("audio"));
            List<Future<?>> jobs = new ArrayList<>();
            for (Clip c : clips) {
                jobs.add(pool.submit(() -> {
                    if (renderOne(program, c, tmpDir)) {
                        cut.incrementAndGet();
                    }
                    synchronized (progress) {
                        progress.update(done.incrementAndGet());
                    }
                    return null;
                }));
            }
            for (Future<?> f : jobs) {
                f.get();
            }
        } catch (IOException e) {
            throw new SpikeportException(out + ": cannot create the audio directory: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpikeportException("interrupted while rendering speech");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        progress.finish();
        return cut.get();
    }

    /** Renders {@code c} with espeak-ng, trims, resamples and centres it; true when it had to be cut. */
    private static boolean renderOne(Path program, Clip c, Path tmpDir) throws IOException {
        Path raw = Files.createTempFile(tmpDir, ".espeak-", ".wav");
        try {
            List<String> cmd = List.of(program.toString(), "-v", c.language() + "+" + c.voice(), "-s",
                    Integer.toString(c.speed()), "-p", Integer.toString(c.pitch()), "-w", raw.toString(), c.word());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            boolean finished = p.waitFor(60, TimeUnit.SECONDS);
            if (!finished) {
                p.destroyForcibly();
                throw new SpikeportException(program + " did not finish within 60 s for '" + c.word() + "'");
            }
            if (p.exitValue() != 0) {
                throw new SpikeportException(program + " failed (exit " + p.exitValue() + ") for '" + c.word() + "' with "
                        + "voice " + c.language() + "+" + c.voice() + (output.isEmpty() ? "" : ": " + output));
            }
            AudioFiles.Audio a;
            try {
                a = AudioFiles.read(raw, 10);
            } catch (AudioException e) {
                throw new SpikeportException(program + " wrote no readable audio for '" + c.word() + "': " + e.getMessage());
            }
            double[] x = Resampler.resample(trim(a.samples()), a.sampleRate(), Cochlea.SAMPLE_RATE);
            double[] clip = new double[CLIP_SAMPLES];
            int len = Math.min(x.length, CLIP_SAMPLES);
            int from = (x.length - len) / 2;
            int to = (CLIP_SAMPLES - len) / 2;
            System.arraycopy(x, from, clip, to, len);
            Files.createDirectories(c.file().getParent());
            AudioWriter.writeWav(c.file(), clip, Cochlea.SAMPLE_RATE);
            return x.length > CLIP_SAMPLES;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpikeportException("interrupted while rendering speech");
        } finally {
            Files.deleteIfExists(raw);
        }
    }

    /** {@code x} without the leading and trailing samples below 1 % of its peak; a silent clip stays whole. */
    static double[] trim(double[] x) {
        double peak = 0;
        for (double v : x) {
            peak = Math.max(peak, Math.abs(v));
        }
        double threshold = 0.01 * peak;
        int first = 0;
        while (first < x.length && Math.abs(x[first]) <= threshold) {
            first++;
        }
        int last = x.length - 1;
        while (last > first && Math.abs(x[last]) <= threshold) {
            last--;
        }
        if (first >= x.length) {
            return x.clone();
        }
        return java.util.Arrays.copyOfRange(x, first, last + 1);
    }

    private static void writeManifest(Path file, List<Clip> clips) {
        StringBuilder s = new StringBuilder("split,class,word,voice,speed,pitch,file\n");
        Path base = file.toAbsolutePath().getParent();
        for (Clip c : clips) {
            s.append(c.split()).append(',').append(c.label()).append(',').append(c.word()).append(',')
                    .append(c.language()).append('+').append(c.voice()).append(',').append(c.speed()).append(',')
                    .append(c.pitch()).append(',').append(base.relativize(c.file().toAbsolutePath())).append('\n');
        }
        AtomicFiles.write(file, s.toString().getBytes(StandardCharsets.UTF_8));
    }
}
