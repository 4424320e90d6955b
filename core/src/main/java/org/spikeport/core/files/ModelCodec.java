package org.spikeport.core.files;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.spikeport.core.arith.NeuronModels;
import org.spikeport.core.ir.BatchNorm;
import org.spikeport.core.ir.Decoding;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.EpochMetrics;
import org.spikeport.core.ir.InputEncoding;
import org.spikeport.core.ir.Lif;
import org.spikeport.core.ir.NeuronParams;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.ir.Recurrence;
import org.spikeport.core.ir.ResetMode;
import org.spikeport.core.ir.SparseSynapses;
import org.spikeport.core.ir.TrainedLayer;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.core.ir.TrainedNetwork;
import org.spikeport.core.ir.TrainingState;
import org.spikeport.core.proto.SpikeportProto;

/**
 * Converts between the IR records and the protobuf messages of {@code spikeport.proto}. Decoding
 * goes through the records' constructors, so a decoded file is validated like any other IR value;
 * a violation surfaces as {@link IllegalArgumentException} with the record's message.
 */
final class ModelCodec {

    private ModelCodec() {
    }

    static SpikeportProto.TrainedModel encode(TrainedModel m) {
        TrainedNetwork n = m.network();
        SpikeportProto.TrainedModel.Builder b = SpikeportProto.TrainedModel.newBuilder()
                .setProvenance(encode(m.provenance()))
                .setInputs(n.inputs())
                .setDtMs(n.dtMs())
                .setSigma(n.sigma())
                .setDecoding(encode(n.decoding()))
                .putAllConfig(m.config());
        for (TrainedLayer l : n.layers()) {
            b.addLayers(encode(l));
        }
        for (EpochMetrics e : m.metrics()) {
            b.addMetrics(SpikeportProto.EpochMetrics.newBuilder().setEpoch(e.epoch()).putAllValues(e.values()));
        }
        return b.build();
    }

    static TrainedModel decode(SpikeportProto.TrainedModel p) {
        List<TrainedLayer> layers = new ArrayList<>();
        for (SpikeportProto.TrainedLayer l : p.getLayersList()) {
            layers.add(decode(l));
        }
        List<EpochMetrics> metrics = new ArrayList<>();
        for (SpikeportProto.EpochMetrics e : p.getMetricsList()) {
            metrics.add(new EpochMetrics(e.getEpoch(), new TreeMap<>(e.getValuesMap())));
        }
        TrainedNetwork network = new TrainedNetwork(p.getInputs(), p.getDtMs(), p.getSigma(), layers,
                decode(p.getDecoding()));
        return new TrainedModel(network, new TreeMap<>(p.getConfigMap()), metrics, decode(p.getProvenance()));
    }

    private static SpikeportProto.TrainedLayer encode(TrainedLayer l) {
        SpikeportProto.TrainedLayer.Builder b = SpikeportProto.TrainedLayer.newBuilder()
                .setName(l.name())
                .setInputs(l.inputs())
                .setOutputs(l.outputs())
                .setMaxDelay(l.maxDelay())
                .setNeuron(encode(l.neuron()));
        for (float w : l.weights()) {
            b.addWeight(w);
        }
        for (float d : l.delays()) {
            b.addDelay(d);
        }
        if (l.mask() != null) {
            b.setMask(com.google.protobuf.ByteString.copyFrom(packBits(l.mask())));
        }
        if (l.batchNorm() != null) {
            BatchNorm bn = l.batchNorm();
            SpikeportProto.BatchNorm.Builder nb = SpikeportProto.BatchNorm.newBuilder().setEps(bn.eps());
            for (int i = 0; i < bn.size(); i++) {
                nb.addGamma(bn.gamma()[i]).addBeta(bn.beta()[i]).addMean(bn.mean()[i]).addVariance(bn.variance()[i]);
            }
            b.setBatchNorm(nb);
        }
        if (l.bias() != null) {
            for (float v : l.bias()) {
                b.addBias(v);
            }
        }
        if (l.recurrent() != null) {
            b.setRecurrent(encode(l.recurrent()));
        }
        return b.build();
    }

