package org.gan4j.core.net;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarAdd;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarReverseSubtraction;
import org.nd4j.linalg.api.ops.impl.transforms.same.Max;
import org.nd4j.linalg.api.ops.impl.transforms.same.Min;
import org.nd4j.linalg.api.ops.impl.transforms.same.TimesOneMinus;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The per-layer kernels of {@link NativeMultiLayerNetwork}: forward and backward passes of the
 * supported DL4J layer types written directly with libnd4j operations ({@code conv2d},
 * {@code deconv2d}, {@code batchnorm}, gemm and element-wise ops), reading the layer's own
 * parameter views and writing its own gradient views, with the same arithmetic as the DL4J layer.
 */
final class NativeKernels {

    private NativeKernels() {
    }

    /** One layer's forward and backward pass. */
    interface Kernel {
        /**
         * @param x input (not modified unless {@code mayOverwrite})
         * @param training batch statistics (true) or running statistics (false)
         * @param keep whether to keep what {@link #backward} needs
         * @param mayOverwrite whether x may be overwritten (nobody else reads it)
         * @param fresh whether the output must be a new array (it leaves the network); otherwise
         *     it may be a buffer of this kernel that the next pass overwrites
         * @return the output
         */
        INDArray forward(INDArray x, boolean training, boolean keep, boolean mayOverwrite, boolean fresh);

        /**
         * Writes this layer's parameter gradient (and running-statistics deltas) into its
         * gradient views and returns the gradient at its input.
         *
         * @param eps gradient at the output of the last kept forward pass; not modified
         * @param fresh whether the input gradient must be a new array (it leaves the network)
         * @param parameters whether the parameter gradient is wanted; when false, kernels that can
         *     skip it (dense layers, undilated convolutions) leave their gradient views stale for
         *     the caller to discard
         * @param input whether the input gradient is wanted; when false, kernels that can skip it
         *     (dense layers, convolutions) do, and the result may be null
         * @return gradient at the input (or null when not wanted)
         */
        INDArray backward(INDArray eps, boolean fresh, boolean parameters, boolean input);

        /** @return whether the output of {@link #forward} is read again by {@link #backward} */
        boolean keepsOutput();
    }

    /**
     * Why a layer (or its input preprocessor) cannot run natively, or null when it can.
     *
     * @param layer the layer
     * @param pre its input preprocessor, or null
     * @return the reason, or null
     */
    static String unsupported(Layer layer, InputPreProcessor pre) {
        org.deeplearning4j.nn.conf.layers.Layer c = layer.conf().getLayer();
        if (pre != null && pre.getClass() != FeedForwardToCnnPreProcessor.class
                && !(pre.getClass() == CnnToFeedForwardPreProcessor.class
                        && ((CnnToFeedForwardPreProcessor) pre).getFormat() == CNN2DFormat.NCHW)) {
            return "input preprocessor " + pre.getClass().getSimpleName();
        }
        if (c.getIDropout() != null) {
            return "dropout";
        }
        if (c instanceof BaseLayer b && (b.getWeightNoise() != null)) {
            return "weight noise";
        }
        if (c.getClass() == DenseLayer.class) {
            return activation(((DenseLayer) c).getActivationFn()) == null ? "activation "
                    + ((DenseLayer) c).getActivationFn() : null;
        }
        if (c.getClass() == ActivationLayer.class) {
            return activation(((ActivationLayer) c).getActivationFn()) == null ? "activation "
                    + ((ActivationLayer) c).getActivationFn() : null;
        }
        if (c.getClass() == ConvolutionLayer.class || c.getClass() == Deconvolution2D.class) {
            ConvolutionLayer conv = (ConvolutionLayer) c;
            if (conv.getCnn2dDataFormat() != CNN2DFormat.NCHW) {
                return "data format " + conv.getCnn2dDataFormat();
            }
            if (conv.getConvolutionMode() != ConvolutionMode.Truncate && conv.getConvolutionMode() != ConvolutionMode.Strict) {
                return "convolution mode " + conv.getConvolutionMode();
            }
            if (c.getClass() == Deconvolution2D.class && (conv.getDilation()[0] != 1 || conv.getDilation()[1] != 1)) {
                return "dilated transposed convolution";
            }
            return activation(conv.getActivationFn()) == null ? "activation " + conv.getActivationFn() : null;
        }
        if (c.getClass() == BatchNormalization.class) {
            BatchNormalization bn = (BatchNormalization) c;
            if (bn.isLockGammaBeta() || !bn.isMinibatch() || bn.getCnn2DFormat() != CNN2DFormat.NCHW) {
                return "batch normalization with fixed gamma/beta, full-batch statistics or NHWC data";
            }
            return null;
        }
        return "layer type " + c.getClass().getSimpleName();
    }

