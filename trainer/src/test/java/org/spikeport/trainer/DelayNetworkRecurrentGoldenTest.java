package org.spikeport.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.spikeport.core.ir.Decoding;
import org.spikeport.core.ir.Recurrence;
import org.spikeport.core.ir.ResetMode;
import org.spikeport.trainer.nn.ReadoutLoss;
import org.spikeport.trainer.nn.Surrogate;

/**
 * One training step of whole {@link DelayNetwork}s with DelRec recurrent layers, built by
 * {@link DelayNetwork#create} in DOUBLE, against the readout membrane, loss, every parameter gradient and
 * the BatchNorm running statistics computed independently in numpy by reverse-mode differentiation
 * ({@code src/test/python/golden_delrec_network.py}, which documents how to regenerate
 * {@code golden_delrec_network.json}). The cases: DelRec's SHD layout (BatchNorm, axonal fixed width, hard
 * reset, LIF readout, summed softmax), its SSC layout (dropout on the current, synaptic learned widths,
 * reset by subtraction, linear readout summed over samples of unequal lengths) and DCLS Gaussian delays
 * ahead of an axonal recurrent layer. Dropout masks are fixed to the script's.
 */
class DelayNetworkRecurrentGoldenTest {

    private static final double TOL = 1e-9;

    /** A parameter of the network: its name, its value and its gradient in the golden file. */
    private record Param(String name, JsonNode value, JsonNode grad) {
    }

    @Test
    void matchesNumpyTrainingStep() {
        JsonNode cases = GoldenJson.read("golden_delrec_network.json").get("cases");
        assertEquals(3, cases.size());
        for (JsonNode c : cases) {
            String name = c.get("name").asText();
            double worst = step(c, name);
            System.out.printf("DelayNetwork (recurrent) vs numpy %s: worst error %.1e%n", name, worst);
        }
    }

    private static double step(JsonNode c, String name) {
        JsonNode layers = c.get("layers");
        JsonNode readout = c.get("readout_layer");
        DelayNetwork net = DelayNetwork.create(config(c), c.get("classes").asInt(), DataType.DOUBLE);
        assertEquals(c.get("readout").asText().equals("LINEAR") ? Decoding.SUM : Decoding.SOFTMAX_SUM, net.decoding());
        assertTrue(net.recurrent());
        net.setTraining(true);
        net.setRecurrentSigma(c.get("recurrent_sigma").asDouble());
        assign(net.weights(), weights(layers, readout), name);
        assign(net.delays(), delays(layers, readout), name);
        assign(net.normParams(), norms(layers), name);
        assign(net.recurrentDelays(), recurrentDelays(layers), name);
        List<INDArray> state = net.normState();
        List<INDArray> stateAfter = new ArrayList<>();
        int bn = 0;
        for (JsonNode l : layers) {
            if (l.has("running_mean")) {
                state.get(bn++).assign(GoldenJson.array(l.get("running_mean")));
                state.get(bn++).assign(GoldenJson.array(l.get("running_var")));
                stateAfter.add(GoldenJson.array(l.get("running_mean_after")));
                stateAfter.add(GoldenJson.array(l.get("running_var_after")));
            }
        }
        assertEquals(state.size(), bn, name + ": BatchNorm layers");
        for (int l = 0; l < layers.size(); l++) {
            net.fixMasks(l, GoldenJson.array(layers.get(l).get("dropout_mask")),
                    GoldenJson.array(layers.get(l).get("recurrent_mask")));
        }

        net.zeroGrad();
        INDArray x = GoldenJson.array(c.get("x"));
        INDArray v = net.forwardTraining(x, c.get("sigma").asDouble());
        double worst = GoldenJson.assertClose(GoldenJson.array(c.get("v")), v, TOL, name + " readout membrane");
        int[] lengths = GoldenJson.ints(c.get("lengths"));
        int[] valid = new int[lengths.length];
        for (int b = 0; b < valid.length; b++) {
            valid[b] = net.validSteps(lengths[b]);
        }
        ReadoutLoss.Result r = ReadoutLoss.compute(v, GoldenJson.ints(c.get("labels")), net.decoding(), valid);
        double loss = c.get("loss").asDouble();
        assertEquals(loss, r.loss(), TOL * Math.max(1, Math.abs(loss)), name + " loss");
        worst = Math.max(worst, Math.abs(loss - r.loss()) / Math.max(1, Math.abs(loss)));
        worst = Math.max(worst, GoldenJson.assertClose(GoldenJson.array(c.get("scores")), r.scores(), TOL,
                name + " scores"));
        assertArrayEquals(GoldenJson.ints(c.get("predictions")), r.predictions(), name + " predictions");
        net.backward(r.gradient());

        worst = Math.max(worst, compareGrads(net.weightGrads(), weights(layers, readout), name));
        worst = Math.max(worst, compareGrads(net.delayGrads(), delays(layers, readout), name));
        worst = Math.max(worst, compareGrads(net.normGrads(), norms(layers), name));
        worst = Math.max(worst, compareGrads(net.recurrentDelayGrads(), recurrentDelays(layers), name));
        for (int k = 0; k < stateAfter.size(); k++) {
            worst = Math.max(worst, GoldenJson.assertClose(stateAfter.get(k), state.get(k), TOL,
                    name + " BatchNorm running statistic " + k));
        }
        return worst;
    }

