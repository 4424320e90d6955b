package org.spikeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.spikeport.core.arith.LayerQuantizer;
import org.spikeport.core.arith.TrueNorthLif;
import org.spikeport.core.data.Binning;
import org.spikeport.core.data.FlatDatasetWriter;
import org.spikeport.core.files.ModelFiles;
import org.spikeport.core.ir.DelayRounding;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.ir.SparseSynapses;
import org.spikeport.core.ir.TrainedLayer;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.core.ir.TrainedNetwork;
import org.spikeport.core.limits.ChipLimits;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.core.profile.HardwareProfiles;
import org.spikeport.exporter.Export;
import org.spikeport.exporter.Targets;
import org.spikeport.trainer.DelayNetwork;

class FineTuneCommandTest {

    @TempDir
    Path dir;

    /**
     * The float value of one stored unit of {@code layer}'s synapse {@code k}, from its quantization map:
     * {@code weight_scale} (Loihi 2, TrueNorth-like), SpiNNaker's {@code weight_scale_exc} or {@code weight_scale_inh} by the weight's sign.
     */
    private static double unit(DeployedLayer layer, int k) {
        Double single = layer.quantization().get("weight_scale");
        if (single != null) {
            return single;
        }
        return layer.quantization().get(layer.synapses().weight()[k] > 0 ? "weight_scale_exc" : "weight_scale_inh");
    }

    @ParameterizedTest
    @ValueSource(strings = {"loihi", "spinnaker", "truenorth-like"})
    void theTrainingForwardComputesWithTheExportersIntegers(String target) {
        TrainedModel m = TrainedFixture.get().trained;
        HardwareProfile profile = HardwareProfiles.bundled(Targets.byName(target).profileName());
        DelayNetwork net = DelayNetwork.fromModel(m.network(), DataType.FLOAT);
        net.realise(ChipLimits.of(profile).quantizer());
        TrainedNetwork realised = net.toIR(m.network().dtMs(), m.network().sigma());
        Export e = Export.plan(m, Targets.byName(target), profile,
                new Provenance("test", "test", 1, "", Instant.parse("2026-01-01T00:00:00Z"), ""));
        int changed = 0;
        int compared = 0;
        for (int l = 0; l < realised.layers().size(); l++) {
            TrainedLayer trained = m.network().layers().get(l);
            LayerQuantizer.Layer before = LayerQuantizer.Layer.of(trained);
            LayerQuantizer.Layer forward = LayerQuantizer.Layer.of(realised.layers().get(l));
            DeployedLayer deployed = e.network().layers().get(l);
            SparseSynapses s = deployed.synapses();
            for (int k = 0; k < s.size(); k++) {
                int at = s.post()[k] * trained.inputs() + s.pre()[k];
                double stored = forward.weights()[at] / unit(deployed, k);
                assertEquals(s.weight()[k], Math.rint(stored), target + " layer " + l + " synapse " + k);
                assertEquals(s.weight()[k], stored, 1e-3, target + " layer " + l + " synapse " + k);
                changed += forward.weights()[at] != before.weights()[at] ? 1 : 0;
                compared++;
            }
        }
        if (target.equals("truenorth-like")) {
            LayerQuantizer rule = ChipLimits.of(profile).quantizer();
            for (int l = 0; l < m.network().layers().size() - 1; l++) {
                DeployedLayer deployed = e.network().layers().get(l);
                long[] leak = deployed.neuron().values().get(TrueNorthLif.LEAK);
                long alpha = deployed.neuron().values().get(TrueNorthLif.POSITIVE_THRESHOLD)[0];
                double scale = deployed.quantization().get("v_scale");
                long threshold = Math.round(m.network().layers().get(l).neuron().threshold() / scale);
                double trained = rule.realise(LayerQuantizer.Layer.of(m.network().layers().get(l))).linearLeak();
                assertTrue(leak.length > 0 && threshold - alpha > 0, "layer " + l + " has a linear leak");
                assertEquals(threshold - alpha, trained / scale, 1e-9, "layer " + l + ": the leak trained with");
            }
            assertTrue(Double.isNaN(rule.realise(LayerQuantizer.Layer.of(m.network().layers().get(
                    m.network().layers().size() - 1))).linearLeak()), "the readout keeps its decay");
        }
        assertTrue(compared > 100, "synapses compared: " + compared);
        assertTrue(changed > compared / 2, target + ": the training forward kept " + (compared - changed) + " of "
                + compared + " float weights");
    }