    /**
     * Builds the kernel of a supported layer.
     *
     * @param layer the layer, supported by {@link #unsupported}
     * @param gradients the layer's gradient views by parameter name
     * @return its kernel
     */
    static Kernel of(Layer layer, Map<String, INDArray> gradients) {
        org.deeplearning4j.nn.conf.layers.Layer c = layer.conf().getLayer();
        if (c.getClass() == DenseLayer.class) {
            return new Dense(layer, gradients, activation(((DenseLayer) c).getActivationFn()));
        }
        if (c.getClass() == ActivationLayer.class) {
            return new Activate(activation(((ActivationLayer) c).getActivationFn()));
        }
        if (c.getClass() == ConvolutionLayer.class || c.getClass() == Deconvolution2D.class) {
            return new Conv(layer, gradients, (ConvolutionLayer) c);
        }
        return new BatchNorm(layer, gradients, (BatchNormalization) c);
    }

    /** Applies an input preprocessor's reshape forward ({@code backward = false}) or backward. */
    static INDArray reshape(InputPreProcessor pre, INDArray x, boolean backward) {
        long n = x.size(0);
        if (pre instanceof FeedForwardToCnnPreProcessor f) {
            return backward ? c(x).reshape('c', n, f.getNumChannels() * f.getInputHeight() * f.getInputWidth())
                    : c(x).reshape('c', n, f.getNumChannels(), f.getInputHeight(), f.getInputWidth());
        }
        CnnToFeedForwardPreProcessor f = (CnnToFeedForwardPreProcessor) pre;
        return backward ? c(x).reshape('c', n, f.getNumChannels(), f.getInputHeight(), f.getInputWidth())
                : c(x).reshape('c', n, f.getNumChannels() * f.getInputHeight() * f.getInputWidth());
    }

    private static INDArray c(INDArray x) {
        return x.ordering() == 'c' && !x.isView() ? x : x.dup('c');
    }

    /**
     * A kernel's reusable arrays, by slot and shape: allocating (and first touching) a large
     * native array costs about ten times as much as writing into one that already exists.
     */
    static final class Buffers {
        /** A kept array's slot, data type and shape. */
        private record Key(int slot, DataType type, List<Long> shape) {
        }

        private final Map<Key, INDArray> arrays = new HashMap<>();

        /**
         * @param slot the array's role in its kernel
         * @param fresh true for a new array that is not kept
         * @param like array whose data type to use
         * @param shape the shape
         * @return an array of that shape, contents undefined
         */
        INDArray get(int slot, boolean fresh, INDArray like, long... shape) {
            if (fresh) {
                return Nd4j.createUninitialized(like.dataType(), shape);
            }
            Key key = new Key(slot, like.dataType(), Arrays.stream(shape).boxed().toList());
            INDArray a = arrays.get(key);
            if (a == null) {
                if (arrays.size() >= 48) {
                    arrays.clear();
                }
                a = Nd4j.createUninitialized(like.dataType(), shape);
                arrays.put(key, a);
            }
            return a;
        }

