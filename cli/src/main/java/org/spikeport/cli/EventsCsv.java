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
 * Every spike of a replay as CSV, {@code sample,layer,step,neuron} with a header row, in sample order
 * (then layer, step, neuron) whatever order the worker threads finish in. Written to a temporary file
 * beside the target and moved into place by {@link #commit()}, so a failed replay leaves nothing.
 */
final class EventsCsv implements Replay.Inspector, AutoCloseable {

    private final Path target;
    private final Path tmp;
    private final BufferedWriter out;
    private final DeployedNetwork net;
    private final TreeMap<Integer, String> pending = new TreeMap<>();
    private int next;

    EventsCsv(Path target, DeployedNetwork net) {
        this.target = target.toAbsolutePath();
        this.net = net;
        try {
            Files.createDirectories(this.target.getParent());
            StagingFiles.removeStale(this.target);
            this.tmp = StagingFiles.tempFile(this.target);
            this.out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
            out.write("sample,layer,step,neuron\n");
        } catch (IOException e) {
            throw new SpikeportException("cannot write " + target + ": " + e.getMessage());
        }
    }

    @Override
    public void inspect(int index, CountFrame frame, Simulation.Result result) {
        StringBuilder s = new StringBuilder();
        for (int l = 0; l < result.spikes().size(); l++) {
            String name = net.layers().get(l).name();
            for (Simulation.Spike k : result.spikes().get(l)) {
                s.append(index).append(',').append(name).append(',').append(k.step()).append(',').append(k.neuron()).append('\n');
            }
        }
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
