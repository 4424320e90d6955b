package org.spikeport.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.spikeport.core.data.Binning;
import org.spikeport.core.data.FlatDatasetWriter;
import org.spikeport.core.data.SyntheticDataset;
import org.spikeport.core.data.SyntheticSpec;
import org.spikeport.core.ir.Recurrence;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.trainer.Architecture;
import org.spikeport.trainer.TrainConfig;
import org.spikeport.trainer.Trainer;
import org.spikeport.trainer.TrainingListener;
import org.spikeport.trainer.data.BinnedSamples;

/**
 * Small trained models shared by the tests that replay deployed networks (each trained once per test
 * JVM) on 64 synthetic samples, whose 120 test samples are written as an HDF5 file: {@link #get()},
 * 140 inputs, one hidden layer of 16, 5 classes, delays up to 8, three epochs; {@link #recurrent()},
 * DelRec's small network shrunk (140-16-12-5, layer 2 recurrent with axonal delays, no feed-forward
 * delays), four epochs; {@link #recurrentWithDelays()}, DCLS delays up to 6 and recurrent synapses with
 * synaptic delays and learned widths in both hidden layers, reset by subtraction and a summed linear
 * readout (DelRec's SSC building blocks), three epochs; {@link #recurrentSpiking()}, {@link #recurrent()}
 * with Kaiming init, three epochs.
 */
final class TrainedFixture {

    static final SyntheticDataset SYNTH = new SyntheticDataset(SyntheticSpec.defaults().withSamples(64, 120).withSeed(9));

    private static TrainedFixture instance;
    private static TrainedFixture recurrent;
    private static TrainedFixture recurrentWithDelays;
    private static TrainedFixture recurrentSpiking;

    final Path dir;
    final Path model;
    final Path testData;
    final TrainedModel trained;
    final BinnedSamples test;

    private TrainedFixture() {
        this(new TrainConfig("agree", new int[] {16}, 8, 1.005, 3, 16, 0.1, 1e-3, 5e-3, 1e-5, 0.1,
                TrainConfig.DelayMode.LEARNED, TrainConfig.SigmaMode.DECREASING, true, 0, 10, 5, 700, 4));
    }

    private TrainedFixture(TrainConfig c) {
        try {
            dir = Files.createTempDirectory("spikeport-fixture");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        BinnedSamples train = BinnedSamples.of(SYNTH.train(), SYNTH.classes(), Binning.SHD);
        test = BinnedSamples.of(SYNTH.test(), SYNTH.classes(), Binning.SHD);
        model = dir.resolve("model.pb");
        trained = new Trainer(c, new Trainer.Data(train, null, null, ""), model, "test", "test",
                TrainingListener.NONE).run(false);
        testData = dir.resolve("test.h5");
        FlatDatasetWriter.write(testData, SYNTH.test(), SYNTH.classNames(), Binning.SHD.inputChannels());
    }

    static synchronized TrainedFixture recurrent() {
        if (recurrent == null) {
            TrainConfig p = TrainConfig.preset("delrec-small");
            recurrent = new TrainedFixture(new TrainConfig("agree-rec", new int[] {16, 12}, 0, p.tau(), 4, 16, p.dropout(),
                    p.lrWeights(), p.maxLrWeights(), p.weightDecay(), p.lrDelays(), p.delays(), p.sigma(), true, 0, 10, 5,
                    700, 4, p.architecture()));
        }
        return recurrent;
    }

    static synchronized TrainedFixture recurrentWithDelays() {
        if (recurrentWithDelays == null) {
            TrainConfig p = TrainConfig.preset("delrec-ssc");
            Architecture.Recurrent r = p.architecture().recurrent();
            Architecture a = p.architecture().withRecurrent(new Architecture.Recurrent(new int[] {1, 2},
                    r.delays(), Recurrence.Kind.SYNAPTIC, true, r.init(), 4, 0, r.dropout(), r.sigma0(), r.sigmaDecay()));
            recurrentWithDelays = new TrainedFixture(new TrainConfig("agree-rec-dcls", new int[] {16, 12}, 6, p.tau(), 3,
                    16, p.dropout(), p.lrWeights(), p.maxLrWeights(), p.weightDecay(), p.lrDelays(),
                    TrainConfig.DelayMode.LEARNED, p.sigma(), true, 0, 10, 5, 700, 4, a));
        }
        return recurrentWithDelays;
    }

    static synchronized TrainedFixture get() {
        if (instance == null) {
            instance = new TrainedFixture();
        }
        return instance;
    }

    /**
     * {@link #recurrent()}'s network and settings with Kaiming-uniform feed-forward weights (DCLS's init)
     * instead of PyTorch's default, three epochs: its recurrent layer spikes on the synthetic samples,
     * where {@link #recurrent()}'s stays almost silent (at most one spike per test sample).
     */
    static synchronized TrainedFixture recurrentSpiking() {
        if (recurrentSpiking == null) {
            TrainConfig p = TrainConfig.preset("delrec-small");
            Architecture a = p.architecture();
            Architecture kaiming = new Architecture(a.bias(), a.batchNorm(), a.dropoutAt(), a.reset(), a.surrogate(),
                    Architecture.WeightInit.KAIMING, a.readout(), a.optimizer(), a.delaySchedule(), a.gradClip(),
                    a.recurrent());
            recurrentSpiking = new TrainedFixture(new TrainConfig("agree-rec-spiking", new int[] {16, 12}, 0, p.tau(), 3,
                    16, p.dropout(), p.lrWeights(), p.maxLrWeights(), p.weightDecay(), p.lrDelays(), p.delays(), p.sigma(),
                    true, 0, 10, 5, 700, 4, kaiming));
        }
        return recurrentSpiking;
    }
}
