package org.gan4j.core.net;

import java.util.Arrays;
import java.util.HashMap;
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
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarAdd;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.custom.Max;
import org.nd4j.linalg.api.ops.impl.transforms.custom.Min;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;

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
         *     skip it (dense layers) leave their gradient views stale for the caller to discard
         *     (libnd4j's convolution gradient ops compute both; its input-only op rejects inputs
         *     whose size the stride does not divide)
         * @return gradient at the input
         */
        INDArray backward(INDArray eps, boolean fresh, boolean parameters);

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
        private final Map<String, INDArray> arrays = new HashMap<>();

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
            String key = slot + like.dataType().name() + Arrays.toString(shape);
            INDArray a = arrays.get(key);
            if (a == null) {
                if (arrays.size() >= 16) {
                    arrays.clear();
                }
                a = Nd4j.createUninitialized(like.dataType(), shape);
                arrays.put(key, a);
            }
            return a;
        }
    }

    private static final int SLOT_OUT = 0;
    private static final int SLOT_DZ = 1;
    private static final int SLOT_DX = 2;
    private static final int SLOT_TMP = 3;
    private static final int SLOT_XHAT = 4;
    private static final int SLOT_ONES = 5;

    /** The element-wise activations the kernels implement. */
    private enum Kind { IDENTITY, RELU, LEAKY, TANH, SIGMOID }

    /** An activation and its derivative, computed from the activation's output. */
    private record Act(Kind kind, double alpha) {

        /** Applies the activation to z in place ({@code buffers} lends scratch space). */
        INDArray apply(INDArray z, Buffers buffers) {
            switch (kind) {
                case RELU -> Nd4j.exec(new RectifiedLinear(z, z, 0.0));
                case LEAKY -> {
                    // max(z, alpha z) for alpha <= 1, else min: two vectorised passes instead of
                    // libnd4j's branching leakyrelu loop (four times slower on mixed signs)
                    INDArray scaled = buffers.get(SLOT_TMP, false, z, z.shape());
                    Nd4j.exec(new ScalarMultiplication(z, null, scaled, alpha));
                    Nd4j.exec(alpha <= 1 ? new Max(z, scaled, z) : new Min(z, scaled, z));
                }
                case TANH -> Nd4j.exec(new Tanh(z, z));
                case SIGMOID -> Nd4j.exec(new Sigmoid(z, z));
                default -> {
                }
            }
            return z;
        }

        /** @return dL/dz from the output a and dL/da (not modified), in a buffer of {@code buffers} */
        INDArray backward(INDArray a, INDArray eps, Buffers buffers) {
            switch (kind) {
                case IDENTITY:
                    return eps;
                case RELU:
                case LEAKY: {
                    // for alpha >= 0, a > 0 exactly where z > 0: dz = eps * (a > 0 ? 1 : alpha),
                    // in vectorised passes (libnd4j's relu_bp/lrelu_bp branch per element)
                    INDArray out = buffers.get(SLOT_DZ, false, eps, eps.shape());
                    Nd4j.exec(new Step(a, out, 0.0));
                    if (kind == Kind.LEAKY) {
                        Nd4j.exec(new ScalarMultiplication(out, null, out, 1 - alpha));
                        Nd4j.exec(new ScalarAdd(out, null, out, alpha));
                    }
                    return out.muli(eps);
                }
                case TANH: {
                    INDArray out = buffers.get(SLOT_DZ, false, eps, eps.shape());
                    return a.mul(a, out).rsubi(1.0).muli(eps);
                }
                default: {
                    INDArray out = buffers.get(SLOT_DZ, false, eps, eps.shape());
                    return a.rsub(1.0, out).muli(a).muli(eps);
                }
            }
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
                    : buffers.get(SLOT_OUT, fresh || !keep, x, x.shape()).assign(x), buffers);
            out = keep ? a : out;
            return a;
        }

        @Override
        public INDArray backward(INDArray eps, boolean fresh, boolean parameters) {
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

        Dense(Layer layer, Map<String, INDArray> gradients, Act act) {
            super(layer, gradients, act, false);
        }

        @Override
        public INDArray forward(INDArray x, boolean training, boolean keep, boolean mayOverwrite, boolean fresh) {
            INDArray z = buffers.get(SLOT_OUT, fresh || !keep, x, x.size(0), w.size(1));
            Nd4j.gemm(x, w, z, false, false, 1.0, 0.0);
            if (b != null) {
                z.addiRowVector(b);
            }
            return finish(x, z, keep);
        }

        @Override
        public INDArray backward(INDArray eps, boolean fresh, boolean parameters) {
            INDArray dz = act.backward(out, eps, buffers);
            if (parameters) {
                Nd4j.gemm(in, dz, dw, true, false, 1.0, 0.0);
                if (db != null) {
                    dz.sum(db.reshape(db.length()), 0);
                }
            }
            INDArray dx = buffers.get(SLOT_DX, fresh, dz, dz.size(0), w.size(0));
            Nd4j.gemm(dz, w, dx, false, true, 1.0, 0.0);
            return dx;
        }
    }

    /** ConvolutionLayer and Deconvolution2D (NCHW; truncate/strict padding) through libnd4j's conv ops. */
    private static final class Conv extends Weighted {
        private final boolean transposed;
        private final int[] args;

        Conv(Layer layer, Map<String, INDArray> gradients, ConvolutionLayer c) {
            super(layer, gradients, activation(c.getActivationFn()), true);
            this.transposed = c instanceof Deconvolution2D;
            int[] k = c.getKernelSize();
            int[] s = c.getStride();
            int[] p = c.getPadding();
            int[] d = c.getDilation();
            // kH, kW, sH, sW, pH, pW, dH, dW, same mode off, NCHW, weights [oC,iC,kH,kW] (conv) or [iC,oC,kH,kW] (deconv)
            this.args = new int[] {k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1], 0, 0, 1};
        }

        @Override
        public INDArray forward(INDArray x, boolean training, boolean keep, boolean mayOverwrite, boolean fresh) {
            long h = x.size(2);
            long wd = x.size(3);
            long oh;
            long ow;
            long channels = transposed ? w.size(1) : w.size(0);
            if (transposed) {
                oh = args[2] * (h - 1) + args[0] - 2L * args[4];
                ow = args[3] * (wd - 1) + args[1] - 2L * args[5];
            } else {
                oh = (h + 2L * args[4] - ((long) args[6] * (args[0] - 1) + 1)) / args[2] + 1;
                ow = (wd + 2L * args[5] - ((long) args[7] * (args[1] - 1) + 1)) / args[3] + 1;
            }
            INDArray z = buffers.get(SLOT_OUT, fresh || !keep, x, x.size(0), channels, oh, ow);
            DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder(transposed ? "deconv2d" : "conv2d");
            op = b == null ? op.addInputs(x, w) : op.addInputs(x, w, b);
            Nd4j.exec(op.addOutputs(z).addIntegerArguments(args).build());
            return finish(x, z, keep);
        }

        @Override
        public INDArray backward(INDArray eps, boolean fresh, boolean parameters) {
            INDArray dz = act.backward(out, eps, buffers);
            INDArray dx = buffers.get(SLOT_DX, fresh, in, in.shape());
            DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder(transposed ? "deconv2d_bp" : "conv2d_bp");
            op = b == null ? op.addInputs(in, w, dz).addOutputs(dx, dw) : op.addInputs(in, w, b, dz).addOutputs(dx, dw, db);
            Nd4j.exec(op.addIntegerArguments(args).build());
            return dx;
        }
    }

    /**
     * BatchNormalization over the batch ({@code [n, c]}) or over batch and positions
     * ({@code [n, c, h, w]}), with DL4J's running-statistics deltas written into the gradient
     * views of the global mean and variance (or log10 standard deviation).
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
        private INDArray batchMean;
        private INDArray batchVar;

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
        private INDArray runningVar() {
            if (var != null) {
                return var;
            }
            INDArray v = Nd4j.valueArrayOf(logStd.shape(), 10.0, logStd.dataType());
            org.nd4j.linalg.ops.transforms.Transforms.pow(v, logStd, false);
            return v.muli(v);
        }

        /**
         * The per-channel arithmetic works on a matrix view of the activations: {@code [n, c]}
         * itself for dense input (channel vectors broadcast along rows), {@code [n c, h w]} for
         * NCHW input (channel vectors tiled over the batch and broadcast along columns), so that
         * every element-wise pass and every sum runs over contiguous memory; the per-channel sums
         * of a matrix finish with a gemm against a ones vector.
         */
        private final class Geometry {
            final boolean spatial;
            final long n;
            final long c;
            /** examples per channel: n (dense) or n h w */
            final long count;
            /** {@code [1, n]} of ones */
            final INDArray ones;

            Geometry(INDArray x) {
                spatial = x.rank() == 4;
                n = x.size(0);
                c = x.size(1);
                count = spatial ? n * x.size(2) * x.size(3) : n;
                ones = buffers.get(SLOT_ONES, false, x, 1, n).assign(1.0);
            }

            INDArray matrix(INDArray a) {
                return spatial ? a.reshape('c', n * c, a.length() / (n * c)) : a;
            }

            /** @return sum over examples (and positions) per channel, {@code [1, c]} */
            INDArray sums(INDArray m, INDArray out) {
                INDArray perExample = spatial ? m.sum(1).reshape('c', n, c) : m;
                Nd4j.gemm(ones, perExample, out, false, false, 1.0, 0.0);
                return out;
            }

            /** @return a channel vector {@code [1, c]} in the form {@link #apply} broadcasts */
            INDArray broadcastable(INDArray v) {
                if (!spatial) {
                    return v;
                }
                INDArray tiled = Nd4j.createUninitialized(v.dataType(), n, c);
                Nd4j.gemm(ones, v, tiled, true, false, 1.0, 0.0);
                return tiled.reshape('c', n * c, 1);
            }

            void sub(INDArray m, INDArray v) {
                if (spatial) {
                    m.subiColumnVector(v);
                } else {
                    m.subiRowVector(v);
                }
            }

            void mul(INDArray m, INDArray v) {
                if (spatial) {
                    m.muliColumnVector(v);
                } else {
                    m.muliRowVector(v);
                }
            }

            void add(INDArray m, INDArray v) {
                if (spatial) {
                    m.addiColumnVector(v);
                } else {
                    m.addiRowVector(v);
                }
            }
        }

        private Geometry geometry;
        private INDArray xhat;
        private INDArray scale;

        @Override
        public INDArray forward(INDArray x, boolean training, boolean keep, boolean mayOverwrite, boolean fresh) {
            Geometry g = new Geometry(x);
            INDArray y = buffers.get(SLOT_OUT, fresh || !keep, x, x.shape());
            INDArray ym = g.matrix(y);
            INDArray gammaRow = gamma.reshape(1, g.c);
            INDArray betaRow = beta.reshape(1, g.c);
            if (!training) {
                // y = x * gamma / sqrt(var + eps) + (beta - mean * gamma / sqrt(var + eps))
                INDArray s = org.nd4j.linalg.ops.transforms.Transforms.sqrt(runningVar().add(eps), false).rdivi(1.0)
                        .muli(gamma).reshape(1, g.c);
                INDArray shift = betaRow.sub(mean.reshape(1, g.c).mul(s));
                ym.assign(g.matrix(x));
                g.mul(ym, g.broadcastable(s));
                g.add(ym, g.broadcastable(shift));
                return y;
            }
            // two-pass population statistics, as DL4J's layer computes them
            INDArray m = g.sums(g.matrix(x), Nd4j.createUninitialized(x.dataType(), 1, g.c)).divi(g.count);
            INDArray xh = buffers.get(SLOT_XHAT, !keep, x, x.shape());
            INDArray xhm = g.matrix(xh).assign(g.matrix(x));
            g.sub(xhm, g.broadcastable(m));
            INDArray sq = buffers.get(SLOT_TMP, false, x, xhm.shape());
            xhm.mul(xhm, sq);
            INDArray v = g.sums(sq, Nd4j.createUninitialized(x.dataType(), 1, g.c)).divi(g.count);
            INDArray inv = org.nd4j.linalg.ops.transforms.Transforms.sqrt(v.add(eps), false).rdivi(1.0);
            g.mul(xhm, g.broadcastable(inv));
            ym.assign(xhm);
            g.mul(ym, g.broadcastable(gammaRow));
            g.add(ym, g.broadcastable(betaRow));
            if (keep) {
                geometry = g;
                xhat = xh;
                scale = inv.mul(gammaRow);
                batchMean = m.reshape(g.c);
                batchVar = v.reshape(g.c);
            }
            return y;
        }

        @Override
        public INDArray backward(INDArray eps, boolean fresh, boolean parameters) {
            Geometry g = geometry;
            INDArray em = g.matrix(eps);
            INDArray xhm = g.matrix(xhat);
            // dbeta = sum(dy), dgamma = sum(dy * xhat), dx = gamma / std * (dy - dbeta / m - xhat * dgamma / m)
            g.sums(em, dBeta.reshape(1, g.c));
            INDArray t = buffers.get(SLOT_TMP, false, eps, xhm.shape());
            em.mul(xhm, t);
            g.sums(t, dGamma.reshape(1, g.c));
            INDArray dx = buffers.get(SLOT_DX, fresh, eps, eps.shape());
            INDArray dxm = g.matrix(dx).assign(em);
            g.sub(dxm, g.broadcastable(dBeta.reshape(1, g.c).div(g.count)));
            t.assign(xhm);
            g.mul(t, g.broadcastable(dGamma.reshape(1, g.c).div(g.count)));
            dxm.subi(t);
            g.mul(dxm, g.broadcastable(scale));
            // running statistics as DL4J carries them: old - new
            mean.sub(batchMean, dMean).muli(1 - decay);
            if (var != null) {
                var.sub(batchVar, dVar).muli(1 - decay);
            } else {
                INDArray old = runningVar();
                INDArray next = old.mul(decay).addi(batchVar.mul(1 - decay));
                org.nd4j.linalg.ops.transforms.Transforms.log(old.div(next, dVar), false);
                dVar.muli(ONE_ON_2LOGE_10);
            }
            return dx;
        }

        @Override
        public boolean keepsOutput() {
            return false;
        }
    }
}