    private static SpikeportProto.Recurrence encode(Recurrence r) {
        SpikeportProto.Recurrence.Builder b = SpikeportProto.Recurrence.newBuilder()
                .setKind(r.kind() == Recurrence.Kind.AXONAL
                        ? SpikeportProto.RecurrentKind.RECURRENT_KIND_AXONAL
                        : SpikeportProto.RecurrentKind.RECURRENT_KIND_SYNAPTIC)
                .setSigma(r.sigma());
        for (float w : r.weights()) {
            b.addWeight(w);
        }
        for (float d : r.delays()) {
            b.addDelay(d);
        }
        if (r.spread() != null) {
            for (float p : r.spread()) {
                b.addSpread(p);
            }
        }
        return b.build();
    }

    private static Recurrence decode(SpikeportProto.Recurrence p, String layer, int outputs) {
        Recurrence.Kind kind = switch (p.getKind()) {
            case RECURRENT_KIND_AXONAL -> Recurrence.Kind.AXONAL;
            case RECURRENT_KIND_SYNAPTIC -> Recurrence.Kind.SYNAPTIC;
            default -> throw new IllegalArgumentException("layer '" + layer + "': recurrent kind " + p.getKind()
                    + " is not supported");
        };
        float[] spread = p.getSpreadCount() == 0 ? null : floats(p.getSpreadList());
        try {
            return new Recurrence(kind, outputs, floats(p.getWeightList()), floats(p.getDelayList()), spread,
                    p.getSigma());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("layer '" + layer + "': " + e.getMessage());
        }
    }

    /** Decodes one trained layer; a field the IR rejects is named with the layer. */
    private static TrainedLayer decode(SpikeportProto.TrainedLayer p) {
        try {
            return decodeLayer(p);
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            throw m != null && m.startsWith("layer '") ? e
                    : new IllegalArgumentException("layer '" + p.getName() + "': " + m, e);
        }
    }

    private static TrainedLayer decodeLayer(SpikeportProto.TrainedLayer p) {
        long synapses = (long) p.getInputs() * p.getOutputs();
        boolean[] mask = null;
        if (!p.getMask().isEmpty()) {
            byte[] packed = p.getMask().toByteArray();
            if (synapses < 0 || packed.length != (synapses + 7) / 8) {
                throw new IllegalArgumentException("layer '" + p.getName() + "': mask has " + packed.length
                        + " bytes, expected " + (synapses + 7) / 8);
            }
            mask = unpackBits(packed, (int) synapses);
        }
        BatchNorm bn = null;
        if (p.hasBatchNorm()) {
            SpikeportProto.BatchNorm b = p.getBatchNorm();
            bn = new BatchNorm(floats(b.getGammaList()), floats(b.getBetaList()), floats(b.getMeanList()),
                    floats(b.getVarianceList()), b.getEps());
        }
        float[] bias = p.getBiasCount() == 0 ? null : floats(p.getBiasList());
        Recurrence recurrent = p.hasRecurrent() ? decode(p.getRecurrent(), p.getName(), p.getOutputs()) : null;
        return new TrainedLayer(p.getName(), p.getInputs(), p.getOutputs(), floats(p.getWeightList()),
                floats(p.getDelayList()), p.getMaxDelay(), mask, bn, decode(p.getNeuron()), bias, recurrent);
    }

    private static SpikeportProto.Lif encode(Lif lif) {
        return SpikeportProto.Lif.newBuilder()
                .setTau(lif.tau())
                .setThreshold(lif.threshold())
                .setReset(switch (lif.reset()) {
                    case ZERO -> SpikeportProto.ResetMode.RESET_MODE_ZERO;
                    case NONE -> SpikeportProto.ResetMode.RESET_MODE_NONE;
                    case SUBTRACT -> SpikeportProto.ResetMode.RESET_MODE_SUBTRACT;
                })
                .build();
    }

    private static Lif decode(SpikeportProto.Lif p) {
        ResetMode reset = switch (p.getReset()) {
            case RESET_MODE_ZERO -> ResetMode.ZERO;
            case RESET_MODE_NONE -> ResetMode.NONE;
            case RESET_MODE_SUBTRACT -> ResetMode.SUBTRACT;
            default -> throw new IllegalArgumentException("neuron reset mode " + p.getReset() + " is not supported");
        };
        return new Lif(p.getTau(), p.getThreshold(), reset);
    }

