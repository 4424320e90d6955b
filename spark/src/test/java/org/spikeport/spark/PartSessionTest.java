package org.spikeport.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.spikeport.core.data.Binning;
import org.spikeport.core.data.SyntheticDataset;
import org.spikeport.core.data.SyntheticSpec;
import org.spikeport.trainer.DelayNetwork;
import org.spikeport.trainer.TrainConfig;
import org.spikeport.trainer.data.BinnedSamples;

/**
 * A part that continues on the executor that holds it and a part computed again from the start with the sums
 * its task brings return the same values, bit for bit, at every round.
 */
class PartSessionTest {

    @Test
    void continuedAndRecomputedPartsAgree() {
        SyntheticDataset synth = new SyntheticDataset(SyntheticSpec.defaults().withSamples(24, 8).withSeed(4));
        BinnedSamples train = BinnedSamples.of(synth.train(), synth.classes(), Binning.SHD);
        TrainConfig c = new TrainConfig("t", new int[] {12, 10}, 8, 1.005, 2, 24, 0.2, 1e-3, 5e-3, 1e-5, 0.1,
                TrainConfig.DelayMode.LEARNED, TrainConfig.SigmaMode.DECREASING, true, 0, 10, 5, 700, 3);
        DelayNetwork net = DelayNetwork.create(c, train.classes(), DataType.FLOAT);
        int[] batch = train.order(3, 0, true);
        int steps = Arrays.stream(batch).map(train::steps).max().orElseThrow();
        BatchStep kept = BatchStep.of("kept", c, train.classes(), net, batch, steps, 6, net.drawDropoutMasks(24), 2, false);
        List<double[]> known = new ArrayList<>();
        int rounds = 0;
        while (true) {
            PartResult whole = PartResult.NONE;
            for (int part = 0; part < 2; part++) {
                PartResult continued = PartSession.round(kept, part, train, List.copyOf(known));
                BatchStep fresh = new BatchStep("fresh-" + rounds + "-" + part, kept.config(), kept.classes(),
                        kept.state(), kept.indices(), kept.steps(), kept.sigma(), kept.masks(), kept.maskChannels(), 2,
                        false);
                PartResult recomputed = PartSession.round(fresh, part, train, List.copyOf(known));
                assertEquals(continued.pending, recomputed.pending);
                assertArrayEquals(continued.values(), recomputed.values(), "round " + rounds + " part " + part);
                assertArrayEquals(continued.statistics, recomputed.statistics);
                assertEquals(continued.loss, recomputed.loss);
                whole = whole.plus(continued);
            }
            rounds++;
            if (!whole.isPending()) {
                break;
            }
            known.add(whole.values());
        }
        assertEquals(3 * 2 + 1, rounds, "two BatchNorm layers: mean, variance and gradient sums each, then the end");
        assertFalse(known.isEmpty());
    }
}