        /**
         * @param like array whose data type to use
         * @param shape the shape
         * @return a kept array of ones of that shape (for sums as products)
         */
        INDArray ones(INDArray like, long... shape) {
            Key key = new Key(SLOT_ONES, like.dataType(), Arrays.stream(shape).boxed().toList());
            INDArray a = arrays.get(key);
            if (a == null) {
                a = get(SLOT_ONES, false, like, shape).assign(1.0);
            }
            return a;
        }
    }

    /** the output of a kept pass (backward may read it) */
    private static final int SLOT_OUT = 0;
    private static final int SLOT_DZ = 1;
    private static final int SLOT_DX = 2;
    private static final int SLOT_TMP = 3;
    private static final int SLOT_XHAT = 4;
    private static final int SLOT_ADJOINT = 5;
    /** the output of a pass that is not kept (the kept one stays intact) */
    private static final int SLOT_PASS = 6;
    private static final int SLOT_ONES = 7;

    /** The element-wise activations the kernels implement. */
    private enum Kind { IDENTITY, RELU, LEAKY, TANH, SIGMOID }

    /** An activation and its derivative, computed from the activation's output; one per layer. */
    private static final class Act {
        final Kind kind;
        final double alpha;
        private final OpCalls.Legacy forward;
        private final OpCalls.Legacy scale;
        private final OpCalls.Legacy step;
        private final OpCalls.Legacy slope;
        private final OpCalls.Legacy shift;
        private final OpCalls.Custom square = new OpCalls.Custom("multiply");
        private final OpCalls.Custom times = new OpCalls.Custom("multiply");
        private final OpCalls.Custom floatTanh = new OpCalls.Custom("tanh");

        Act(Kind kind, double alpha) {
            this.kind = kind;
            this.alpha = alpha;
            this.forward = switch (kind) {
                case RELU -> new OpCalls.Legacy((x, z) -> new RectifiedLinear(x, z, 0.0));
                // max(z, alpha z) for alpha <= 1, else min: vectorised, unlike libnd4j's branching leakyrelu
                case LEAKY -> new OpCalls.Legacy((x, z) -> alpha <= 1 ? new Max(x, x, z) : new Min(x, x, z));
                case TANH -> new OpCalls.Legacy(Tanh::new);
                case SIGMOID -> new OpCalls.Legacy(Sigmoid::new);
                default -> null;
            };
            this.scale = new OpCalls.Legacy((x, z) -> new ScalarMultiplication(x, null, z, alpha));
            this.step = new OpCalls.Legacy((x, z) -> kind == Kind.SIGMOID ? new TimesOneMinus(x, z) : new Step(x, z, 0.0));
            this.slope = new OpCalls.Legacy((x, z) -> kind == Kind.TANH ? new ScalarReverseSubtraction(x, null, z, 1.0)
                    : new ScalarMultiplication(x, null, z, 1 - alpha));
            this.shift = new OpCalls.Legacy((x, z) -> new ScalarAdd(x, null, z, alpha));
        }

        /** Applies the activation to z in place ({@code buffers} lends scratch space). */
        INDArray apply(INDArray z, Buffers buffers) {
            if (kind == Kind.LEAKY) {
                forward.run(z, scale.run(z, buffers.get(SLOT_TMP, false, z, z.shape())), z);
            } else if (kind == Kind.TANH && z.dataType() == DataType.FLOAT) {
                // libnd4j's vectorised tanh: 2.3 times faster than the legacy one, within one
                // float rounding of it on the output scale (double keeps the exact legacy op)
                floatTanh.run(z, z);
            } else if (forward != null) {
                forward.run(z, z);
            }
            return z;
        }

        /** @return dL/dz from the output a and dL/da (not modified), in a buffer of {@code buffers} */
        INDArray backward(INDArray a, INDArray eps, Buffers buffers) {
            if (kind == Kind.IDENTITY) {
                return eps;
            }
            INDArray out = buffers.get(SLOT_DZ, false, eps, eps.shape());
            switch (kind) {
                // for alpha >= 0, a > 0 exactly where z > 0: dz = eps * (a > 0 ? 1 : alpha)
                case RELU -> step.run(a, out);
                case LEAKY -> shift.run(slope.run(step.run(a, out), out), out);
                // 1 - a^2
                case TANH -> slope.run(square.run(a, a, out), out);
                // a (1 - a)
                default -> step.run(a, out);
            }
            return times.run(out, eps, out);
        }

