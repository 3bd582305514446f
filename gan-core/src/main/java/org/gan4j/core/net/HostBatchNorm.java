package org.gan4j.core.net;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The element-wise passes of batch normalisation, run on the host over heap chunks of the
 * activations: one pass for per-channel sums, one for each per-channel affine combination.
 * Arithmetic is in double precision, except for a combination of one float array into a float
 * array, which runs in float. Fused this way, a training forward pass reads its input twice and
 * writes two arrays, where separate native ops read and write the whole array about a dozen times.
 *
 * <p>Arrays are contiguous and C-ordered, float or double, seen as rows: in the spatial layout ({@code [n, c, h, w]}, rows of {@code h w} positions) every
 * element of row {@code r} belongs to channel {@code r mod c}; in the flat layout
 * ({@code [n, c]}, rows of {@code c}) element {@code j} of a row belongs to channel {@code j}.
 * Instances keep their chunks and are not thread-safe.
 */
final class HostBatchNorm {

    /** Elements per heap chunk (whole rows; a longer row is one chunk). */
    private static final int CHUNK = 4096;

    private double[] first = new double[CHUNK];
    private double[] second = new double[CHUNK];
    private double[] result = new double[CHUNK];
    private float[] floats = new float[CHUNK];
    private float[] alphaF = new float[0];
    private float[] gammaF = new float[0];

    /** The row structure of one pass. */
    private record Rows(boolean spatial, int channels, int length, long count, int perChunk) {
        static Rows of(INDArray a, boolean spatial) {
            int c = (int) a.size(1);
            int length = (int) (spatial ? a.length() / (a.size(0) * c) : c);
            return new Rows(spatial, c, length, a.length() / length, Math.max(1, CHUNK / length));
        }

        /** @return how many rows the chunk starting at row {@code r0} holds */
        int inChunk(long r0) {
            return (int) Math.min(perChunk, count - r0);
        }
    }

    /** Grows the chunks to hold one chunk of {@code rows}. */
    private Rows prepare(INDArray a, boolean spatial) {
        Rows rows = Rows.of(a, spatial);
        int need = rows.perChunk() * rows.length();
        if (first.length < need) {
            first = new double[need];
            second = new double[need];
            result = new double[need];
            floats = new float[need];
        }
        return rows;
    }

    /**
     * Per-channel sums {@code s1 += e - shift} and {@code s2 += (e - shift) (h - shift)}, or
     * {@code s2 += (e - shift)^2} when {@code h} is null.
     *
     * @param e first array
     * @param h second array (same shape) or null
     * @param spatial whether the layout is {@code [n, c, h, w]}
     * @param shift per-channel shift (for numerically safe variances), or null for none
     * @param s1 receives the first sums ({@code c} values, overwritten)
     * @param s2 receives the second sums ({@code c} values, overwritten)
     */
    void sums(INDArray e, INDArray h, boolean spatial, double[] shift, double[] s1, double[] s2) {
        Rows rows = prepare(e, spatial);
        java.util.Arrays.fill(s1, 0);
        java.util.Arrays.fill(s2, 0);
        int len = rows.length();
        for (long r0 = 0; r0 < rows.count(); r0 += rows.perChunk()) {
            int k = loadChunk(rows, r0, e, h);
            double[] other = h != null ? second : first;
            for (int q = 0; q < k; q++) {
                int base = q * len;
                if (rows.spatial()) {
                    int ch = (int) ((r0 + q) % rows.channels());
                    double m = shift == null ? 0 : shift[ch];
                    double mh = h != null ? 0 : m;
                    double a0 = 0;
                    double a1 = 0;
                    double b0 = 0;
                    double b1 = 0;
                    int i = 0;
                    for (; i + 1 < len; i += 2) {
                        double x0 = first[base + i] - m;
                        double x1 = first[base + i + 1] - m;
                        a0 += x0;
                        a1 += x1;
                        b0 += x0 * (other[base + i] - mh);
                        b1 += x1 * (other[base + i + 1] - mh);
                    }
                    for (; i < len; i++) {
                        double x0 = first[base + i] - m;
                        a0 += x0;
                        b0 += x0 * (other[base + i] - mh);
                    }
                    s1[ch] += a0 + a1;
                    s2[ch] += b0 + b1;
                } else {
                    for (int j = 0; j < len; j++) {
                        double m = shift == null ? 0 : shift[j];
                        double x0 = first[base + j] - m;
                        s1[j] += x0;
                        s2[j] += x0 * (other[base + j] - (h != null ? 0 : m));
                    }
                }
            }
        }
    }

