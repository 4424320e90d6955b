package org.spikeport.exporter.loihi.lava;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.spikeport.core.SpikeportException;

/**
 * Runs saved Lava networks ({@link LavaProcesses}) in Lava's CPU simulation with
 * {@code select_tag='fixed_pt'} (the bit-accurate models), in a separate Python process
 * ({@code python spikeport_lava.py run JOBS.h5 RESULTS.h5}; Lava starts one worker process per Lava
 * process, which must not happen inside the JVM).
 *
 * <p>Input: each sample's counts per step and channel, row-major {@code (rows, inputs)}, as the
 * simulator takes them; rows past the sample's input are zero, and a sample runs for its given number
 * of steps. They reach Lava through {@code lava.proc.io.source.RingBuffer} (sending step {@code t}'s row
 * at Lava's {@code time_step = t + 1}) into {@code DelayDense_1.s_in}. Every LIF's spikes are recorded
 * by {@code lava.proc.io.sink.RingBuffer} and the readout's v by {@code lava.proc.monitor.Monitor},
 * after each step (after a spike's reset). All samples of a job run in one Lava runtime, one
 * {@code run(RunSteps(steps))} each, every LIF's u and v and every DelayDense's {@code a_buff} set to 0
 * before each sample after the first (see {@code spikeport_lava.py}).
 */
public final class LavaSimulation {

    /** One network and its samples. */
    public record Job(Path processes, int inputs, List<int[]> counts, int[] steps) {
        public Job {
            if (counts.size() != steps.length) {
                throw new IllegalArgumentException(counts.size() + " samples but " + steps.length + " step counts");
            }
            for (int i = 0; i < steps.length; i++) {
                if (steps[i] < 1 || counts.get(i).length % inputs != 0 || counts.get(i).length / inputs > steps[i]) {
                    throw new IllegalArgumentException("sample " + i + ": " + counts.get(i).length + " counts of "
                            + inputs + " channels do not fit " + steps[i] + " steps");
                }
            }
        }
    }

    /**
     * One sample as Lava ran it.
     *
     * @param spikes  per layer, its spikes encoded {@code step * neurons + neuron}, ascending (so ordered
     *                by step, then neuron)
     * @param readout the last layer's v after each step, {@code [steps][outputs]}
     * @param seconds wall time of the sample's run, its state reset included
     */
    public record Sample(List<long[]> spikes, long[][] readout, double seconds) {
    }

    /**
     * One job's outcome.
     *
     * @param samples      per sample
     * @param setupSeconds loading the file, connecting input and recorders, compiling and starting Lava's workers
     */
    public record Run(List<Sample> samples, double setupSeconds) {
    }

    private LavaSimulation() {
    }

    /**
     * Runs every job in one Python process and returns their results in order. {@code work} receives
     * the jobs, results and log files. The process is given {@code 120 s + 50 ms} per step of all jobs
     * to finish.
     */
    public static List<Run> run(LavaEnvironment env, List<Job> jobs, Path work) {
        return run(env, jobs, work, "run");
    }

    /**
     * As {@link #run}, for jobs whose {@code processes} is the {@code run_netx.py} written beside a
     * {@code network.net}: each runs the network that script's {@code load()} builds with lava-dl NetX, its
     * input through {@code net.inp} and each block's synapse and neuron recorded and reset as a DelayDense and
     * a LIF ({@code python spikeport_lava.py netx}); the interpreter must have lava-dl.
     */
    public static List<Run> runNetx(LavaEnvironment env, List<Job> jobs, Path work) {
        return run(env, jobs, work, "netx");
    }