    @Test
    void fineTuneForAProfileKeepsItsDelaysAndExportsWithoutViolations() throws IOException {
        TrainedFixture f = TrainedFixture.get();
        Path data = trainingData();
        String yaml;
        try (var in = HardwareProfiles.class.getResourceAsStream("/org/spikeport/profiles/loihi.yaml")) {
            yaml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        yaml = yaml.replace("name: loihi", "name: loihi-short").replace("  max: 62", "  max: 4");
        Path profile = dir.resolve("loihi-short.yaml");
        Files.writeString(profile, yaml);
        Path tuned = dir.resolve("tuned.pb");
        Cli t = Cli.run("fine-tune", "--model", f.model.toString(), "--for", profile.toString(), "--data", data.toString(),
                "--test", f.testData.toString(), "--out", tuned.toString(), "--epochs", "1");
        assertEquals(0, t.exit(), t.err());
        assertTrue(t.err().contains("training for profile loihi-short: feed-forward delays 0..4"), t.err());
        TrainedModel m = ModelFiles.readTrained(tuned);
        assertEquals("loihi-short", m.trainedFor());
        int longest = 0;
        for (TrainedLayer l : m.network().layers()) {
            for (float d : l.delays()) {
                longest = Math.max(longest, DelayRounding.round(d, l.maxDelay() + 1));
            }
        }
        assertEquals(4, longest, "the fixture's delays reach 8; clamped to the profile's 4");

        Path out = dir.resolve("export");
        Cli x = Cli.run("export", "--model", tuned.toString(), "--target", "loihi", "--profile", profile.toString(),
                "--out", out.toString());
        assertEquals(0, x.exit(), x.out() + x.err());
        assertTrue(x.out().contains("trained for loihi-short (this export's profile)"), x.out());
        assertTrue(Files.readString(out.resolve("report.json")).contains("\"same_profile\": true"));

        Cli plain = Cli.run("export", "--model", f.model.toString(), "--target", "loihi", "--profile", profile.toString(),
                "--out", dir.resolve("plain").toString());
        assertEquals(ExportCommand.EXIT_DOES_NOT_FIT, plain.exit(), plain.out());
        assertTrue(plain.out().contains("trained without --for"), plain.out());
    }

    @Test
    void aChipThatLimitsInputCountsIsTrainedAndScoredOnLimitedCounts() throws IOException {
        TrainedFixture f = TrainedFixture.get();
        Path data = trainingData();
        Path tuned = dir.resolve("tn.pb");
        Cli t = Cli.run("fine-tune", "--model", f.model.toString(), "--for", "truenorth-like", "--data", data.toString(),
                "--out", tuned.toString(), "--epochs", "1");
        assertEquals(0, t.exit(), t.err());
        // 140 dense inputs on 256 axons: one copy each, so every count reaches the chip as at most one spike
        assertTrue(t.err().contains("input counts limited to 1 spikes per channel and step"), t.err());
        TrainedModel m = ModelFiles.readTrained(tuned);
        assertEquals(1, m.inputCountLimit());
        assertEquals(null, f.trained.inputCountLimit());

        Cli e = Cli.run("evaluate", "--model", tuned.toString(), "--data", f.testData.toString(), "--json");
        assertEquals(0, e.exit(), e.err());
        assertTrue(e.err().contains("input counts limited to 1 per channel and step"), e.err());
        double evaluated = Double.parseDouble(e.out().replaceAll("(?s).*?\"accuracy\": ([0-9.eE-]+).*", "$1"));
        Path out = dir.resolve("tn-export");
        Cli x = Cli.run("export", "--model", tuned.toString(), "--target", "truenorth-like", "--out", out.toString(),
                "--check", f.testData.toString(), "--json");
        assertEquals(0, x.exit(), x.out() + x.err());
        double checked = Double.parseDouble(x.out().replaceAll("(?s).*?\"float_accuracy\": ([0-9.eE-]+).*", "$1"));
        assertEquals(evaluated, checked, 1e-12, "the check scores the trained model on the counts it was trained on");
    }

    /** A data directory in this test's folder with the fixture's training set as train.h5. */
    private Path trainingData() throws IOException {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        FlatDatasetWriter.write(data.resolve("train.h5"), TrainedFixture.SYNTH.train(), TrainedFixture.SYNTH.classNames(),
                Binning.SHD.inputChannels());
        return data;
    }
}
