package org.spikeport.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class FlatRoundTripPropertyTest {

    @Property(tries = 40)
    void writeThenReadGivesTheInput(@ForAll("recordings") List<SpikeRecording> samples,
                                    @ForAll @IntRange(min = 0, max = 3) int namedExtra) throws IOException {
        int channels = 700;
        int maxLabel = samples.stream().mapToInt(SpikeRecording::label).max().orElse(0);
        List<String> names = new ArrayList<>();
        if (namedExtra > 0) {
            for (int c = 0; c <= maxLabel + namedExtra - 1; c++) {
                names.add("class " + c);
            }
        }
        Path dir = Files.createTempDirectory("flat-prop");
        Path f = dir.resolve("p.h5");
        try {
            FlatDatasetWriter.write(f, samples, names, channels);
            try (SpikeDataset ds = SpikeDatasets.open(f)) {
                assertEquals(samples.size(), ds.size());
                for (int i = 0; i < samples.size(); i++) {
                    assertEquals(samples.get(i), ds.get(i), "sample " + i);
                }
                assertEquals(channels, ds.inputChannels());
                if (!names.isEmpty()) {
                    assertEquals(names, ds.classNames());
                }
            }
        } finally {
            Files.deleteIfExists(f);
            Files.delete(dir);
        }
    }

    @Provide
    Arbitrary<List<SpikeRecording>> recordings() {
        Arbitrary<double[]> times = Arbitraries.oneOf(
                        Arbitraries.doubles().between(0, 2.0),
                        Arbitraries.floats().between(0, 2.0f).map(x -> (double) x),
                        Arbitraries.of(0.0, Double.MIN_VALUE, 1e-8))
                .array(double[].class).ofMaxSize(30)
                .map(a -> {
                    double[] s = a.clone();
                    Arrays.sort(s);
                    return s;
                });
        Arbitrary<SpikeRecording> rec = Combinators.combine(times, Arbitraries.integers().between(0, 699),
                        Arbitraries.integers().between(0, 9), Arbitraries.longs())
                .as((t, firstUnit, label, seed) -> {
                    java.util.Random rnd = new java.util.Random(seed);
                    int[] u = new int[t.length];
                    for (int i = 0; i < u.length; i++) {
                        u[i] = i == 0 ? firstUnit : rnd.nextInt(700);
                    }
                    return new SpikeRecording(t, u, label);
                });
        return rec.list().ofMinSize(1).ofMaxSize(12)
                .filter(l -> l.stream().mapToInt(SpikeRecording::size).sum() > 0);
    }
}
