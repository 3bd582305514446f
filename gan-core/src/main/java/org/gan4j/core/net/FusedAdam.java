package org.gan4j.core.net;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.NoOpUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Adam for a DL4J network whose trainable parameters all use Adam, in one pass over each
 * parameter block instead of libnd4j's {@code adam_updater} op plus a separate subtraction
 * (three times faster here: 4.1 against 12.2 ms for 1.5 million parameters on one core). It
 * uses the network's own updater state (first and second moments in DL4J's layout), learning
 * rate schedule and iteration count, and libnd4j's arithmetic: with {@code t = iteration + 1},
 * {@code m = b1 m + (1 - b1) g}, {@code v = b2 v + (1 - b2) g^2} and
 * {@code p -= lr sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps)}, so checkpoints and a
 * switch back to DL4J's updater see the same state.
 */
final class FusedAdam {

    /** A contiguous parameter range with its Adam configuration and moment arrays. */
    private record Block(int start, int length, Adam config, INDArray m, INDArray v) {
    }

    /** Elements per heap chunk (four float chunks fit in a 32 KiB L1 cache). */
    private static final int CHUNK = 2048;

    private final List<Block> blocks;
    /** Heap chunks of parameters, gradient, first and second moments (for the network's data type). */
    private final float[][] floatChunks;
    private final double[][] doubleChunks;

    private FusedAdam(List<Block> blocks, DataType type) {
        this.blocks = blocks;
        this.floatChunks = type == DataType.FLOAT ? new float[4][CHUNK] : null;
        this.doubleChunks = type == DataType.DOUBLE ? new double[4][CHUNK] : null;
    }

    /**
     * @param updater the network's updater
     * @param params the network's flat parameters
     * @return the fused optimizer, or null when some parameter has another optimizer,
     *     regularization or gradient normalization, or the data type is not float or double
     */
    static FusedAdam of(Updater updater, INDArray params) {
        if (!(updater instanceof BaseMultiLayerUpdater<?> multi) || !supported(params)) {
            return null;
        }
        List<Block> blocks = new ArrayList<>();
        for (UpdaterBlock b : multi.getUpdaterBlocks()) {
            if (b.getGradientUpdater() instanceof NoOpUpdater) {
                continue;
            }
            if (!(b.getGradientUpdater() instanceof AdamUpdater adam)) {
                return null;
            }
            for (UpdaterBlock.ParamState s : b.getLayersAndVariablesInBlock()) {
                var conf = s.getLayer().getConfig();
                var reg = conf.getRegularizationByParam(s.getParamName());
                if ((reg != null && !reg.isEmpty()) || (conf.getGradientNormalization() != null
                        && conf.getGradientNormalization() != GradientNormalization.None)) {
                    return null;
                }
            }
            if (adam.getM() == null) {
                b.init();
            }
            INDArray m = adam.getM();
            INDArray v = adam.getV();
            int length = b.getParamOffsetEnd() - b.getParamOffsetStart();
            if (m == null || v == null || m.length() != length || v.length() != length
                    || m.elementWiseStride() != 1 || v.elementWiseStride() != 1 || !supported(m) || !supported(v)) {
                return null;
            }
            blocks.add(new Block(b.getParamOffsetStart(), length, adam.getConfig(), m, v));
        }
        return new FusedAdam(blocks, params.dataType());
    }

    private static boolean supported(INDArray a) {
        return (a.dataType() == DataType.FLOAT || a.dataType() == DataType.DOUBLE)
                && a.data().length() * a.data().getElementSize() <= Integer.MAX_VALUE;
    }