    /**
     * {@code out = e alpha + h beta + gamma} with per-channel coefficients.
     *
     * @param e first array
     * @param h second array (same shape), or null for {@code out = e alpha + gamma}
     * @param spatial whether the layout is {@code [n, c, h, w]}
     * @param alpha per-channel factor of {@code e}
     * @param beta per-channel factor of {@code h} (ignored when h is null)
     * @param gamma per-channel constant
     * @param out destination, same shape (may be e or h)
     * @return out
     */
    INDArray combine(INDArray e, INDArray h, boolean spatial, double[] alpha, double[] beta, double[] gamma, INDArray out) {
        if (e.dataType() == DataType.FLOAT && h == null && out.dataType() == DataType.FLOAT) {
            return combineFloat(e, spatial, alpha, gamma, out);
        }
        Rows rows = prepare(e, spatial);
        int len = rows.length();
        for (long r0 = 0; r0 < rows.count(); r0 += rows.perChunk()) {
            int k = loadChunk(rows, r0, e, h);
            for (int q = 0; q < k; q++) {
                int base = q * len;
                if (rows.spatial()) {
                    int ch = (int) ((r0 + q) % rows.channels());
                    double a = alpha[ch];
                    double g = gamma[ch];
                    if (h == null) {
                        for (int i = base; i < base + len; i++) {
                            result[i] = first[i] * a + g;
                        }
                    } else {
                        double b = beta[ch];
                        for (int i = base; i < base + len; i++) {
                            result[i] = first[i] * a + second[i] * b + g;
                        }
                    }
                } else if (h == null) {
                    for (int j = 0; j < len; j++) {
                        result[base + j] = first[base + j] * alpha[j] + gamma[j];
                    }
                } else {
                    for (int j = 0; j < len; j++) {
                        result[base + j] = first[base + j] * alpha[j] + second[base + j] * beta[j] + gamma[j];
                    }
                }
            }
            store(result, k * len, out, r0 * len);
        }
        return out;
    }

    /**
     * Loads the chunk of rows from {@code r0} of e (into {@link #first}) and of h when not null
     * (into {@link #second}).
     *
     * @return how many rows the chunk holds
     */
    private int loadChunk(Rows rows, long r0, INDArray e, INDArray h) {
        int k = rows.inChunk(r0);
        int len = rows.length();
        load(e, r0 * len, first, k * len);
        if (h != null) {
            load(h, r0 * len, second, k * len);
        }
        return k;
    }

    /** {@link #combine} without a second array, in float arithmetic on float arrays (no conversions). */
    private INDArray combineFloat(INDArray e, boolean spatial, double[] alpha, double[] gamma, INDArray out) {
        Rows rows = prepare(e, spatial);
        int len = rows.length();
        int c = rows.channels();
        if (alphaF.length < c) {
            alphaF = new float[c];
            gammaF = new float[c];
        }
        for (int j = 0; j < c; j++) {
            alphaF[j] = (float) alpha[j];
            gammaF[j] = (float) gamma[j];
        }
        FloatBuffer in = OpCalls.floats(e);
        FloatBuffer to = OpCalls.floats(out);
        for (long r0 = 0; r0 < rows.count(); r0 += rows.perChunk()) {
            int k = rows.inChunk(r0);
            in.get((int) (e.offset() + r0 * len), floats, 0, k * len);
            for (int q = 0; q < k; q++) {
                int base = q * len;
                if (rows.spatial()) {
                    int ch = (int) ((r0 + q) % c);
                    float a = alphaF[ch];
                    float g = gammaF[ch];
                    for (int i = base; i < base + len; i++) {
                        floats[i] = floats[i] * a + g;
                    }
                } else {
                    for (int j = 0; j < len; j++) {
                        floats[base + j] = floats[base + j] * alphaF[j] + gammaF[j];
                    }
                }
            }
            to.put((int) (out.offset() + r0 * len), floats, 0, k * len);
        }
        return out;
    }

    /** Copies {@code len} elements of {@code a} from element {@code start} into {@code chunk}. */
    private void load(INDArray a, long start, double[] chunk, int len) {
        int from = (int) (a.offset() + start);
        if (a.dataType() == DataType.DOUBLE) {
            OpCalls.doubles(a).get(from, chunk, 0, len);
        } else {
            FloatBuffer f = OpCalls.floats(a);
            f.get(from, floats, 0, len);
            for (int i = 0; i < len; i++) {
                chunk[i] = floats[i];
            }
        }
    }

    /** Copies {@code len} values of {@code chunk} into {@code a} from element {@code start}. */
    private void store(double[] chunk, int len, INDArray a, long start) {
        int to = (int) (a.offset() + start);
        if (a.dataType() == DataType.DOUBLE) {
            OpCalls.doubles(a).put(to, chunk, 0, len);
        } else {
            for (int i = 0; i < len; i++) {
                floats[i] = (float) chunk[i];
            }
            OpCalls.floats(a).put(to, floats, 0, len);
        }
    }
}
