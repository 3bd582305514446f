package org.gan4j.core.net;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.function.BiFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BaseOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reusable libnd4j op calls for the native kernels. Building an op per call costs far more than
 * running it on the small arrays of a GAN step (on one core: 17 us for a scalar multiplication
 * that allocates its scalar, against 1.7 us for a kept op; 31 us for a row-vector broadcast
 * against 7 us for a kept custom op and context; 36 us against 20 us for a 64-cube gemm), so each
 * call site keeps its op, and only the arrays change between calls. Not thread-safe, like the
 * kernels that own the calls.
 */
final class OpCalls {

    private OpCalls() {
    }

    /**
     * A legacy op on {@code x} (and {@code y}) into {@code z} whose extra state (a scalar
     * operand) is built once, for the first array's data type, and rebuilt when that changes.
     */
    static final class Legacy {
        private final BiFunction<INDArray, INDArray, BaseOp> make;
        private BaseOp op;
        private DataType type;

        /** @param make builds the op for its first (x, z) pair */
        Legacy(BiFunction<INDArray, INDArray, BaseOp> make) {
            this.make = make;
        }

        /** @return z, after z = op(x) */
        INDArray run(INDArray x, INDArray z) {
            return run(x, null, z);
        }

        /** @return z, after z = op(x, y) */
        INDArray run(INDArray x, INDArray y, INDArray z) {
            if (op == null || type != x.dataType()) {
                op = make.apply(x, z);
                type = x.dataType();
            }
            op.setX(x);
            op.setY(y);
            op.setZ(z);
            Nd4j.exec(op);
            return z;
        }
    }

    /** A custom (declarable) op with one kept execution context, made on the first call. */
    static final class Custom {
        private final String name;
        private final long[] iArgs;
        private DynamicCustomOp op;
        private OpContext context;
        private final INDArray[] inputs = new INDArray[5];
        private final INDArray[] outputs = new INDArray[3];

        /**
         * @param name libnd4j's op name
         * @param iArgs the op's integer arguments, fixed for this call site
         */
        Custom(String name, long... iArgs) {
            this.name = name;
            this.iArgs = iArgs;
        }

        /**
         * Runs the op; when the arrays are the same objects as in the last call they are not
         * passed again.
         *
         * @param inputs how many of {@code arrays} are inputs (the rest are outputs)
         * @param arrays inputs, then outputs
         */
        void call(int inputs, INDArray... arrays) {
            if (context == null) {
                op = DynamicCustomOp.builder(name).build();
                context = Nd4j.getExecutioner().buildContext();
            }
            boolean changed = false;
            for (int i = 0; i < arrays.length; i++) {
                INDArray[] kept = i < inputs ? this.inputs : outputs;
                changed |= kept[i < inputs ? i : i - inputs] != arrays[i];
            }
            if (changed) {
                // replacing an array of a context keeps the old one's native memory referenced
                // (it leaks: 1.3 MB per MLP GAN step), so a change clears the context and sets all
                context.purge();
                if (iArgs.length > 0) {
                    context.setIArguments(iArgs);
                }
                Arrays.fill(this.inputs, null);
                Arrays.fill(outputs, null);
                for (int i = 0; i < arrays.length; i++) {
                    if (i < inputs) {
                        context.setInputArray(i, arrays[i]);
                        this.inputs[i] = arrays[i];
                    } else {
                        context.setOutputArray(i - inputs, arrays[i]);
                        outputs[i - inputs] = arrays[i];
                    }
                }
            }
            Nd4j.getExecutioner().exec(op, context);
        }

        /** @return z, after z = op(a, b) */
        INDArray run(INDArray a, INDArray b, INDArray z) {
            call(2, a, b, z);
            return z;
        }

        /** @return z, after z = op(a) */
        INDArray run(INDArray a, INDArray z) {
            call(1, a, z);
            return z;
        }
    }

    /** The gemm {@code z = op(a) op(b)} with fixed transposes, through libnd4j's {@code matmul}. */
    static Custom matmul(boolean transposeA, boolean transposeB) {
        return new Custom("matmul", transposeA ? 1 : 0, transposeB ? 1 : 0, 0);
    }

    /**
     * Copies a contiguous float or double array (a view allowed) into a Java array.
     *
     * @param a the array, element-wise stride 1
     * @param out receives {@code a.length()} values
     * @return out
     */
    static double[] read(INDArray a, double[] out) {
        int n = (int) a.length();
        int offset = (int) a.offset();
        if (a.dataType() == DataType.DOUBLE) {
            doubles(a).get(offset, out, 0, n);
        } else {
            FloatBuffer f = floats(a);
            for (int i = 0; i < n; i++) {
                out[i] = f.get(offset + i);
            }
        }
        return out;
    }

    /**
     * Writes Java values into a contiguous float or double array (a view allowed).
     *
     * @param values {@code a.length()} values
     * @param a the array, element-wise stride 1
     * @return a
     */
    static INDArray write(double[] values, INDArray a) {
        int n = (int) a.length();
        int offset = (int) a.offset();
        if (a.dataType() == DataType.DOUBLE) {
            doubles(a).put(offset, values, 0, n);
        } else {
            FloatBuffer f = floats(a);
            for (int i = 0; i < n; i++) {
                f.put(offset + i, (float) values[i]);
            }
        }
        return a;
    }

    /** @return the whole data buffer under {@code a} (index it with {@code a.offset()}) as floats */
    static FloatBuffer floats(INDArray a) {
        return a.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** @return the whole data buffer under {@code a} (index it with {@code a.offset()}) as doubles */
    static DoubleBuffer doubles(INDArray a) {
        return a.data().asNio().order(ByteOrder.nativeOrder()).asDoubleBuffer();
    }
}
