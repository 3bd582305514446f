package org.gan4j.models.layers;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.gan4j.core.net.StatefulLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Virtual batch normalisation (Salimans et al. 2016, "Improved Techniques for Training GANs",
 * section 3.4): like batch normalisation, but each example is normalised with the statistics of a
 * reference batch, fixed once, joined with that example. An example's output therefore does not
 * depend on the other examples of its batch.
 *
 * <p>For a reference batch of {@code R} examples with per-feature mean {@code m} and mean square
 * {@code s}, an example {@code x} (features {@code [A]}) is normalised with the mean and the
 * (population) variance of the {@code R + 1} values of the reference joined with {@code x}:
 * with {@code a = 1 / (R + 1)}, {@code mu = (1 - a) m + a x},
 * {@code var = (1 - a) s + a x^2 - mu^2}, {@code y = gamma (x - mu) / sqrt(var + eps) + beta},
 * where {@code gamma} (initially 1) and {@code beta} (initially 0) are learned per feature. The
 * gradient flows through {@code x}, including its share of {@code mu} and {@code var}; the
 * reference statistics are constants. Input and output are {@code [n, A]}; no activation is
 * applied (add an {@code ActivationLayer}).
 *
 * <p>The reference is held as statistics of the layer's inputs, in the state parameters
 * {@code refMean}, {@code refMeanSq} and {@code refSize} ({@link StatefulLayer}: never changed by
 * the optimizer, saved with the network). Either give it with {@link Builder#reference(INDArray)}
 * (inputs of this layer, for example real examples when the layer comes first), or leave it out:
 * then the first accumulating training pass (the first discriminator update in gan4j, or the first
 * {@code fit} step in DL4J) captures its batch as the reference, and until then every pass uses
 * its own batch as reference. In gan4j the first update of a discriminator that is not otherwise
 * batch-coupled sees real and fake examples together, so that batch becomes the reference.
 *
 * <p>Difference from the paper: the paper propagates the reference batch through the network at
 * every step, so a normalisation layer after trained layers sees the reference's current
 * activations, and the gradient also flows through them. This layer keeps the statistics of its
 * inputs at capture time; they are exact for a layer whose inputs do not change during training
 * (the first layer, or after fixed layers) and stale otherwise.
 */
public final class VirtualBatchNormalization extends FeedForwardLayer implements StatefulLayer {

    /** Learned per-feature scale, shape {@code [1, A]}. */
    public static final String GAMMA = "gamma";
    /** Learned per-feature shift, shape {@code [1, A]}. */
    public static final String BETA = "beta";
    /** State: mean of the reference inputs, shape {@code [1, A]}. */
    public static final String REF_MEAN = "refMean";
    /** State: mean square of the reference inputs, shape {@code [1, A]}. */
    public static final String REF_MEAN_SQ = "refMeanSq";
    /** State: number of reference examples, shape {@code [1, 1]}; 0 until a reference is set. */
    public static final String REF_SIZE = "refSize";

    private double eps = 1e-5;
    private double[] referenceMean;
    private double[] referenceMeanSq;
    private long referenceSize;

    /** For deserialisation only. */
    private VirtualBatchNormalization() {
    }

    private VirtualBatchNormalization(Builder builder) {
        super(builder);
        this.eps = builder.eps;
        this.referenceMean = builder.referenceMean;
        this.referenceMeanSq = builder.referenceMeanSq;
        this.referenceSize = builder.referenceSize;
        this.nOut = nIn;
    }

    /** @return the constant added to the variance */
    public double getEps() {
        return eps;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        super.setNIn(inputType, override);
        nOut = nIn;
    }

    @Override
    public Set<String> stateParameters() {
        return Set.of(REF_MEAN, REF_MEAN_SQ, REF_SIZE);
    }

    @Override
    public IUpdater getUpdaterByParam(String paramName) {
        return stateParameters().contains(paramName) ? new NoOp() : super.getUpdaterByParam(paramName);
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners, int layerIndex, INDArray layerParamsView, boolean initializeParams,
            DataType networkDataType) {
        if (referenceMean != null && referenceMean.length != nIn) {
            throw new IllegalStateException("VirtualBatchNormalization layer " + layerIndex + ": reference has "
                    + referenceMean.length + " features, nIn is " + nIn);
        }
        return LayerSupport.wire(new VirtualBatchNormalizationLayer(conf, networkDataType), nIn, conf, listeners,
                layerIndex, layerParamsView, initializeParams);
    }

    @Override
    public ParamInitializer initializer() {
        return Initializer.INSTANCE;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        return LayerSupport.memoryReport(this, inputType);
    }

    /** Parameters: gamma, beta, then the reference statistics. */
    private static final class Initializer extends BlockParamInitializer {
        static final Initializer INSTANCE = new Initializer();

        @Override
        List<Block> blocks(Layer conf) {
            long a = ((VirtualBatchNormalization) conf).nIn;
            return List.of(new Block(GAMMA, new long[] {1, a}, Kind.WEIGHT),
                    new Block(BETA, new long[] {1, a}, Kind.BIAS),
                    new Block(REF_MEAN, new long[] {1, a}, Kind.STATE),
                    new Block(REF_MEAN_SQ, new long[] {1, a}, Kind.STATE),
                    new Block(REF_SIZE, new long[] {1, 1}, Kind.STATE));
        }

        @Override
        void initialise(Layer conf, Map<String, INDArray> params) {
            VirtualBatchNormalization c = (VirtualBatchNormalization) conf;
            params.get(GAMMA).assign(1);
            params.get(BETA).assign(0);
            if (c.referenceMean == null) {
                params.get(REF_MEAN).assign(0);
                params.get(REF_MEAN_SQ).assign(0);
                params.get(REF_SIZE).assign(0);
            } else {
                params.get(REF_MEAN).assign(Nd4j.createFromArray(c.referenceMean).reshape(1, c.nIn));
                params.get(REF_MEAN_SQ).assign(Nd4j.createFromArray(c.referenceMeanSq).reshape(1, c.nIn));
                params.get(REF_SIZE).assign(c.referenceSize);
            }
        }
    }

    /** Builder; {@code nIn} may come from the reference or the input type. */
    public static final class Builder extends FeedForwardLayer.Builder<Builder> {
        private double eps = 1e-5;
        private double[] referenceMean;
        private double[] referenceMeanSq;
        private long referenceSize;

        /**
         * @param eps constant added to the variance, positive (default 1e-5)
         * @return this builder
         * @throws IllegalArgumentException when not positive and finite
         */
        public Builder eps(double eps) {
            if (!(eps > 0) || Double.isInfinite(eps)) {
                throw new IllegalArgumentException("eps must be positive and finite, got " + eps);
            }
            this.eps = eps;
            return this;
        }

        /**
         * Fixes the reference batch: inputs of this layer, {@code [R, A]}; only their per-feature
         * mean and mean square are kept (in the configuration and in the state parameters). Sets
         * {@code nIn} to {@code A}.
         *
         * @param examples at least one example, finite values
         * @return this builder
         * @throws IllegalArgumentException for a null, non-matrix, empty or non-finite reference
         */
        public Builder reference(INDArray examples) {
            if (examples == null || examples.rank() != 2 || examples.size(0) < 1 || examples.size(1) < 1) {
                throw new IllegalArgumentException("reference must be a non-empty [R, A] matrix, got "
                        + (examples == null ? "null" : java.util.Arrays.toString(examples.shape())));
            }
            INDArray x = examples.castTo(DataType.DOUBLE);
            if (!Double.isFinite(x.sumNumber().doubleValue()) || !Double.isFinite(x.mul(x).sumNumber().doubleValue())) {
                throw new IllegalArgumentException("reference holds non-finite values");
            }
            this.referenceMean = x.mean(0).toDoubleVector();
            this.referenceMeanSq = x.mul(x).mean(0).toDoubleVector();
            this.referenceSize = x.size(0);
            nIn(x.size(1));
            return this;
        }

        /** @return the configuration; its {@code nOut} equals {@code nIn} */
        @Override
        @SuppressWarnings("unchecked")
        public VirtualBatchNormalization build() {
            return new VirtualBatchNormalization(this);
        }
    }
}