        boolean needsOutput() {
            return kind != Kind.IDENTITY;
        }
    }

    /** @return the kernel activation for a DL4J activation function, or null when unsupported */
    private static Act activation(IActivation a) {
        if (a == null || a instanceof ActivationIdentity) {
            return new Act(Kind.IDENTITY, 0);
        }
        if (a instanceof ActivationReLU r && r.getMax() == null && r.getThreshold() == null && r.getNegativeSlope() == null) {
            return new Act(Kind.RELU, 0);
        }
        if (a instanceof ActivationLReLU l && l.getAlpha() >= 0) {
            return new Act(Kind.LEAKY, l.getAlpha());
        }
        if (a instanceof ActivationTanH) {
            return new Act(Kind.TANH, 0);
        }
        if (a instanceof ActivationSigmoid) {
            return new Act(Kind.SIGMOID, 0);
        }
        return null;
    }

    /** A standalone activation layer. */
    private static final class Activate implements Kernel {
        private final Act act;
        private final Buffers buffers = new Buffers();
        private INDArray out;

        Activate(Act act) {
            this.act = act;
        }

        @Override
        public INDArray forward(INDArray x, boolean training, boolean keep, boolean mayOverwrite, boolean fresh) {
            INDArray a = act.apply(mayOverwrite && !fresh ? x
                    : buffers.get(keep ? SLOT_OUT : SLOT_PASS, fresh, x, x.shape()).assign(x), buffers);
            out = keep ? a : out;
            return a;
        }

        @Override
        public INDArray backward(INDArray eps, boolean fresh, boolean parameters, boolean input) {
            INDArray dz = act.backward(out, eps, buffers);
            return fresh ? dz.dup() : dz;
        }

        @Override
        public boolean keepsOutput() {
            return act.needsOutput();
        }
    }

    /** A layer with weights {@code W} and an optional bias, followed by an activation. */
    private abstract static class Weighted implements Kernel {
        final INDArray w;
        final INDArray b;
        final INDArray dw;
        final INDArray db;
        final Act act;
        final Buffers buffers = new Buffers();
        INDArray in;
        INDArray out;

        Weighted(Layer layer, Map<String, INDArray> gradients, Act act, boolean vectorBias) {
            this.w = layer.getParam(DefaultParamInitializer.WEIGHT_KEY);
            INDArray bias = layer.getParam(DefaultParamInitializer.BIAS_KEY);
            INDArray dbias = gradients.get(DefaultParamInitializer.BIAS_KEY);
            this.b = bias == null || !vectorBias ? bias : bias.reshape(bias.length());
            this.dw = gradients.get(DefaultParamInitializer.WEIGHT_KEY);
            this.db = dbias == null || !vectorBias ? dbias : dbias.reshape(dbias.length());
            this.act = act;
        }

        /** Applies the activation to the pre-activation z in place and keeps the pass when asked. */
        INDArray finish(INDArray x, INDArray z, boolean keep) {
            act.apply(z, buffers);
            if (keep) {
                in = x;
                out = z;
            }
            return z;
        }

        @Override
        public boolean keepsOutput() {
            return act.needsOutput();
        }
    }

    /** DenseLayer: {@code act(x W + b)}, W stored {@code [nIn, nOut]}. */
    private static final class Dense extends Weighted {
        private final OpCalls.Custom product = OpCalls.matmul(false, false);
        private final OpCalls.Custom addBias = new OpCalls.Custom("add");
        private final OpCalls.Custom weightGradient = OpCalls.matmul(true, false);
        private final OpCalls.Custom biasGradient = OpCalls.matmul(false, false);
        private final OpCalls.Custom inputGradient = OpCalls.matmul(false, true);
        private final INDArray biasVector;
        private final INDArray biasGradientRow;

