package org.gan4j.models.layers;

import java.util.Collection;
import java.util.Set;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.gan4j.core.net.StatefulLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * A dense layer with spectral normalisation (Miyato et al. 2018, "Spectral Normalization for
 * Generative Adversarial Networks"): {@code y = act(x W_SN + b)} with {@code W_SN = W / sigma(W)},
 * so that the layer is about 1-Lipschitz. Parameters: {@code W [nIn, nOut]}, {@code b [1, nOut]}
 * (as in DL4J's {@code DenseLayer}) and the state vector {@code u [nOut, 1]}.
 *
 * <p>{@code sigma}, the largest singular value of {@code W}, is estimated by power iteration from
 * the persistent vector {@code u}: a training forward pass runs {@code powerIterations} steps
 * {@code v = W u / ||W u||}, {@code u = W^T v / ||W^T v||} (for the weight seen as {@code [nOut, nIn]},
 * as in PyTorch) and uses {@code sigma = u^T W v}; an inference pass runs none and uses the stored
 * {@code u}. The gradient flows through {@code W} with {@code u} and {@code v} held constant, as
 * PyTorch's {@code spectral_norm} does.
 *
 * <p>The new {@code u} is stored once per accumulating backward pass of a gan4j network (once per
 * discriminator update, as in the paper's Algorithm 1): it travels as a delta in the gradient under
 * a no-op optimizer without regularisation ({@link StatefulLayer}), so the optimizer never changes
 * it, and forward passes, inference and the generator's pass through the discriminator leave it
 * as it is. DL4J's own {@code fit} stores it after each update in the same way. When the layer is
 * created, {@code u} starts at random and is refined by 15 power iterations.
 *
 * <pre>
 * .layer(new SpectralNormDense.Builder().nIn(784).nOut(512).activation(new ActivationLReLU(0.2)).build())
 * </pre>
 */
public final class SpectralNormDense extends FeedForwardLayer implements StatefulLayer {

    private int powerIterations = 1;

    /** For deserialisation only. */
    private SpectralNormDense() {
    }

    private SpectralNormDense(Builder builder) {
        super(builder);
        this.powerIterations = builder.powerIterations;
    }

    /** @return power iterations per training forward pass */
    public int getPowerIterations() {
        return powerIterations;
    }

    @Override
    public Set<String> stateParameters() {
        return Set.of(SpectralNorm.U);
    }

    @Override
    public IUpdater getUpdaterByParam(String paramName) {
        return SpectralNorm.U.equals(paramName) ? new NoOp() : super.getUpdaterByParam(paramName);
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners, int layerIndex, INDArray layerParamsView, boolean initializeParams,
            DataType networkDataType) {
        return LayerSupport.wire(new SpectralNormDenseLayer(conf, networkDataType), Math.min(nIn, nOut),
                conf, listeners, layerIndex, layerParamsView, initializeParams);
    }

    @Override
    public ParamInitializer initializer() {
        return new SpectralNorm.ParamInit(DefaultParamInitializer.getInstance(), DefaultParamInitializer.WEIGHT_KEY);
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        return LayerSupport.memoryReport(this, inputType);
    }

    /** Builder: DL4J's dense-layer options plus {@link #powerIterations(int)}. */
    public static final class Builder extends FeedForwardLayer.Builder<Builder> {
        private int powerIterations = 1;

        /**
         * @param n power iterations per training forward pass, at least 1 (default 1, as in the paper)
         * @return this builder
         * @throws IllegalArgumentException when below 1
         */
        public Builder powerIterations(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("powerIterations must be at least 1, got " + n);
            }
            this.powerIterations = n;
            return this;
        }

        /** @return the configuration */
        @Override
        @SuppressWarnings("unchecked")
        public SpectralNormDense build() {
            return new SpectralNormDense(this);
        }
    }
}
