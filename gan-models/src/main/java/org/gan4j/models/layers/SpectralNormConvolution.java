package org.gan4j.models.layers;

import java.util.Collection;
import java.util.Set;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.gan4j.core.net.StatefulLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * A 2-D convolution layer with spectral normalisation (Miyato et al. 2018): DL4J's
 * {@code ConvolutionLayer} computed with {@code W_SN = W / sigma(W)}, where {@code sigma} is the
 * largest singular value of the kernel {@code W [out, in, kh, kw]} reshaped to
 * {@code [out, in*kh*kw]}, as in the paper and PyTorch. Parameters: DL4J's {@code W} and
 * {@code b}, then the state vector {@code u [out, 1]}.
 *
 * <p>Power iteration, gradient and the handling of {@code u} are those of
 * {@link SpectralNormDense}: {@code powerIterations} steps per training forward pass from the
 * stored {@code u}, none at inference; gradient through {@code W} with the singular vectors held
 * constant; the new {@code u} stored once per accumulating backward pass, never by the optimizer.
 * All options of DL4J's convolution builder apply; data format NCHW.
 *
 * <pre>
 * .layer(new SpectralNormConvolution.Builder(4, 4).stride(2, 2).padding(1, 1).nOut(64)
 *         .activation(new ActivationLReLU(0.2)).build())
 * </pre>
 */
public final class SpectralNormConvolution extends ConvolutionLayer implements StatefulLayer {

    private int powerIterations = 1;

    /** For deserialisation only. */
    private SpectralNormConvolution() {
    }

    private SpectralNormConvolution(Builder builder) {
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
        return LayerSupport.wire(new SpectralNormConvolutionLayer(conf, networkDataType), Math.min(nIn, nOut),
                conf, listeners, layerIndex, layerParamsView, initializeParams);
    }

    @Override
    public ParamInitializer initializer() {
        return new SpectralNorm.ParamInit(ConvolutionParamInitializer.getInstance(),
                ConvolutionParamInitializer.WEIGHT_KEY);
    }

    /**
     * Builder: DL4J's convolution options plus {@link #powerIterations(int)}. The inherited options
     * return DL4J's builder type, so call {@code powerIterations} first; {@code build()} still
     * returns a {@code SpectralNormConvolution}.
     */
    public static final class Builder extends ConvolutionLayer.Builder {
        private int powerIterations = 1;

        /**
         * @param kernelSize kernel height and width
         */
        public Builder(int... kernelSize) {
            super(kernelSize);
        }

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

        /**
         * @return the configuration
         * @throws IllegalArgumentException for kernel, stride or padding values DL4J rejects
         */
        @Override
        @SuppressWarnings("unchecked")
        public SpectralNormConvolution build() {
            super.build(); // DL4J's checks of kernel, stride, padding and convolution mode
            return new SpectralNormConvolution(this);
        }
    }
}