    private static TrainConfig config(JsonNode c) {
        JsonNode rec = c.get("recurrent");
        Architecture.Recurrent recurrent = new Architecture.Recurrent(GoldenJson.ints(rec.get("layers")),
                Architecture.RecurrentDelays.LEARNED, Recurrence.Kind.valueOf(rec.get("kind").asText()),
                rec.get("learned_width").asBoolean(), Architecture.DelayInit.UNIFORM, 0, 5,
                rec.get("dropout").asDouble(), 1, 0.95);
        Architecture arch = new Architecture(c.get("bias").asBoolean(), c.get("batch_norm").asBoolean(),
                Architecture.DropoutAt.valueOf(c.get("dropout_at").asText()), ResetMode.valueOf(c.get("reset").asText()),
                Surrogate.valueOf(c.get("surrogate").asText()), Architecture.WeightInit.KAIMING,
                Architecture.Readout.valueOf(c.get("readout").asText()), Architecture.Optimizer.ADAMW,
                Architecture.Schedule.ONE_CYCLE, 0, recurrent);
        int maxDelay = c.get("max_delay").asInt();
        return new TrainConfig(c.get("name").asText(), GoldenJson.ints(c.get("hidden")), maxDelay,
                c.get("tau").asDouble(), 1, c.get("batch").asInt(), c.get("dropout").asDouble(), 1e-3, 1e-3, 0, 0.1,
                maxDelay > 0 ? TrainConfig.DelayMode.LEARNED : TrainConfig.DelayMode.NONE,
                TrainConfig.SigmaMode.DECREASING, true, 0, 10, 1, c.get("inputs").asInt(), 0, arch);
    }

    /** In the order of {@link DelayNetwork#weights()}: per hidden layer W, b, W_rec (those it has); readout W, b. */
    private static List<Param> weights(JsonNode layers, JsonNode readout) {
        List<Param> out = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            add(out, "hidden" + (l + 1), layers.get(l), "w", "b", "rec_w");
        }
        add(out, "readout", readout, "w", "b");
        return out;
    }

    private static List<Param> delays(JsonNode layers, JsonNode readout) {
        List<Param> out = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            add(out, "hidden" + (l + 1), layers.get(l), "d");
        }
        add(out, "readout", readout, "d");
        return out;
    }

    private static List<Param> norms(JsonNode layers) {
        List<Param> out = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            add(out, "hidden" + (l + 1), layers.get(l), "gamma", "beta");
        }
        return out;
    }

    private static List<Param> recurrentDelays(JsonNode layers) {
        List<Param> out = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            add(out, "hidden" + (l + 1), layers.get(l), "rec_d", "rec_p");
        }
        return out;
    }

    private static void add(List<Param> out, String layer, JsonNode node, String... keys) {
        for (String key : keys) {
            if (node.has(key) && !node.get(key).isNull()) {
                out.add(new Param(layer + "." + key, node.get(key), node.get("grad").get(key)));
            }
        }
    }

    private static void assign(List<INDArray> live, List<Param> params, String name) {
        assertEquals(params.size(), live.size(), name + ": parameters " + params.stream().map(Param::name).toList());
        for (int k = 0; k < params.size(); k++) {
            INDArray value = GoldenJson.array(params.get(k).value());
            assertArrayEquals(value.shape(), live.get(k).shape(), name + " " + params.get(k).name() + " shape");
            live.get(k).assign(value);
        }
    }

    private static double compareGrads(List<INDArray> grads, List<Param> params, String name) {
        assertEquals(params.size(), grads.size(), name + ": gradients");
        double worst = 0;
        for (int k = 0; k < params.size(); k++) {
            INDArray expected = GoldenJson.array(params.get(k).grad());
            worst = Math.max(worst, GoldenJson.assertClose(expected, grads.get(k), TOL,
                    name + " dL/d" + params.get(k).name()));
        }
        return worst;
    }
}
