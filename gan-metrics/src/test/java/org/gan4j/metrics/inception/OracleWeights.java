package org.gan4j.metrics.inception;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The closed-formula tensors of inception_oracle.py, bit for bit, and a .npz writer in numpy's
 * layout, so tests can build the oracle's weights and inputs without shipping them.
 */
final class OracleWeights {

    private OracleWeights() {
    }

    /** float32 {@code lo + width * u}, u from the splitmix64 finaliser of {@code (seed << 32) + i}. */
    static float[] formula(long seed, int n, float lo, float width) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            long z = ((seed << 32) + i) * 0x9E3779B97F4A7C15L;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z ^= z >>> 31;
            v[i] = lo + width * ((z >>> 40) * 0x1p-24f);
        }
        return v;
    }

    static INDArray array(long seed, long[] shape, float lo, float width) {
        int n = (int) LongStream.of(shape).reduce(1, Math::multiplyExact);
        return Nd4j.create(formula(seed, n, lo, width), shape, 'c');
    }

    static long keySeed(String key) {
        return crc(key.getBytes(StandardCharsets.UTF_8));
    }

    /** The oracle's state-dict tensor for a key: ranges as in inception_oracle.py's range_of. */
    static INDArray tensor(String key, long[] shape) {
        if (key.endsWith("bn.weight") || key.endsWith("bn.running_var")) {
            return array(keySeed(key), shape, 0.8f, 0.4f);
        }
        if (key.endsWith("bias") || key.endsWith("running_mean")) {
            return array(keySeed(key), shape, -0.1f, 0.2f);
        }
        long fanIn = LongStream.of(shape).skip(1).reduce(1, Math::multiplyExact);
        float a = (float) Math.sqrt(6.0 / fanIn);
        return array(keySeed(key), shape, -a, 2 * a);
    }

    /** All oracle weights of the FID Inception network by state-dict key. */
    static Map<String, INDArray> fidInception() {
        return FidInceptionGraph.create().expectedShapes().entrySet().stream().collect(Collectors.toMap(
                Map.Entry::getKey,
                e -> tensor(e.getKey(), e.getValue()), (a, b) -> a, LinkedHashMap::new));
    }

    static byte[] littleEndian(INDArray a) {
        float[] v = a.dup('c').data().asFloat();
        ByteBuffer buf = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(v);
        return buf.array();
    }

    static long crc(byte[] bytes) {
        CRC32 c = new CRC32();
        c.update(bytes);
        return c.getValue();
    }

    /** Writes float32 arrays as numpy.savez does (.npy version 1.0 entries, header padded to 64). */
    static void writeNpz(Path file, Map<String, INDArray> arrays) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(Deflater.NO_COMPRESSION);
            for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                StringBuilder shape = new StringBuilder();
                for (long s : e.getValue().shape()) {
                    shape.append(s).append(", ");
                }
                StringBuilder header = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': ("
                        + shape.toString().trim() + "), }");
                while ((10 + header.length() + 1) % 64 != 0) {
                    header.append(' ');
                }
                header.append('\n');
                zip.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
                zip.write(new byte[] {(byte) header.length(), (byte) (header.length() >> 8)});
                zip.write(header.toString().getBytes(StandardCharsets.ISO_8859_1));
                zip.write(littleEndian(e.getValue()));
                zip.closeEntry();
            }
        }
    }
}