    private static SpikeportProto.Decoding encode(Decoding d) {
        return switch (d) {
            case SOFTMAX_SUM -> SpikeportProto.Decoding.DECODING_SOFTMAX_SUM;
            case SUM -> SpikeportProto.Decoding.DECODING_SUM;
        };
    }

    /** Unspecified (every version-1 file) is the softmax sum. */
    private static Decoding decode(SpikeportProto.Decoding d) {
        return switch (d) {
            case DECODING_UNSPECIFIED, DECODING_SOFTMAX_SUM -> Decoding.SOFTMAX_SUM;
            case DECODING_SUM -> Decoding.SUM;
            default -> throw new IllegalArgumentException("decoding " + d + " is not supported");
        };
    }

    private static SpikeportProto.Synapses encode(SparseSynapses s) {
        SpikeportProto.Synapses.Builder sb = SpikeportProto.Synapses.newBuilder();
        for (int i = 0; i < s.size(); i++) {
            sb.addPre(s.pre()[i]).addPost(s.post()[i]).addWeight(s.weight()[i]).addDelay(s.delay()[i]);
        }
        return sb.build();
    }

    private static SparseSynapses decode(SpikeportProto.Synapses s) {
        return new SparseSynapses(ints(s.getPreList()), ints(s.getPostList()), ints(s.getWeightList()),
                ints(s.getDelayList()));
    }

    static SpikeportProto.DeployedNetwork encode(DeployedNetwork n) {
        SpikeportProto.DeployedNetwork.Builder b = SpikeportProto.DeployedNetwork.newBuilder()
                .setProvenance(encode(n.provenance()))
                .setInputs(n.inputs())
                .setDtMs(n.dtMs())
                .setTrailingSteps(n.trailingSteps())
                .setDecoding(encode(n.decoding()))
                .setTarget(n.target())
                .setProfileName(n.profileName())
                .setProfileSha256(n.profileSha256())
                .setInput(SpikeportProto.InputEncoding.newBuilder()
                        .setKind(n.input().kind() == InputEncoding.Kind.BINARY
                                ? SpikeportProto.InputKind.INPUT_KIND_BINARY
                                : SpikeportProto.InputKind.INPUT_KIND_GRADED)
                        .setBits(n.input().bits()));
        for (DeployedLayer l : n.layers()) {
            SpikeportProto.NeuronParams.Builder nb = SpikeportProto.NeuronParams.newBuilder()
                    .setModel(l.neuron().model());
            for (Map.Entry<String, long[]> e : l.neuron().values().entrySet()) {
                SpikeportProto.Int64List.Builder vb = SpikeportProto.Int64List.newBuilder();
                for (long v : e.getValue()) {
                    vb.addValues(v);
                }
                nb.putValues(e.getKey(), vb.build());
            }
            b.addLayers(SpikeportProto.DeployedLayer.newBuilder()
                    .setName(l.name())
                    .setInputs(l.inputs())
                    .setOutputs(l.outputs())
                    .setSynapses(encode(l.synapses()))
                    .setNeuron(nb)
                    .putAllQuantization(l.quantization())
                    .setRecurrent(encode(l.recurrent())));
        }
        return b.build();
    }

    static DeployedNetwork decode(SpikeportProto.DeployedNetwork p) {
        List<DeployedLayer> layers = new ArrayList<>();
        for (SpikeportProto.DeployedLayer l : p.getLayersList()) {
            TreeMap<String, long[]> values = new TreeMap<>();
            for (Map.Entry<String, SpikeportProto.Int64List> e : l.getNeuron().getValuesMap().entrySet()) {
                values.put(e.getKey(), e.getValue().getValuesList().stream().mapToLong(Long::longValue).toArray());
            }
            NeuronParams neuron = new NeuronParams(l.getNeuron().getModel(), values);
            try {
                NeuronModels.check(neuron);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("layer '" + l.getName() + "': " + e.getMessage());
            }
            layers.add(new DeployedLayer(l.getName(), l.getInputs(), l.getOutputs(), decode(l.getSynapses()),
                    neuron, new TreeMap<>(l.getQuantizationMap()), decode(l.getRecurrent())));
        }
        InputEncoding.Kind kind = switch (p.getInput().getKind()) {
            case INPUT_KIND_BINARY -> InputEncoding.Kind.BINARY;
            case INPUT_KIND_GRADED -> InputEncoding.Kind.GRADED;
            default -> throw new IllegalArgumentException("input kind " + p.getInput().getKind() + " is not supported");
        };
        return new DeployedNetwork(p.getInputs(), p.getDtMs(), p.getTarget(), p.getProfileName(),
                p.getProfileSha256(), new InputEncoding(kind, p.getInput().getBits()), layers,
                p.getTrailingSteps(), decode(p.getProvenance()), decode(p.getDecoding()));
    }