    private static List<Run> run(LavaEnvironment env, List<Job> jobs, Path work, String command) {
        Path module = LavaEnvironment.writeModule(work);
        Path jobsFile = work.resolve("jobs.h5");
        Path results = work.resolve("results.h5");
        Path log = work.resolve("lava.log");
        long totalSteps = 0;
        try (WritableHdfFile h = HdfFile.write(jobsFile)) {
            WritableGroup root = h.putGroup("job");
            for (int j = 0; j < jobs.size(); j++) {
                Job job = jobs.get(j);
                int total = 0;
                for (int s : job.steps()) {
                    total = Math.addExact(total, s);
                }
                totalSteps += total;
                int[][] counts = new int[job.inputs()][total];
                int offset = 0;
                for (int i = 0; i < job.steps().length; i++) {
                    int[] c = job.counts().get(i);
                    for (int k = 0; k < c.length; k++) {
                        counts[k % job.inputs()][offset + k / job.inputs()] = c[k];
                    }
                    offset += job.steps()[i];
                }
                WritableGroup g = root.putGroup(Integer.toString(j));
                g.putDataset("processes", new String[] {job.processes().toAbsolutePath().toString()});
                g.putDataset("counts", counts);
                g.putDataset("steps", job.steps().clone());
            }
        }
        long timeoutMs = 120_000 + 50 * totalSteps;
        try {
            Process p = new ProcessBuilder(env.python().toString(), module.toString(), command, jobsFile.toString(),
                    results.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new SpikeportException("Lava did not finish " + totalSteps + " steps within " + timeoutMs / 1000
                        + " s; its log: " + log);
            }
            if (p.exitValue() != 0) {
                throw new SpikeportException("Lava's simulation failed (exit " + p.exitValue() + "): " + tail(log)
                        + " (full log: " + log + ")");
            }
        } catch (IOException e) {
            throw new SpikeportException("cannot run " + env.python() + " (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpikeportException("interrupted while Lava was running", e);
        }
        return read(results, jobs);
    }

    private static List<Run> read(Path results, List<Job> jobs) {
        List<Run> runs = new ArrayList<>();
        try (HdfFile h = new HdfFile(results)) {
            for (int j = 0; j < jobs.size(); j++) {
                String g = "job/" + j + "/";
                int layers = ((io.jhdf.api.Group) h.getByPath(g + "spikes")).getChildren().size();
                long[][] readout = longs2(h.getDatasetByPath(g + "readout"));
                double[] seconds = (double[]) h.getDatasetByPath(g + "sample_seconds").getData();
                double setup = ((double[]) h.getDatasetByPath(g + "setup_seconds").getData())[0];
                List<long[][]> spikes = new ArrayList<>();
                for (int l = 0; l < layers; l++) {
                    spikes.add(longs2(h.getDatasetByPath(g + "spikes/" + l)));
                }
                List<Sample> samples = new ArrayList<>();
                int offset = 0;
                for (int i = 0; i < jobs.get(j).steps().length; i++) {
                    int steps = jobs.get(j).steps()[i];
                    List<long[]> perLayer = new ArrayList<>();
                    for (long[][] s : spikes) {
                        perLayer.add(encode(s, offset, steps));
                    }
                    long[][] v = new long[steps][];
                    System.arraycopy(readout, offset, v, 0, steps);
                    samples.add(new Sample(perLayer, v, seconds[i]));
                    offset += steps;
                }
                runs.add(new Run(samples, setup));
            }
        }
        return runs;
    }

    /** The spikes of rows {@code offset .. offset + steps - 1} of a {@code (steps, neurons)} 0/1 matrix. */
    private static long[] encode(long[][] s, int offset, int steps) {
        List<Long> out = new ArrayList<>();
        for (int t = 0; t < steps; t++) {
            long[] row = s[offset + t];
            for (int n = 0; n < row.length; n++) {
                if (row[n] != 0) {
                    out.add((long) t * row.length + n);
                }
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** A 2-D integer dataset of any width as {@code long[][]}. */
    private static long[][] longs2(Dataset d) {
        Object data = d.getData();
        int rows = Array.getLength(data);
        long[][] out = new long[rows][];
        for (int r = 0; r < rows; r++) {
            Object row = Array.get(data, r);
            int n = Array.getLength(row);
            out[r] = new long[n];
            for (int c = 0; c < n; c++) {
                out[r][c] = ((Number) Array.get(row, c)).longValue();
            }
        }
        return out;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 8), lines.size())).strip();
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