    /**
     * Applies one Adam step.
     *
     * @param params the flat parameter vector (contiguous), updated in place
     * @param gradient the flat gradient vector (contiguous, same type), not modified
     * @param iteration the network's iteration count before this step
     * @param epoch the network's epoch count
     * @return false (nothing changed) when the arrays are not contiguous vectors of one type
     */
    boolean step(INDArray params, INDArray gradient, int iteration, int epoch) {
        if (params.elementWiseStride() != 1 || gradient.elementWiseStride() != 1
                || gradient.dataType() != params.dataType() || gradient.length() != params.length()
                || !supported(gradient) || (params.dataType() == DataType.FLOAT ? floatChunks : doubleChunks) == null) {
            return false;
        }
        for (Block b : blocks) {
            if (b.m().dataType() != params.dataType()) {
                return false;
            }
        }
        double t = iteration + 1.0;
        for (Block b : blocks) {
            Adam c = b.config();
            double b1 = c.getBeta1();
            double b2 = c.getBeta2();
            double eps = c.getEpsilon();
            double stepSize = c.getLearningRate(iteration, epoch) * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
            if (Double.isNaN(stepSize) || Double.isInfinite(stepSize) || stepSize == 0) {
                stepSize = eps;
            }
            if (params.dataType() == DataType.FLOAT) {
                floatStep(OpCalls.floats(params), (int) params.offset() + b.start(), OpCalls.floats(gradient), (int) gradient.offset() + b.start(),
                        OpCalls.floats(b.m()), (int) b.m().offset(), OpCalls.floats(b.v()), (int) b.v().offset(), b.length(),
                        (float) b1, (float) b2, (float) eps, (float) stepSize);
            } else {
                doubleStep(OpCalls.doubles(params), (int) params.offset() + b.start(), OpCalls.doubles(gradient),
                        (int) gradient.offset() + b.start(), OpCalls.doubles(b.m()), (int) b.m().offset(), OpCalls.doubles(b.v()),
                        (int) b.v().offset(), b.length(), b1, b2, eps, stepSize);
            }
        }
        return true;
    }

    /**
     * The float loop runs over chunks copied to heap arrays, where the JIT compiler vectorises
     * it (over the native buffers directly it stays scalar: 5.5 against 3.4 ms for two million
     * parameters on one core).
     */
    private void floatStep(FloatBuffer p, int po, FloatBuffer g, int go, FloatBuffer m, int mo, FloatBuffer v, int vo,
            int n, float b1, float b2, float eps, float stepSize) {
        float[] pc = floatChunks[0];
        float[] gc = floatChunks[1];
        float[] mc = floatChunks[2];
        float[] vc = floatChunks[3];
        float c1 = 1 - b1;
        float c2 = 1 - b2;
        for (int start = 0; start < n; start += CHUNK) {
            int len = Math.min(CHUNK, n - start);
            p.get(po + start, pc, 0, len);
            g.get(go + start, gc, 0, len);
            m.get(mo + start, mc, 0, len);
            v.get(vo + start, vc, 0, len);
            for (int i = 0; i < len; i++) {
                float gi = gc[i];
                float mi = b1 * mc[i] + gi * c1;
                float vi = b2 * vc[i] + gi * gi * c2;
                mc[i] = mi;
                vc[i] = vi;
                pc[i] = pc[i] - mi * stepSize / ((float) Math.sqrt(vi) + eps);
            }
            p.put(po + start, pc, 0, len);
            m.put(mo + start, mc, 0, len);
            v.put(vo + start, vc, 0, len);
        }
    }

    /** As {@link #floatStep} in double precision. */
    private void doubleStep(DoubleBuffer p, int po, DoubleBuffer g, int go, DoubleBuffer m, int mo, DoubleBuffer v, int vo,
            int n, double b1, double b2, double eps, double stepSize) {
        double[] pc = doubleChunks[0];
        double[] gc = doubleChunks[1];
        double[] mc = doubleChunks[2];
        double[] vc = doubleChunks[3];
        double c1 = 1 - b1;
        double c2 = 1 - b2;
        for (int start = 0; start < n; start += CHUNK) {
            int len = Math.min(CHUNK, n - start);
            p.get(po + start, pc, 0, len);
            g.get(go + start, gc, 0, len);
            m.get(mo + start, mc, 0, len);
            v.get(vo + start, vc, 0, len);
            for (int i = 0; i < len; i++) {
                double gi = gc[i];
                double mi = b1 * mc[i] + gi * c1;
                double vi = b2 * vc[i] + gi * gi * c2;
                mc[i] = mi;
                vc[i] = vi;
                pc[i] = pc[i] - mi * stepSize / (Math.sqrt(vi) + eps);
            }
            p.put(po + start, pc, 0, len);
            m.put(mo + start, mc, 0, len);
            v.put(vo + start, vc, 0, len);
        }
    }
}
