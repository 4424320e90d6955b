package org.spikeport.trainer.importer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.spikeport.core.SpikeportException;

/** The NPY parser on hand-built files of each header version and element type. */
class NpyTest {

    /** An .npy file of the given version with {@code header} padded to a multiple of 64 bytes. */
    static byte[] npy(int major, String header, byte[] data) {
        int lengthBytes = major == 1 ? 2 : 4;
        StringBuilder h = new StringBuilder(header);
        while ((8 + lengthBytes + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        byte[] text = h.toString().getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        ByteBuffer len = ByteBuffer.allocate(lengthBytes).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) {
            len.putShort((short) text.length);
        } else {
            len.putInt(text.length);
        }
        out.writeBytes(len.array());
        out.writeBytes(text);
        out.writeBytes(data);
        return out.toByteArray();
    }

    private static byte[] littleEndian(int bytes, java.util.function.Consumer<ByteBuffer> fill) {
        ByteBuffer b = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        fill.accept(b);
        return b.array();
    }

    @Test
    void readsFloat32MatrixVersion1() {
        byte[] data = littleEndian(24, b -> b.putFloat(1).putFloat(-2.5f).putFloat(3).putFloat(0).putFloat(5).putFloat(6));
        NpyArray a = Npy.parse(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", data), "t");
        assertEquals(NpyDtype.FLOAT32, a.dtype());
        assertArrayEquals(new int[] {2, 3}, a.shape());
        assertEquals("(2, 3)", a.shapeText());
        assertArrayEquals(new float[] {1, -2.5f, 3, 0, 5, 6}, a.floats());
    }

    @Test
    void readsEveryTypeAndVersion() {
        NpyArray f8 = Npy.parse(npy(2, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }",
                littleEndian(16, b -> b.putDouble(0.1).putDouble(-1e300))), "t");
        assertArrayEquals(new double[] {0.1, -1e300}, f8.doubles());
        assertEquals("(2,)", f8.shapeText());
        NpyArray i8 = Npy.parse(npy(3, "{'descr': '<i8', 'fortran_order': False, 'shape': (), }",
                littleEndian(8, b -> b.putLong(1L << 40))), "t");
        assertArrayEquals(new long[] {1L << 40}, i8.longs());
        assertEquals("()", i8.shapeText());
        NpyArray i4 = Npy.parse(npy(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (1, 2), }",
                littleEndian(8, b -> b.putInt(-7).putInt(9))), "t");
        assertArrayEquals(new double[] {-7, 9}, i4.doubles());
        NpyArray bool = Npy.parse(npy(1, "{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }",
                new byte[] {1, 0, 1}), "t");
        assertArrayEquals(new float[] {1, 0, 1}, bool.floats());
        NpyArray empty = Npy.parse(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (0, 4), }",
                new byte[0]), "t");
        assertEquals(0, empty.size());
    }

    private static String failure(byte[] file) {
        SpikeportException e = assertThrows(SpikeportException.class, () -> Npy.parse(file, "f.npz: key 'k'"));
        assertTrue(e.getMessage().startsWith("f.npz: key 'k': "), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void rejectsWhatItCannotRead() {
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
        assertTrue(failure("not numpy".getBytes(StandardCharsets.US_ASCII)).contains("magic"));
        assertTrue(failure(npy(1, header, new byte[5])).contains("needs 8 bytes of data, the file has 5"));
        assertTrue(failure(npy(1, header, new byte[12])).contains("4 bytes after the data"));
        assertTrue(failure(npy(1, header.replace("<f4", ">f4"), new byte[8])).contains("unsupported dtype '>f4'"));
        assertTrue(failure(npy(1, header.replace("False", "True"), new byte[8])).contains("Fortran"));
        assertTrue(failure(npy(1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }",
                new byte[8])).contains("structured"));
        assertTrue(failure(npy(1, "{'descr': '<f4', 'shape': (2,), }", new byte[8])).contains("without"));
        assertTrue(failure(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,", new byte[8]))
                .contains("unreadable"));
        byte[] versionFour = npy(1, header, new byte[8]);
        versionFour[6] = 4;
        assertTrue(failure(versionFour).contains("version 4.0"));
        byte[] whole = npy(1, header, new byte[8]);
        assertTrue(failure(java.util.Arrays.copyOf(whole, 30)).contains("truncated"));
    }
}
