package org.spikeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeport.core.files.ModelFiles;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.ResetMode;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.exporter.Feature;
import org.spikeport.exporter.Target;
import org.spikeport.exporter.Targets;

/**
 * A model with recurrent synapses and reset by subtraction: {@code validate} and {@code export} to a chip
 * target that does not deploy them exit with 3 and name the missing features (for {@code loihi},
 * {@code spinnaker} and {@code truenorth-like}, which deploy recurrent synapses, reset by subtraction only);
 * {@code export --target float}, {@code --target nir} and {@code --target seneca} deploy them.
 */
class RecurrentExportCommandTest {

    @TempDir
    Path dir;

    /** {@link RecurrentFloatTest#model} with a seed whose first hidden layer resets by subtraction. */
    private Path model() {
        for (long seed = 1; ; seed++) {
            TrainedModel m = RecurrentFloatTest.model(seed);
            if (m.network().layers().get(0).neuron().reset() == ResetMode.SUBTRACT) {
                Path f = dir.resolve("model.pb");
                ModelFiles.write(f, m);
                return f;
            }
        }
    }

    @Test
    void chipTargetsRefuseWhatTheyDoNotDeploy() throws IOException {
        Path model = model();
        for (Target t : Targets.all()) {
            if (t.deploys().containsAll(EnumSet.allOf(Feature.class))) {
                continue;
            }
            String target = t.name();
            Cli v = Cli.run("validate", "--model", model.toString(), "--target", target);
            assertEquals(3, v.exit(), target + ": " + v.out() + v.err());
            if (!t.deploys().contains(Feature.RECURRENT_SYNAPSES)) {
                assertTrue(v.out().contains("  - model-features: layer 'hidden1': target '" + target + "' does not deploy "
                        + "recurrent synapses yet ("), v.out());
                assertTrue(v.out().contains("  - model-features: layer 'hidden2': target '" + target + "' does not deploy "
                        + "recurrent synapses yet ("), v.out());
            } else {
                assertFalse(v.out().contains("deploy recurrent synapses"), target + " deploys them: " + v.out());
            }
            if (!t.deploys().contains(Feature.RESET_BY_SUBTRACTION)) {
                assertTrue(v.out().contains("  - model-features: layer 'hidden1': target '" + target + "' "), v.out());
                assertTrue(v.out().contains(" deploy reset by subtraction "), v.out());
            }
        }
        Cli s = Cli.run("validate", "--model", model.toString(), "--target", "spinnaker");
        assertEquals(3, s.exit(), s.out() + s.err());
        assertFalse(s.out().contains("does not deploy recurrent synapses"), "spinnaker deploys them: " + s.out());
        assertTrue(s.out().contains("  - model-features: layer 'hidden1': target 'spinnaker' does not deploy reset by "
                + "subtraction yet (reset by subtraction); export to 'float' or 'nir' or 'seneca', or retrain with hard "
                + "reset (--reset zero)"), s.out());
        Path refused = dir.resolve("spinnaker");
        Cli se = Cli.run("export", "--model", model.toString(), "--target", "spinnaker", "--out", refused.toString());
        assertEquals(3, se.exit(), se.out() + se.err());
        assertFalse(Files.exists(refused.resolve("network.py")) || Files.exists(refused.resolve("network.pb")),
                "a layer that resets by subtraction is not deployed with IF_curr_delta's reset to v_reset");
        Path out = dir.resolve("loihi");
        Cli e = Cli.run("export", "--model", model.toString(), "--target", "loihi", "--out", out.toString());
        assertEquals(3, e.exit(), e.err());
        assertFalse(Files.exists(out.resolve("network.pb")), "nothing is deployed with a hard reset in place of its own");
        assertTrue(Files.readString(out.resolve("report.json")).contains("\"name\": \"model-features\""));
    }

