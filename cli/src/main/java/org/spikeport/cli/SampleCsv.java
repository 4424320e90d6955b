package org.spikeport.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.TreeMap;
import org.spikeport.core.SpikeportException;
import org.spikeport.core.data.CountFrame;
import org.spikeport.core.files.StagingFiles;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.simulator.Replay;
import org.spikeport.simulator.Simulation;

/**
 * A CSV of rows per replayed sample, with a header row, in sample order whatever order the worker
 * threads finish in. Written to a temporary file beside the target and moved into place by
 * {@link #commit()} (replacing an existing file, as every output of {@code replay}), so a failed replay
 * leaves nothing.
 */
final class SampleCsv implements Replay.Inspector, AutoCloseable {

    /** One sample's rows, each ending in a newline. */
    @FunctionalInterface
    interface Rows {
        void append(StringBuilder s, int index, Simulation.Result result);
    }

    private final Path target;
    private final Path tmp;
    private final BufferedWriter out;
    private final Rows rows;
    private final TreeMap<Integer, String> pending = new TreeMap<>();
    private int next;

    SampleCsv(Path target, String header, Rows rows) {
        this.target = target.toAbsolutePath();
        this.rows = rows;
        try {
            Files.createDirectories(this.target.getParent());
            StagingFiles.removeStale(this.target);
            this.tmp = StagingFiles.tempFile(this.target);
            this.out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
            out.write(header + "\n");
        } catch (IOException e) {
            throw new SpikeportException("cannot write " + target + ": " + e.getMessage());
        }
    }

    /** Every spike of the replay: {@code sample,layer,step,neuron}, ordered by sample, layer, step, neuron. */
    static SampleCsv events(Path target, DeployedNetwork net) {
        return new SampleCsv(target, "sample,layer,step,neuron", (s, index, result) -> {
            for (int l = 0; l < result.spikes().size(); l++) {
                String name = net.layers().get(l).name();
                for (Simulation.Spike k : result.spikes().get(l)) {
                    s.append(index).append(',').append(name).append(',').append(k.step()).append(',')
                            .append(k.neuron()).append('\n');
                }
            }
        });
    }

    /**
     * The readout layer's membranes after every simulated step: {@code sample,step,v_0..v_{C-1},
     * raw_0..raw_{C-1}}, one row per sample and step. {@code v_k} is class {@code k}'s membrane in the
     * trained model's float units (what the decision is taken on); {@code raw_k} the same membrane as the
     * chip holds it, as a signed 64-bit integer: a fixed-point arithmetic's integer state, a floating-point
     * one's bit pattern (the IEEE-754 double's bits as {@code Double.doubleToLongBits} gives them for
     * {@code lif-float}, the 16 bf16 bits for {@code seneca-bf16-lif}).
     */
    static SampleCsv membranes(Path target, DeployedNetwork net) {
        int classes = net.outputs();
        StringBuilder header = new StringBuilder("sample,step");
        for (int k = 0; k < classes; k++) {
            header.append(",v_").append(k);
        }
        for (int k = 0; k < classes; k++) {
            header.append(",raw_").append(k);
        }
        return new SampleCsv(target, header.toString(), (s, index, result) -> {
            for (int t = 0; t < result.readout().length; t++) {
                s.append(index).append(',').append(t);
                for (int k = 0; k < classes; k++) {
                    s.append(',').append(result.readout()[t][k]);
                }
                for (int k = 0; k < classes; k++) {
                    s.append(',').append(result.rawReadout()[t][k]);
                }
                s.append('\n');
            }
        });
    }

    @Override
    public void inspect(int index, CountFrame frame, Simulation.Result result) {
        StringBuilder s = new StringBuilder();
        rows.append(s, index, result);
        synchronized (this) {
            pending.put(index, s.toString());
            try {
                while (!pending.isEmpty() && pending.firstKey() == next) {
                    out.write(pending.pollFirstEntry().getValue());
                    next++;
                }
            } catch (IOException e) {
                throw new SpikeportException("cannot write " + target + ": " + e.getMessage(), e);
            }
        }
    }

    /** Flushes and moves the file into place. */
    synchronized void commit() {
        try {
            for (String s : pending.values()) {
                out.write(s);
            }
            pending.clear();
            out.close();
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new SpikeportException("cannot write " + target + ": " + e.getMessage());
        }
    }

    /** Removes the temporary file if {@link #commit()} did not run. */
    @Override
    public void close() {
        try {
            out.close();
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            throw new SpikeportException("cannot remove the temporary file " + tmp + ": " + e.getMessage(), e);
        }
    }
}
