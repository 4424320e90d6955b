package org.spikeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeport.core.arith.Loihi2Lif;
import org.spikeport.core.arith.Loihi2Lif.SignMode;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.InputEncoding;
import org.spikeport.core.ir.NeuronParams;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.ir.SparseSynapses;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.core.profile.HardwareProfiles;
import org.spikeport.exporter.loihi.lava.LavaEnvironment;
import org.spikeport.exporter.loihi.lava.LavaProcesses;
import org.spikeport.exporter.loihi.lava.LavaSimulation;
import org.spikeport.simulator.Simulation;

/**
 * Random small Loihi 2 networks run in the real Lava ({@code fixed_pt}) and in spikeport's simulator
 * agree on every neuron at every step and on the readout's integer v at every step.
 *
 * <p>The networks cover every sign mode (registers of the mode's full range), delays 0..62, weight
 * exponents -3..3, decays at their edges (0, 2048, 4095) and between, biases with every exponent,
 * hidden thresholds at and next to the value one synapse's activation reaches (where the strict
 * {@code v > vth << 6} decides) and the readout's at its 17-bit maximum or below, and dense graded
 * input (counts 0..15). Inputs stay below Lava's int32 limits ({@code |a_in| < 2^25}), where Lava's
 * arithmetic is the one {@link Loihi2Lif} states. Each network runs two samples, the second after
 * Lava's state is reset.
 *
 * <p>Recurrent networks ({@link #random(long, boolean)}) have 2 layers (even seeds) or 3 (odd seeds, a
 * hidden layer fed by a hidden layer): the first layer, and each other with probability 0.7, also has
 * recurrent synapses (a second Dense) of a sign mode and exponent (-3..3) of their own, drawn apart from the
 * feed-forward ones, at lags 1..63 (1 and 63 often: Lava delays 0..62); a third of the hidden thresholds
 * sit at or one below one recurrent synapse's activation; samples run 60..130 steps so the longest lags
 * come round.
 */
class LavaAgreementTest {

    private static final int NETWORKS = 24;
    private static final int RECURRENT_NETWORKS = 12;

    @TempDir
    Path dir;

    /** One random network and its samples. */
    record Case(long seed, DeployedNetwork net, VerifyCommand.Samples samples) {
    }

    static Case random(long seed) {
        return random(seed, false);
    }

    /** A random network; with {@code recurrent}, some of its layers have recurrent synapses (class comment). */
    static Case random(long seed, boolean recurrent) {
        Random r = new Random(seed);
        int layers = recurrent ? 2 + (int) Math.floorMod(seed, 2L) : 1 + r.nextInt(3);
        int[] n = new int[layers + 1];
        for (int i = 0; i <= layers; i++) {
            n[i] = 1 + r.nextInt(10);
        }
        List<DeployedLayer> list = new ArrayList<>();
        for (int l = 1; l <= layers; l++) {
            list.add(layer(r, "l" + l, n[l - 1], n[l], l == layers, recurrent && (l == 1 || r.nextInt(10) < 7)));
        }
        DeployedNetwork net = new DeployedNetwork(n[0], 10, "loihi", "loihi", "",
                new InputEncoding(InputEncoding.Kind.GRADED, 24), list, 0,
                new Provenance("test", "test", seed, "", Instant.EPOCH, ""));
        List<int[]> counts = new ArrayList<>();
        int[] steps = new int[2];
        for (int s = 0; s < 2; s++) {
            steps[s] = recurrent ? 60 + r.nextInt(71) : 50 + r.nextInt(31);
            int rows = 10 + r.nextInt(steps[s] - 9);
            int[] c = new int[rows * n[0]];
            double density = 0.3 + 0.7 * r.nextDouble();
            for (int k = 0; k < c.length; k++) {
                c[k] = r.nextDouble() < density ? r.nextInt(16) : 0;
            }
            counts.add(c);
        }
        return new Case(seed, net, new VerifyCommand.Samples(counts, steps));
    }

