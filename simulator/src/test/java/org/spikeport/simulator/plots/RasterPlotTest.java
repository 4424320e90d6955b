package org.spikeport.simulator.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeport.core.arith.FloatLif;
import org.spikeport.core.data.CountFrame;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.InputEncoding;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.ir.SparseSynapses;
import org.spikeport.simulator.Platform;
import org.spikeport.simulator.Replay;
import org.spikeport.simulator.Simulation;

class RasterPlotTest {

    @TempDir
    Path dir;

    @Test
    void writesOnePanelPerStageAndNothingElse() throws IOException {
        int one = FloatLif.encodeWeight(1.0);
        DeployedLayer hidden = new DeployedLayer("hidden", 2, 2, new SparseSynapses(new int[] {0, 1}, new int[] {0, 1},
                new int[] {one, one}, new int[] {0, 2}), FloatLif.params(2.0, 0.5, new double[2]), new TreeMap<>());
        DeployedLayer readout = new DeployedLayer("readout", 2, 2, new SparseSynapses(new int[] {0, 1}, new int[] {0, 1},
                new int[] {one, one}, new int[] {1, 0}), FloatLif.params(2.0, Double.POSITIVE_INFINITY, new double[2]),
                new TreeMap<>());
        DeployedNetwork net = new DeployedNetwork(2, 10, "float", "float", "", new InputEncoding(InputEncoding.Kind.GRADED, 32),
                java.util.List.of(hidden, readout), 2, new Provenance("t", "t", 0, "", java.time.Instant.EPOCH, ""));
        CountFrame f = new CountFrame(3, 2, new int[] {1, 0, 0, 1, 1, 1}, 1);
        Simulation.Result r = Replay.simulate(net, Platform.IDEAL, f);
        assertTrue(r.spikes().get(0).size() > 0);
        Path png = dir.resolve("raster.png");
        RasterPlot.write(png, "sample 0", net, f, r);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1000, img.getWidth());
        assertEquals(3 * 280, img.getHeight(), "input, hidden and readout panels");
        assertEquals("png", ImageIO.getImageReaders(ImageIO.createImageInputStream(png.toFile())).next().getFormatName().toLowerCase());
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary file left behind");
        }
    }
}
