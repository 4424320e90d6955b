package org.spikeport.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.spikeport.core.data.Binning;
import org.spikeport.core.data.FlatDatasetWriter;
import org.spikeport.core.data.SyntheticDataset;
import org.spikeport.core.data.SyntheticSpec;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.trainer.TrainConfig;
import org.spikeport.trainer.Trainer;
import org.spikeport.trainer.TrainingListener;
import org.spikeport.trainer.data.BinnedSamples;

/**
 * One small trained model shared by the tests that replay deployed networks (trained once per test
 * JVM): 140 inputs, one hidden layer of 16, 5 classes, delays up to 8, three epochs on 64 synthetic
 * samples; its 120 test samples are written as an HDF5 file.
 */
final class TrainedFixture {

    static final SyntheticDataset SYNTH = new SyntheticDataset(SyntheticSpec.defaults().withSamples(64, 120).withSeed(9));

    private static TrainedFixture instance;

    final Path dir;
    final Path model;
    final Path testData;
    final TrainedModel trained;
    final BinnedSamples test;

    private TrainedFixture() {
        try {
            dir = Files.createTempDirectory("spikeport-fixture");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        BinnedSamples train = BinnedSamples.of(SYNTH.train(), SYNTH.classes(), Binning.SHD);
        test = BinnedSamples.of(SYNTH.test(), SYNTH.classes(), Binning.SHD);
        TrainConfig c = new TrainConfig("agree", new int[] {16}, 8, 1.005, 3, 16, 0.1, 1e-3, 5e-3, 1e-5, 0.1,
                TrainConfig.DelayMode.LEARNED, TrainConfig.SigmaMode.DECREASING, true, 0, 10, 5, 700, 4);
        model = dir.resolve("model.pb");
        trained = new Trainer(c, new Trainer.Data(train, null, null, ""), model, "test", "test",
                TrainingListener.NONE).run(false);
        testData = dir.resolve("test.h5");
        FlatDatasetWriter.write(testData, SYNTH.test(), SYNTH.classNames(), Binning.SHD.inputChannels());
    }

    static synchronized TrainedFixture get() {
        if (instance == null) {
            instance = new TrainedFixture();
        }
        return instance;
    }
}