        Dense(Layer layer, Map<String, INDArray> gradients, Act act) {
            super(layer, gradients, act, false);
            this.biasVector = b == null ? null : b.reshape(b.length());
            this.biasGradientRow = db == null ? null : db.reshape(1, db.length());
        }

        @Override
        public INDArray forward(INDArray x, boolean training, boolean keep, boolean mayOverwrite, boolean fresh) {
            INDArray z = buffers.get(keep ? SLOT_OUT : SLOT_PASS, fresh, x, x.size(0), w.size(1));
            product.run(x, w, z);
            if (b != null) {
                // (libnd4j's xw_plus_b is slower: 50 against 76 GFLOP/s on [64, 1024] x [1024, 784]
                // with DL4J's column-major weights)
                addBias.run(z, biasVector, z);
            }
            return finish(x, z, keep);
        }

        @Override
        public INDArray backward(INDArray eps, boolean fresh, boolean parameters, boolean input) {
            INDArray dz = act.backward(out, eps, buffers);
            if (parameters) {
                weightGradient.run(in, dz, dw);
                if (db != null) {
                    // column sums as a product with a row of ones
                    biasGradient.run(buffers.ones(dz, 1, dz.size(0)), dz, biasGradientRow);
                }
            }
            return input ? inputGradient.run(dz, w, buffers.get(SLOT_DX, fresh, dz, dz.size(0), w.size(0))) : null;
        }
    }

    /** ConvolutionLayer and Deconvolution2D (NCHW; truncate/strict padding) through libnd4j's conv ops. */
    private static final class Conv extends Weighted {
        private static final int SLOT_COLUMNS = 8;
        private static final int SLOT_PER_EXAMPLE = 9;
        private final boolean transposed;
        private final int[] args;
        private final OpCalls.Custom forwardOp;
        private final OpCalls.Custom backwardOp;
        /** for a convolution's input gradient alone: the transposed convolution without padding */
        private final OpCalls.Custom adjointOp;
        private final OpCalls.Custom addBias = new OpCalls.Custom("add");
        /** for a convolution's parameter gradient alone: patches, per-example products, sums over examples */
        private final OpCalls.Custom patches;
        private final OpCalls.Custom patchProducts = OpCalls.matmul(false, true);
        private final OpCalls.Custom sumOverExamples = OpCalls.matmul(false, false);
        private final OpCalls.Custom positionSums = OpCalls.matmul(false, false);
        private final OpCalls.Custom biasSumOverExamples = OpCalls.matmul(false, false);
        /** the bias as {@code [1, c, 1, 1]} */
        private final INDArray channelBias;

        Conv(Layer layer, Map<String, INDArray> gradients, ConvolutionLayer c) {
            super(layer, gradients, activation(c.getActivationFn()), true);
            this.transposed = c instanceof Deconvolution2D;
            int[] k = c.getKernelSize();
            int[] s = c.getStride();
            int[] p = c.getPadding();
            int[] d = c.getDilation();
            // kH, kW, sH, sW, pH, pW, dH, dW, same mode off, NCHW, weights [oC,iC,kH,kW] (conv) or [iC,oC,kH,kW] (deconv)
            this.args = new int[] {k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1], 0, 0, 1};
            long[] iArgs = Arrays.stream(args).asLongStream().toArray();
            this.forwardOp = new OpCalls.Custom(transposed ? "deconv2d" : "conv2d", iArgs);
            this.backwardOp = new OpCalls.Custom(transposed ? "deconv2d_bp" : "conv2d_bp", iArgs);
            this.adjointOp = new OpCalls.Custom("deconv2d", k[0], k[1], s[0], s[1], 0, 0, 1, 1, 0, 0, 1);
            this.patches = new OpCalls.Custom("im2col", Arrays.copyOf(iArgs, 9));
            this.channelBias = b == null ? null : b.reshape(1, b.length(), 1, 1);
        }

