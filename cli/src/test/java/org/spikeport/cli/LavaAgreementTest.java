package org.spikeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
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
 */
class LavaAgreementTest {

    private static final int NETWORKS = 24;

    @TempDir
    Path dir;

    /** One random network and its samples. */
    record Case(long seed, DeployedNetwork net, VerifyCommand.Samples samples) {
    }

    static Case random(long seed) {
        Random r = new Random(seed);
        int layers = 1 + r.nextInt(3);
        int[] n = new int[layers + 1];
        for (int i = 0; i <= layers; i++) {
            n[i] = 1 + r.nextInt(10);
        }
        List<DeployedLayer> list = new ArrayList<>();
        for (int l = 1; l <= layers; l++) {
            list.add(layer(r, "l" + l, n[l - 1], n[l], l == layers));
        }
        DeployedNetwork net = new DeployedNetwork(n[0], 10, "loihi", "loihi", "",
                new InputEncoding(InputEncoding.Kind.GRADED, 24), list, 0,
                new Provenance("test", "test", seed, "", Instant.EPOCH, ""));
        List<int[]> counts = new ArrayList<>();
        int[] steps = new int[2];
        for (int s = 0; s < 2; s++) {
            steps[s] = 50 + r.nextInt(31);
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

    private static DeployedLayer layer(Random r, String name, int in, int out, boolean readout) {
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
        return new DeployedLayer(name, in, out, new SparseSynapses(a[0], a[1], a[2], a[3]),
                new NeuronParams(Loihi2Lif.NAME, p), q);
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

    @Test
    void randomNetworksAgreeWithLavaOnEverySpikeAndVoltage() {
        LavaEnvironment env = LavaEnvironment.locate(null);
        HardwareProfile profile = HardwareProfiles.bundled("loihi");
        List<Case> cases = new ArrayList<>();
        List<LavaSimulation.Job> jobs = new ArrayList<>();
        for (int i = 0; i < NETWORKS; i++) {
            Case c = random(1000 + i);
            cases.add(c);
            Path file = LavaProcesses.save(c.net(), dir.resolve("net" + i + ".pkl"), env);
            jobs.add(new LavaSimulation.Job(file, c.net().inputs(), c.samples().counts(), c.samples().steps()));
        }
        List<LavaSimulation.Run> runs = LavaSimulation.run(env, jobs, dir);
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