    static SpikeportProto.Checkpoint encode(TrainingState s) {
        SpikeportProto.Checkpoint.Builder b = SpikeportProto.Checkpoint.newBuilder()
                .setCurrent(encode(s.current()))
                .setEpochsDone(s.epochsDone())
                .setSelected(encode(s.selected()))
                .setSelectedEpoch(s.selectedEpoch())
                .setSelectedScore(s.selectedScore());
        for (TrainingState.OptimizerGroup g : s.optimizer()) {
            SpikeportProto.OptimizerGroup.Builder gb = SpikeportProto.OptimizerGroup.newBuilder()
                    .setName(g.name()).setSteps(g.steps());
            g.firstMoments().forEach(t -> gb.addFirstMoments(encode(t)));
            g.secondMoments().forEach(t -> gb.addSecondMoments(encode(t)));
            b.addOptimizer(gb);
        }
        return b.build();
    }

    static TrainingState decode(SpikeportProto.Checkpoint p) {
        List<TrainingState.OptimizerGroup> groups = new ArrayList<>();
        for (SpikeportProto.OptimizerGroup g : p.getOptimizerList()) {
            groups.add(new TrainingState.OptimizerGroup(g.getName(), g.getSteps(),
                    g.getFirstMomentsList().stream().map(ModelCodec::decode).toList(),
                    g.getSecondMomentsList().stream().map(ModelCodec::decode).toList()));
        }
        return new TrainingState(decode(p.getCurrent()), p.getEpochsDone(), groups, decode(p.getSelected()),
                p.getSelectedEpoch(), p.getSelectedScore());
    }

    private static SpikeportProto.Tensor encode(TrainingState.Tensor t) {
        SpikeportProto.Tensor.Builder b = SpikeportProto.Tensor.newBuilder();
        for (long s : t.shape()) {
            b.addShape(s);
        }
        for (float v : t.values()) {
            b.addValues(v);
        }
        return b.build();
    }

    private static TrainingState.Tensor decode(SpikeportProto.Tensor t) {
        return new TrainingState.Tensor(t.getShapeList().stream().mapToLong(Long::longValue).toArray(),
                floats(t.getValuesList()));
    }

    private static SpikeportProto.Provenance encode(Provenance p) {
        return SpikeportProto.Provenance.newBuilder()
                .setToolVersion(p.toolVersion())
                .setCommandLine(p.commandLine())
                .setSeed(p.seed())
                .setDatasetFingerprint(p.datasetFingerprint())
                .setCreatedAt(p.createdAt().toString())
                .setSourceSha256(p.sourceSha256())
                .build();
    }

    private static Provenance decode(SpikeportProto.Provenance p) {
        Instant created;
        try {
            created = Instant.parse(p.getCreatedAt());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("provenance: creation time '" + p.getCreatedAt() + "' is not an ISO-8601 instant");
        }
        return new Provenance(p.getToolVersion(), p.getCommandLine(), p.getSeed(), p.getDatasetFingerprint(),
                created, p.getSourceSha256());
    }

    static byte[] packBits(boolean[] bits) {
        byte[] packed = new byte[(bits.length + 7) / 8];
        for (int i = 0; i < bits.length; i++) {
            if (bits[i]) {
                packed[i >> 3] |= (byte) (1 << (i & 7));
            }
        }
        return packed;
    }

    static boolean[] unpackBits(byte[] packed, int n) {
        boolean[] bits = new boolean[n];
        for (int i = 0; i < n; i++) {
            bits[i] = (packed[i >> 3] & (1 << (i & 7))) != 0;
        }
        return bits;
    }

    private static float[] floats(List<Float> list) {
        float[] a = new float[list.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = list.get(i);
        }
        return a;
    }

    private static int[] ints(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }
}
