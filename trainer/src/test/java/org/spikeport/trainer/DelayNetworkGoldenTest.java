package org.spikeport.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.spikeport.trainer.nn.ReadoutLoss;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * A 2-layer network (DCLS -> BN -> LIF, DCLS -> readout -> loss) against forward values and
 * gradients computed independently in numpy ({@code src/test/python/golden_dcls.py}, which documents
 * how to regenerate {@code golden_dcls.json}).
 */
class DelayNetworkGoldenTest {

    private static final double TOL = 1e-10;

    private static INDArray array(JsonNode node) {
        return GoldenJson.array(node);
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        GoldenJson.assertClose(expected, actual, TOL, what);
    }

    @Test
    void matchesNumpyForwardAndBackward() {
        JsonNode g = GoldenJson.read("golden_dcls.json");
        int taps = g.get("taps").asInt();
        double sigma = g.get("sigma").asDouble();
        INDArray x = array(g.get("x"));
        int[] labels = new int[g.get("labels").size()];
        for (int k = 0; k < labels.length; k++) {
            labels[k] = g.get("labels").get(k).asInt();
        }
        INDArray w1 = array(g.get("w1"));
        INDArray w2 = array(g.get("w2"));
        TrainConfig config = new TrainConfig("golden", new int[] {(int) w1.size(0)}, taps - 1, g.get("tau").asDouble(),
                1, labels.length, 0.0, 1e-3, 5e-3, 0, 0.1, TrainConfig.DelayMode.LEARNED,
                TrainConfig.SigmaMode.DECREASING, true, 0, 10, 1, (int) x.size(2), 0);
        DelayNetwork net = DelayNetwork.create(config, (int) w2.size(0), DataType.DOUBLE);
        net.setTraining(true);
        net.weights().get(0).assign(w1);
        net.weights().get(1).assign(w2);
        net.delays().get(0).assign(array(g.get("d1")));
        net.delays().get(1).assign(array(g.get("d2")));
        net.normParams().get(0).assign(array(g.get("gamma")));
        net.normParams().get(1).assign(array(g.get("beta")));

        net.zeroGrad();
        INDArray v = net.forwardTraining(x, sigma);
        assertClose(array(g.get("v")), v, "v");
        ReadoutLoss.Result r = ReadoutLoss.compute(v, labels);
        assertEquals(g.get("loss").asDouble(), r.loss(), TOL);
        for (int b = 0; b < labels.length; b++) {
            assertEquals(g.get("predictions").get(b).asInt(), r.predictions()[b]);
        }
        assertClose(array(g.get("dv")), r.gradient(), "dL/dv");
        net.backward(r.gradient());
        assertClose(array(g.get("dw1")), net.weightGrads().get(0), "dw1");
        assertClose(array(g.get("dd1")), net.delayGrads().get(0), "dd1");
        assertClose(array(g.get("dw2")), net.weightGrads().get(1), "dw2");
        assertClose(array(g.get("dd2")), net.delayGrads().get(1), "dd2");
        assertClose(array(g.get("dgamma")), net.normGrads().get(0), "dgamma");
        assertClose(array(g.get("dbeta")), net.normGrads().get(1), "dbeta");
    }
}
