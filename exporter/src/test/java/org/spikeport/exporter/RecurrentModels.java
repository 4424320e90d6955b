package org.spikeport.exporter;

import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.spikeport.core.ir.BatchNorm;
import org.spikeport.core.ir.Decoding;
import org.spikeport.core.ir.Lif;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.ir.Recurrence;
import org.spikeport.core.ir.TrainedLayer;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.core.ir.TrainedNetwork;

/**
 * A small hand-made recurrent model for the exporter's tests, with every value chosen so the folded
 * result can be computed by hand:
 *
 * <pre>
 *   hidden1: 1 -> 3, weights (1, 2, 4), delays 0; bias (0.5, 2, -1); BatchNorm gamma (2, 1, -1),
 *            beta (0.5, 0, 0.25), mean (1, -1, 0), var (3, 0, 15), eps 1, so a = (1, 1, -0.25) and the
 *            bias current beta + a (b - mean) = (0, 3, 0.5); folded weights (1, 2, -1);
 *            synaptic recurrence W[post,pre] = [[0, 0.5, 0], [-1, 0, 0], [0, 0, 2]] (six zero weights),
 *            delays 2.5 (0 &lt;- 1), 0.4 (1 &lt;- 0), 3.5 (2 &lt;- 2): D = 3, 1, 5; reset by subtraction, tau 2
 *   hidden2: 3 -> 2, weights [[1, 0, 0], [0, 1, 0]], delays 1; bias (0.25, -0.5), no BatchNorm;
 *            axonal recurrence W = [[0, 1.5], [-0.5, 0]], delays per presynaptic neuron (0.5, 1.5):
 *            D = 1 (from 0), 3 (from 1); reset to zero, tau 1.5
 *   readout: 2 -> 1, weights (1, -1), delays 0, tau 2; decoded by summed membranes
 * </pre>
 */
final class RecurrentModels {

    private RecurrentModels() {
    }

    static TrainedLayer hidden1() {
        BatchNorm bn = new BatchNorm(new float[] {2, 1, -1}, new float[] {0.5f, 0, 0.25f}, new float[] {1, -1, 0},
                new float[] {3, 0, 15}, 1.0);
        float[] w = {0, 0.5f, 0, -1, 0, 0, 0, 0, 2};
        float[] d = {0, 2.5f, 0, 0.4f, 0, 0, 0, 0, 3.5f};
        Recurrence rec = new Recurrence(Recurrence.Kind.SYNAPTIC, 3, w, d, null, 0.5);
        return new TrainedLayer("hidden1", 1, 3, new float[] {1, 2, 4}, new float[3], 6, null, bn,
                Lif.subtracting(2, 1), new float[] {0.5f, 2, -1}, rec);
    }

    static TrainedLayer hidden2() {
        Recurrence rec = new Recurrence(Recurrence.Kind.AXONAL, 2, new float[] {0, 1.5f, -0.5f, 0},
                new float[] {0.5f, 1.5f}, null, 0.5);
        return new TrainedLayer("hidden2", 3, 2, new float[] {1, 0, 0, 0, 1, 0}, new float[] {1, 1, 1, 1, 1, 1}, 6,
                null, null, Lif.spiking(1.5, 1), new float[] {0.25f, -0.5f}, rec);
    }

    static TrainedLayer readout() {
        return new TrainedLayer("readout", 2, 1, new float[] {1, -1}, new float[2], 6, null, null, Lif.readout(2));
    }

    static TrainedModel model() {
        TrainedNetwork net = new TrainedNetwork(1, 10, 0.23, List.of(hidden1(), hidden2(), readout()), Decoding.SUM);
        return new TrainedModel(net, new TreeMap<>(), List.of(),
                new Provenance("test", "test", 0, "", Instant.parse("2026-01-01T00:00:00Z"), ""));
    }
}