    private static DeployedLayer layer(Random r, String name, int in, int out, boolean readout, boolean recurrent) {
        SignMode mode = SignMode.values()[r.nextInt(3)];
        double density = 0.3 + 0.7 * r.nextDouble();
        List<int[]> syn = new ArrayList<>();
        for (int i = 0; i < out; i++) {
            for (int j = 0; j < in; j++) {
                if (r.nextDouble() < density) {
                    int d = switch (r.nextInt(6)) {
                        case 0 -> 0;
                        case 1 -> 62;
                        default -> r.nextInt(63);
                    };
                    syn.add(new int[] {j, i, register(r, mode), d});
                }
            }
        }
        if (syn.isEmpty()) {
            syn.add(new int[] {0, 0, register(r, mode), r.nextInt(63)});
        }
        int[][] a = new int[4][syn.size()];
        int maxAbs = 1;
        for (int k = 0; k < syn.size(); k++) {
            for (int f = 0; f < 4; f++) {
                a[f][k] = syn.get(k)[f];
            }
            maxAbs = Math.max(maxAbs, Math.abs(a[2][k]));
        }
        int weightExp = r.nextInt(7) - 3;
        long vth;
        if (readout) {
            vth = r.nextBoolean() ? 131071 : r.nextInt(131072);
        } else {
            // one synapse's activation reaches v = a << 6 exactly: vth = a is just below spiking, a - 1 spikes
            long act = Math.abs(Loihi2Lif.activation(a[2][r.nextInt(syn.size())], weightExp));
            vth = switch (r.nextInt(3)) {
                case 0 -> act;
                case 1 -> Math.max(0, act - 1);
                default -> r.nextInt((int) Math.max(2, 3 * Loihi2Lif.activation(maxAbs, weightExp)));
            };
        }
        long[] mant = new long[out];
        if (r.nextInt(3) == 0) {
            for (int i = 0; i < out; i++) {
                mant[i] = r.nextInt(3) == 0 ? 0 : r.nextInt(8192) - 4096;
            }
        }
        SortedMap<String, long[]> p = new TreeMap<>();
        p.put(Loihi2Lif.DU, new long[] {decay(r)});
        p.put(Loihi2Lif.DV, new long[] {decay(r)});
        p.put(Loihi2Lif.VTH, new long[] {vth});
        p.put(Loihi2Lif.BIAS_MANT, mant);
        p.put(Loihi2Lif.BIAS_EXP, new long[] {r.nextInt(8)});
        p.put(Loihi2Lif.WEIGHT_EXP, new long[] {weightExp});
        p.put(Loihi2Lif.NUM_WEIGHT_BITS, new long[] {8});
        p.put(Loihi2Lif.SIGN_MODE, new long[] {mode.code()});
        SortedMap<String, Double> q = new TreeMap<>();
        q.put("v_scale", 1.0 / 64);
        SparseSynapses rec = SparseSynapses.empty();
        if (recurrent) {
            SignMode recMode = SignMode.values()[r.nextInt(3)];
            int recExp = r.nextInt(7) - 3;
            double recDensity = 0.2 + 0.8 * r.nextDouble();
            List<int[]> rs = new ArrayList<>();
            for (int i = 0; i < out; i++) {
                for (int j = 0; j < out; j++) {
                    if (r.nextDouble() < recDensity) {
                        int lag = switch (r.nextInt(6)) {
                            case 0 -> 1;
                            case 1 -> 63;
                            default -> 1 + r.nextInt(63);
                        };
                        rs.add(new int[] {j, i, register(r, recMode), lag});
                    }
                }
            }
            if (rs.isEmpty()) {
                rs.add(new int[] {0, 0, register(r, recMode), 1 + r.nextInt(63)});
            }
            int[][] b = new int[4][rs.size()];
            for (int k = 0; k < rs.size(); k++) {
                for (int f = 0; f < 4; f++) {
                    b[f][k] = rs.get(k)[f];
                }
            }
            rec = new SparseSynapses(b[0], b[1], b[2], b[3]);
            p.put(Loihi2Lif.RECURRENT_WEIGHT_EXP, new long[] {recExp});
            p.put(Loihi2Lif.RECURRENT_NUM_WEIGHT_BITS, new long[] {8});
            p.put(Loihi2Lif.RECURRENT_SIGN_MODE, new long[] {recMode.code()});
            if (!readout && r.nextInt(3) == 0) {
                // one recurrent synapse's activation reaches v exactly: vth at it or one below
                long act = Math.abs(Loihi2Lif.activation(b[2][r.nextInt(rs.size())], recExp));
                p.put(Loihi2Lif.VTH, new long[] {Math.max(0, act - r.nextInt(2))});
            }
        }
        return new DeployedLayer(name, in, out, new SparseSynapses(a[0], a[1], a[2], a[3]),
                new NeuronParams(Loihi2Lif.NAME, p), q, rec);
    }