        @Override
        public INDArray forward(INDArray x, boolean training, boolean keep, boolean mayOverwrite, boolean fresh) {
            long h = x.size(2);
            long wd = x.size(3);
            long oh;
            long ow;
            long channels = transposed ? w.size(1) : w.size(0);
            if (transposed) {
                oh = transposedSize(h, args[0], args[2], args[4]);
                ow = transposedSize(wd, args[1], args[3], args[5]);
            } else {
                oh = (h + 2L * args[4] - ((long) args[6] * (args[0] - 1) + 1)) / args[2] + 1;
                ow = (wd + 2L * args[5] - ((long) args[7] * (args[1] - 1) + 1)) / args[3] + 1;
            }
            INDArray z = buffers.get(keep ? SLOT_OUT : SLOT_PASS, fresh, x, x.size(0), channels, oh, ow);
            if (b == null) {
                forwardOp.call(2, x, w, z);
            } else if (transposed) {
                // oneDNN adds a transposed convolution's bias in a scalar reference loop: add it here
                forwardOp.call(2, x, w, z);
                addBias.run(z, channelBias, z);
            } else {
                forwardOp.call(3, x, w, b, z);
            }
            return finish(x, z, keep);
        }

        @Override
        public INDArray backward(INDArray eps, boolean fresh, boolean parameters, boolean input) {
            INDArray dz = act.backward(out, eps, buffers);
            if (!parameters && !input) {
                return null;
            }
            if (!input && !transposed) {
                parameterGradientOnly(dz);
                return null;
            }
            INDArray dx = parameters ? null : inputGradientOnly(dz, fresh);
            if (dx != null) {
                return dx;
            }
            dx = buffers.get(SLOT_DX, fresh && input, in, in.shape());
            if (b == null) {
                backwardOp.call(3, in, w, dz, dx, dw);
            } else {
                backwardOp.call(4, in, w, b, dz, dx, dw, db);
            }
            return dx;
        }

        /**
         * A convolution's weight and bias gradients without its input gradient (the first layer
         * of a discriminator in its own update), which {@code conv2d_bp} always computes: the
         * patches of the input ({@code im2col}, {@code [n, iC kH kW, P]} over the P output
         * positions), one product {@code dz_i patches_i^T} per example, summed over the examples
         * by a product with ones. Less than half the time of {@code conv2d_bp} for the reference
         * discriminator's first layer (one input channel).
         */
        private void parameterGradientOnly(INDArray dz) {
            long n = in.size(0);
            long channels = w.size(0);
            long taps = w.length() / channels;
            long positions = dz.size(2) * dz.size(3);
            INDArray cols = buffers.get(SLOT_COLUMNS, false, in, n, in.size(1), args[0], args[1], dz.size(2), dz.size(3));
            patches.run(c(in), cols);
            INDArray g = c(dz);
            INDArray perExample = buffers.get(SLOT_PER_EXAMPLE, false, dz, n, channels, taps);
            patchProducts.run(g.reshape('c', n, channels, positions), cols.reshape('c', n, taps, positions), perExample);
            INDArray ones = buffers.ones(dz, 1, n);
            sumOverExamples.run(ones, perExample.reshape('c', n, channels * taps), dw.reshape('c', 1, channels * taps));
            if (db != null) {
                INDArray rows = positionSums.run(g.reshape('c', n * channels, positions), buffers.ones(dz, positions, 1),
                        buffers.get(SLOT_TMP, false, dz, n * channels, 1));
                biasSumOverExamples.run(ones, rows.reshape('c', n, channels), db.reshape('c', 1, channels));
            }
        }

        /** @return the output size of an undilated transposed convolution along one axis */
        private static long transposedSize(long in, int kernel, int stride, int padding) {
            return (long) stride * (in - 1) + kernel - 2L * padding;
        }

