package org.spikeport.trainer.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class FloatCellsTest {

    @Test
    void valuesAreTheCOrderElementsOfArraysAndViews() {
        INDArray a = Nd4j.linspace(DataType.FLOAT, 1, 60, 1).reshape('c', 3, 4, 5);
        float[] v = FloatCells.values(a);
        for (int i = 0; i < 60; i++) {
            assertEquals(i + 1f, v[i]);
        }
        INDArray view = a.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all(), NDArrayIndex.point(2));
        assertArrayEquals(view.dup('c').data().asFloat(), FloatCells.values(view));
        INDArray fOrder = a.dup('f');
        assertArrayEquals(v, FloatCells.values(fOrder));
        assertTrue(FloatCells.plain(a.reshape('c', 12, 5)));
        assertArrayEquals(v, FloatCells.values(a.reshape('c', 12, 5)));
        assertFalse(FloatCells.plain(view));
        assertFalse(FloatCells.plain(fOrder));
        assertFalse(FloatCells.plain(a.castTo(DataType.DOUBLE)));
        assertFalse(FloatCells.plain(a.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all(), NDArrayIndex.all())));
    }

    @Test
    void arrayRoundTripsAndChecksTheLength() {
        float[] v = new float[24];
        for (int i = 0; i < v.length; i++) {
            v[i] = i * 0.5f - 3;
        }
        INDArray a = FloatCells.array(v, 2, 3, 4);
        assertArrayEquals(new long[] {2, 3, 4}, a.shape());
        assertEquals(-3f + 0.5f * (1 * 12 + 2 * 4 + 3), a.getFloat(1, 2, 3));
        assertArrayEquals(v, FloatCells.values(a));
        assertThrows(IllegalArgumentException.class, () -> FloatCells.array(v, 5, 5));
    }

    @Test
    void writeReplacesThePlainArraysElementsAndRefusesOthers() {
        INDArray a = Nd4j.linspace(DataType.FLOAT, 1, 12, 1).reshape('c', 3, 4);
        float[] v = new float[12];
        for (int i = 0; i < v.length; i++) {
            v[i] = -i * 0.25f;
        }
        FloatCells.write(v, a);
        assertArrayEquals(v, FloatCells.values(a));
        assertEquals(-0.25f * (2 * 4 + 1), a.getFloat(2, 1));
        INDArray view = a.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all());
        assertThrows(IllegalArgumentException.class, () -> FloatCells.write(new float[8], view));
        assertThrows(IllegalArgumentException.class, () -> FloatCells.write(new float[11], a));
        assertThrows(IllegalArgumentException.class, () -> FloatCells.write(v, a.dup('f')));
        assertArrayEquals(v, FloatCells.values(a));
    }

    @Test
    void rangesCoverEveryIndexOnce() {
        for (long work : new long[] {1, 1 << 14, 1L << 20}) {
            AtomicIntegerArray hits = new AtomicIntegerArray(1000);
            FloatCells.forRanges(1000, work, (lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    hits.incrementAndGet(i);
                }
            });
            for (int i = 0; i < 1000; i++) {
                assertEquals(1, hits.get(i), "index " + i + ", work " + work);
            }
        }
    }
}