    /** A register of {@code mode}'s full range (mixed registers are even). */
    private static int register(Random r, SignMode mode) {
        return switch (mode) {
            case EXCITATORY -> r.nextInt(256);
            case INHIBITORY -> -r.nextInt(256);
            case MIXED -> 2 * (r.nextInt(256) - 128);
        };
    }

    /** A 12-bit decay, often at its edges. */
    private static int decay(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> 0;
            case 1 -> 4095;
            case 2 -> 2048;
            default -> r.nextInt(4096);
        };
    }

    /**
     * Random recurrent networks: zero mismatches; recurrent synapses of every sign mode, and at lags 1 and 63,
     * deliver spikes within the samples; and in most networks the recurrent synapses change what spikeport's
     * simulator computes (so it is Lava's recurrent Denses that agree with them).
     */
    @Test
    void randomRecurrentNetworksAgreeWithLavaOnEverySpikeAndVoltage() {
        LavaEnvironment env = LavaEnvironment.locate(null);
        HardwareProfile profile = HardwareProfiles.bundled("loihi");
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < RECURRENT_NETWORKS; i++) {
            cases.add(random(5000 + i, true));
        }
        List<LavaSimulation.Run> runs = runInLava(env, cases, "rec");
        long spikes = 0;
        long steps = 0;
        long[] eventsByMode = new long[SignMode.values().length];
        long lag1 = 0;
        long lag63 = 0;
        int changed = 0;
        for (int i = 0; i < RECURRENT_NETWORKS; i++) {
            Case c = cases.get(i);
            VerifyCommand.Comparison cmp = VerifyCommand.compare(c.net(), profile, c.samples(), runs.get(i));
            assertEquals(0, cmp.mismatches(), "network seed " + c.seed() + ": first divergence " + cmp.first());
            assertEquals(cmp.spikes(), cmp.refSpikes());
            spikes += cmp.spikes();
            steps += cmp.steps();
            DeployedNetwork withoutRecurrence = feedForward(c.net());
            boolean differs = false;
            for (int s = 0; s < c.samples().steps().length; s++) {
                int[] counts = c.samples().counts().get(s);
                int n = c.samples().steps()[s];
                Simulation.Result with = Simulation.run(c.net(), profile, counts, n);
                Simulation.Result without = Simulation.run(withoutRecurrence, profile, counts, n);
                differs |= !with.spikes().equals(without.spikes()) || !Arrays.deepEquals(with.rawReadout(), without.rawReadout());
                for (int l = 0; l < c.net().layers().size(); l++) {
                    DeployedLayer layer = c.net().layers().get(l);
                    if (!layer.isRecurrent()) {
                        continue;
                    }
                    SparseSynapses rec = layer.recurrent();
                    SignMode mode = SignMode.ofCode(layer.neuron().value(Loihi2Lif.RECURRENT_SIGN_MODE, 0));
                    long[] delivered = delivered(rec, with.spikes().get(l), n);
                    for (int k = 0; k < rec.size(); k++) {
                        eventsByMode[mode.ordinal()] += delivered[k];
                        lag1 += rec.delay()[k] == 1 ? delivered[k] : 0;
                        lag63 += rec.delay()[k] == 63 ? delivered[k] : 0;
                    }
                }
            }
            changed += differs ? 1 : 0;
        }
        System.out.printf("LavaAgreementTest: %d recurrent networks, %d steps, %d spikes, recurrent synaptic events "
                + "delivered %s by sign mode %s (%d at lag 1, %d at lag 63), recurrence changes %d networks, "
                + "0 mismatches%n", RECURRENT_NETWORKS, steps, spikes, Arrays.toString(eventsByMode),
                Arrays.toString(SignMode.values()), lag1, lag63, changed);
        for (SignMode m : SignMode.values()) {
            assertTrue(eventsByMode[m.ordinal()] > 100, "recurrent synapses of sign mode " + m + " must carry spikes: "
                    + eventsByMode[m.ordinal()]);
        }
        assertTrue(lag1 > 0 && lag63 > 0, "recurrent spikes delivered at lag 1: " + lag1 + ", at lag 63: " + lag63);
        assertTrue(changed * 2 > RECURRENT_NETWORKS, changed + " of " + RECURRENT_NETWORKS
                + " networks compute something else without their recurrent synapses");
    }

    /**
     * Per recurrent synapse of a layer, how many of the layer's {@code spikes} it delivers within a sample of
     * {@code steps} steps (a spike at step t arrives at t + lag).
     */
    static long[] delivered(SparseSynapses rec, List<Simulation.Spike> spikes, int steps) {
        long[] out = new long[rec.size()];
        for (Simulation.Spike spike : spikes) {
            for (int k = 0; k < rec.size(); k++) {
                if (rec.pre()[k] == spike.neuron() && spike.step() + rec.delay()[k] < steps) {
                    out[k]++;
                }
            }
        }
        return out;
    }

    /** {@code net} without its recurrent synapses. */
    static DeployedNetwork feedForward(DeployedNetwork net) {
        List<DeployedLayer> layers = new ArrayList<>();
        for (DeployedLayer l : net.layers()) {
            layers.add(new DeployedLayer(l.name(), l.inputs(), l.outputs(), l.synapses(), l.neuron(), l.quantization()));
        }
        return new DeployedNetwork(net.inputs(), net.dtMs(), net.target(), net.profileName(), net.profileSha256(),
                net.input(), layers, net.trailingSteps(), net.provenance());
    }

    /** Saves each case's network as {@code <prefix><i>.pkl} and runs all of them in one Lava process. */
    private List<LavaSimulation.Run> runInLava(LavaEnvironment env, List<Case> cases, String prefix) {
        List<LavaSimulation.Job> jobs = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            Path file = LavaProcesses.save(c.net(), dir.resolve(prefix + i + ".pkl"), env);
            jobs.add(new LavaSimulation.Job(file, c.net().inputs(), c.samples().counts(), c.samples().steps()));
        }
        return LavaSimulation.run(env, jobs, dir);
    }

    @Test
    void randomNetworksAgreeWithLavaOnEverySpikeAndVoltage() {
        LavaEnvironment env = LavaEnvironment.locate(null);
        HardwareProfile profile = HardwareProfiles.bundled("loihi");
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < NETWORKS; i++) {
            cases.add(random(1000 + i));
        }
        List<LavaSimulation.Run> runs = runInLava(env, cases, "net");
        long spikes = 0;
        long steps = 0;
        int spikingHidden = 0;
        int withHidden = 0;
        for (int i = 0; i < NETWORKS; i++) {
            Case c = cases.get(i);
            VerifyCommand.Comparison cmp = VerifyCommand.compare(c.net(), profile, c.samples(), runs.get(i));
            assertEquals(0, cmp.mismatches(), "network seed " + c.seed() + ": first divergence " + cmp.first());
            assertEquals(cmp.spikes(), cmp.refSpikes());
            spikes += cmp.spikes();
            steps += cmp.steps();
            if (c.net().layers().size() > 1) {
                withHidden++;
                List<Long> hidden = new ArrayList<>();
                LavaSimulation.Sample s = runs.get(i).samples().get(0);
                for (int l = 0; l < c.net().layers().size() - 1; l++) {
                    hidden.add((long) s.spikes().get(l).length);
                }
                spikingHidden += hidden.stream().mapToLong(Long::longValue).sum() > 0 ? 1 : 0;
            }
        }
        System.out.printf("LavaAgreementTest: %d networks, %d steps, %d spikes, 0 mismatches%n", NETWORKS, steps, spikes);
        assertTrue(steps >= NETWORKS * 100L, "steps compared: " + steps);
        assertTrue(spikes > 1000, "the networks must spike for the comparison to mean something: " + spikes);
        assertTrue(spikingHidden * 2 > withHidden, spikingHidden + " of " + withHidden + " multi-layer networks spike in a hidden layer");
    }
}