        /**
         * The input gradient of an undilated convolution without its weight gradient (half the
         * arithmetic of {@code conv2d_bp}): the transposed convolution of dz with the same weights
         * and no padding, cropped by the padding. Exact whenever that full result covers the
         * padded input (always for the usual DCGAN sizes, including those the stride does not
         * divide, which libnd4j's {@code deconv2d_tf} refuses).
         *
         * @return the input gradient, or null when this layer needs {@code conv2d_bp}
         */
        private INDArray inputGradientOnly(INDArray dz, boolean fresh) {
            if (transposed || args[6] != 1 || args[7] != 1) {
                return null;
            }
            long h = in.size(2);
            long wd = in.size(3);
            long fullH = transposedSize(dz.size(2), args[0], args[2], 0);
            long fullW = transposedSize(dz.size(3), args[1], args[3], 0);
            if (args[4] + h > fullH || args[5] + wd > fullW) {
                return null;
            }
            INDArray full = buffers.get(SLOT_ADJOINT, false, dz, in.size(0), in.size(1), fullH, fullW);
            adjointOp.call(2, dz, w, full);
            INDArray dx = buffers.get(SLOT_DX, fresh, in, in.shape());
            return dx.assign(full.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(args[4], args[4] + h),
                    NDArrayIndex.interval(args[5], args[5] + wd)));
        }
    }

    /**
     * BatchNormalization over the batch ({@code [n, c]}) or over batch and positions
     * ({@code [n, c, h, w]}), with DL4J's running-statistics deltas written into the gradient
     * views of the global mean and variance (or log10 standard deviation). Everything runs on
     * the host in double precision: the per-channel arithmetic (statistics, scales, running
     * averages) and the element-wise passes over the activations ({@link HostBatchNorm}: batch
     * sums in one pass, shifted by the running mean, then one pass per output array).
     */
    private static final class BatchNorm implements Kernel {
        private static final double ONE_ON_2LOGE_10 = 1.0 / (2 * Math.log(10.0));
        private final INDArray gamma;
        private final INDArray beta;
        private final INDArray mean;
        private final INDArray var;
        private final INDArray logStd;
        private final INDArray dGamma;
        private final INDArray dBeta;
        private final INDArray dMean;
        private final INDArray dVar;
        private final double eps;
        private final double decay;
        private final Buffers buffers = new Buffers();
        private final HostBatchNorm host = new HostBatchNorm();
        /** what the last kept training pass leaves for backward */
        private boolean spatial;
        private long count;
        private INDArray xhat;
        private double[] scale;
        private double[] batchMean;
        private double[] batchVar;

        BatchNorm(Layer layer, Map<String, INDArray> gradients, BatchNormalization c) {
            this.gamma = vector(layer.getParam(BatchNormalizationParamInitializer.GAMMA));
            this.beta = vector(layer.getParam(BatchNormalizationParamInitializer.BETA));
            this.mean = vector(layer.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN));
            boolean log = c.isUseLogStd();
            this.var = log ? null : vector(layer.getParam(BatchNormalizationParamInitializer.GLOBAL_VAR));
            this.logStd = log ? vector(layer.getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD)) : null;
            this.dGamma = vector(gradients.get(BatchNormalizationParamInitializer.GAMMA));
            this.dBeta = vector(gradients.get(BatchNormalizationParamInitializer.BETA));
            this.dMean = vector(gradients.get(BatchNormalizationParamInitializer.GLOBAL_MEAN));
            this.dVar = vector(gradients.get(log ? BatchNormalizationParamInitializer.GLOBAL_LOG_STD
                    : BatchNormalizationParamInitializer.GLOBAL_VAR));
            this.eps = c.getEps();
            this.decay = c.getDecay();
        }

        private static INDArray vector(INDArray a) {
            return a.reshape(a.length());
        }

        /** @return the running variance, from the stored variance or log10 standard deviation */
        private double[] runningVar() {
            double[] v = OpCalls.read(var != null ? var : logStd, new double[(int) mean.length()]);
            if (var == null) {
                for (int i = 0; i < v.length; i++) {
                    double std = Math.pow(10.0, v[i]);
                    v[i] = std * std;
                }
            }
            return v;
        }

        @Override
        public INDArray forward(INDArray x, boolean training, boolean keep, boolean mayOverwrite, boolean fresh) {
            boolean sp = x.rank() == 4;
            x = c(x);
            long n = x.size(0);
            int c = (int) x.size(1);
            long per = sp ? n * x.size(2) * x.size(3) : n;
            INDArray y = buffers.get(keep ? SLOT_OUT : SLOT_PASS, fresh, x, x.shape());
            double[] g = OpCalls.read(gamma, new double[c]);
            double[] b = OpCalls.read(beta, new double[c]);
            double[] running = OpCalls.read(mean, new double[c]);
            double[] m;
            double[] v;
            if (training) {
                // batch statistics in one pass, shifted by the running mean for accuracy
                m = new double[c];
                v = new double[c];
                host.sums(x, null, sp, running, m, v);
                for (int i = 0; i < c; i++) {
                    double d = m[i] / per;
                    m[i] = running[i] + d;
                    v[i] = Math.max(0, v[i] / per - d * d);
                }
            } else {
                m = running;
                v = runningVar();
            }
            // y = x * s + (beta - mean * s) with s = gamma / sqrt(var + eps); xhat = (x - mean) / sqrt(var + eps)
            double[] inv = new double[c];
            double[] s = new double[c];
            double[] shift = new double[c];
            for (int i = 0; i < c; i++) {
                inv[i] = 1 / Math.sqrt(v[i] + eps);
                s[i] = inv[i] * g[i];
                shift[i] = b[i] - m[i] * s[i];
            }
            host.combine(x, null, sp, s, null, shift, y);
            if (training && keep) {
                double[] centre = new double[c];
                for (int i = 0; i < c; i++) {
                    centre[i] = -m[i] * inv[i];
                }
                spatial = sp;
                count = per;
                xhat = host.combine(x, null, sp, inv, null, centre, buffers.get(SLOT_XHAT, false, x, x.shape()));
                scale = s;
                batchMean = m;
                batchVar = v;
            }
            return y;
        }

        @Override
        public INDArray backward(INDArray eps, boolean fresh, boolean parameters, boolean input) {
            eps = c(eps);
            int c = scale.length;
            // dbeta = sum(dy), dgamma = sum(dy * xhat),
            // dx = gamma / std * dy - xhat * (gamma / std * dgamma / m) - gamma / std * dbeta / m
            double[] db = new double[c];
            double[] dg = new double[c];
            host.sums(eps, xhat, spatial, null, db, dg);
            OpCalls.write(db, dBeta);
            OpCalls.write(dg, dGamma);
            double[] k1 = new double[c];
            double[] k2 = new double[c];
            for (int i = 0; i < c; i++) {
                k1[i] = -scale[i] * db[i] / count;
                k2[i] = -scale[i] * dg[i] / count;
            }
            INDArray dx = host.combine(eps, xhat, spatial, scale, k2, k1, buffers.get(SLOT_DX, fresh, eps, eps.shape()));
            // running statistics as DL4J carries them: old - new
            double[] runningMean = OpCalls.read(mean, new double[c]);
            double[] old = runningVar();
            double[] dm = new double[c];
            double[] dv = new double[c];
            for (int i = 0; i < c; i++) {
                dm[i] = (runningMean[i] - batchMean[i]) * (1 - decay);
                dv[i] = var != null ? (old[i] - batchVar[i]) * (1 - decay)
                        : Math.log(old[i] / (old[i] * decay + batchVar[i] * (1 - decay))) * ONE_ON_2LOGE_10;
            }
            OpCalls.write(dm, dMean);
            OpCalls.write(dv, dVar);
            return dx;
        }

        @Override
        public boolean keepsOutput() {
            return false;
        }
    }
}