    @Test
    void floatExportDeploysRecurrentSynapses() throws IOException {
        Path model = model();
        Path out = dir.resolve("float");
        Cli e = Cli.run("export", "--model", model.toString(), "--target", "float", "--out", out.toString());
        assertEquals(0, e.exit(), e.out() + e.err());
        assertTrue(e.out().contains("model-features   ok"), e.out());
        DeployedNetwork net = ModelFiles.readDeployed(out.resolve("network.pb"));
        TrainedModel trained = ModelFiles.readTrained(model);
        assertTrue(net.layers().get(0).isRecurrent() && net.layers().get(1).isRecurrent());
        assertEquals(trained.network().decoding(), net.decoding());
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("- hidden1, recurrent: ["), md);
        assertTrue(Files.readString(out.resolve("report.json")).contains("\"recurrent_delay_histogram\""));
    }

    @Test
    void senecaDeploysRecurrentSynapsesAndResetBySubtraction() throws IOException {
        Path out = dir.resolve("seneca");
        Cli e = Cli.run("export", "--model", model().toString(), "--target", "seneca", "--out", out.toString());
        assertEquals(0, e.exit(), e.out() + e.err());
        String json = Files.readString(out.resolve("seneca.json"));
        assertTrue(json.contains("\"reset\": \"subtract\"") && json.contains("\"recurrent_synapses\""), json);
        assertTrue(ModelFiles.readDeployed(out.resolve("network.pb")).recurrent());
    }

    /** A trained recurrent model: export --check, replay and evaluate give the same accuracy. */
    @Test
    @SuppressWarnings("unchecked")
    void trainedRecurrentModelExportsReplaysAndEvaluatesAlike() throws IOException {
        TrainedFixture f = TrainedFixture.recurrent();
        Path out = dir.resolve("checked");
        Cli r = Cli.run("export", "--model", f.model.toString(), "--target", "float", "--out", out.toString(),
                "--check", f.testData.toString());
        assertEquals(0, r.exit(), r.err());
        var report = (java.util.Map<String, Object>) ReplayCommandTest.parse(Files.readString(out.resolve("report.json")));
        var check = (java.util.Map<String, Object>) report.get("deployed_accuracy");
        var evaluated = ReplayCommandTest.json(Cli.run("evaluate", "--model", f.model.toString(), "--data",
                f.testData.toString(), "--json"));
        var replayed = ReplayCommandTest.json(Cli.run("replay", "--network", out.resolve("network.pb").toString(), "--data",
                f.testData.toString(), "--json"));
        double accuracy = ((Number) evaluated.get("accuracy")).doubleValue();
        assertEquals(accuracy, ((Number) check.get("float_accuracy")).doubleValue(), 1e-12);
        assertEquals(accuracy, ((Number) check.get("deployed_accuracy")).doubleValue(), 1e-12);
        assertEquals(accuracy, ((Number) replayed.get("accuracy")).doubleValue(), 1e-12);
        assertEquals(1.0, ((Number) check.get("agreement")).doubleValue(), 1e-12);
        assertTrue(ModelFiles.readDeployed(out.resolve("network.pb")).recurrent());
    }

    /**
     * {@code compare} on a trained recurrent model with hard reset: every target deploys it, and each row's
     * deployed accuracy is the one its export's check measured on the recurrent network it wrote.
     */
    @Test
    @SuppressWarnings("unchecked")
    void compareDeploysATrainedRecurrentModelOnEveryTarget() throws IOException {
        TrainedFixture f = TrainedFixture.recurrentSpiking();
        Path out = dir.resolve("compare");
        var r = ReplayCommandTest.json(Cli.run("compare", "--model", f.model.toString(), "--check",
                f.testData.toString(), "--check-samples", "40", "--out", out.toString(), "--json"));
        var rows = (java.util.List<java.util.Map<String, Object>>) r.get("targets");
        assertEquals(Targets.all().stream().map(Target::name).filter(t -> !t.equals("float")).toList(),
                rows.stream().map(x -> x.get("target")).toList());
        for (var row : rows) {
            String target = (String) row.get("target");
            assertEquals(Boolean.TRUE, row.get("fits"), target + ": " + row);
            var check = (java.util.Map<String, Object>) ReplayCommandTest.parse(
                    Files.readString(out.resolve(target + "/report.json"))).get("deployed_accuracy");
            assertEquals(check.get("deployed_accuracy"), row.get("deployed_accuracy"), target);
            assertEquals(r.get("trained_accuracy"), check.get("float_accuracy"), target);
            assertTrue(ModelFiles.readDeployed(out.resolve(target + "/network.pb")).recurrent(), target);
        }
    }
}
