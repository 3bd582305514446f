package org.gan4j.models.layers;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.gan4j.core.net.BatchCoupledLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Minibatch discrimination (Salimans et al. 2016, "Improved Techniques for Training GANs",
 * section 3.2): lets the discriminator compare the examples of a batch, so that a generator that
 * collapses onto few modes is easy to spot.
 *
 * <p>Input features {@code f [n, A]} are multiplied by a trainable tensor {@code T [A, B*C]}
 * (parameter {@value #KERNEL}); the rows {@code M_i = f_i T}, seen as {@code B} vectors of
 * {@code C} values, give {@code c_b(i, j) = exp(-||M_i,b - M_j,b||_1)} and
 * {@code o_b(i) = sum over j of c_b(i, j)}. The sum runs over all {@code j} of the batch,
 * {@code j = i} included, as in the paper (that term is the constant 1). The output is
 * {@code [f, o]}, shape {@code [n, A + B]}: the features pass through unchanged, followed by the
 * {@code B} similarity features. No activation is applied.
 *
 * <p>Examples of a batch interact: the configuration is a {@link BatchCoupledLayer}, so a gan4j
 * discriminator holding it reports {@code batchCoupled()} and is run on real and fake batches
 * separately. Cost and memory grow as {@code n^2 * B * C} per pass.
 *
 * <pre>
 * .layer(new MinibatchDiscrimination.Builder().nIn(256).kernels(50).kernelSize(5).build())
 * .layer(new DenseLayer.Builder().nIn(256 + 50).nOut(1).activation(Activation.IDENTITY).build())
 * </pre>
 *
 * {@code T} is initialised with the layer's weight initialisation (fan-in {@code A}, fan-out
 * {@code B*C}).
 */
public final class MinibatchDiscrimination extends FeedForwardLayer implements BatchCoupledLayer {

    /** Name of the tensor {@code T} in the parameter table, shape {@code [A, B*C]}. */
    public static final String KERNEL = "T";

    private int kernels;
    private int kernelSize;

    /** For deserialisation only. */
    private MinibatchDiscrimination() {
    }

    private MinibatchDiscrimination(Builder builder) {
        super(builder);
        this.kernels = builder.kernels;
        this.kernelSize = builder.kernelSize;
        this.nOut = nIn > 0 ? nIn + kernels : 0;
    }

    /** @return the number of kernels {@code B} (similarity features added per example) */
    public int getKernels() {
        return kernels;
    }

    /** @return the size {@code C} of each kernel's projection */
    public int getKernelSize() {
        return kernelSize;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        super.setNIn(inputType, override);
        nOut = nIn + kernels;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners, int layerIndex, INDArray layerParamsView, boolean initializeParams,
            DataType networkDataType) {
        return LayerSupport.wire(new MinibatchDiscriminationLayer(conf, networkDataType), nIn, conf, listeners,
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

    /** Parameters: the single weight block {@code T [A, B*C]}. */
    private static final class Initializer extends BlockParamInitializer {
        static final Initializer INSTANCE = new Initializer();

        @Override
        List<Block> blocks(Layer conf) {
            MinibatchDiscrimination c = (MinibatchDiscrimination) conf;
            return List.of(new Block(KERNEL, new long[] {c.nIn, (long) c.kernels * c.kernelSize}, Kind.WEIGHT));
        }

        @Override
        void initialise(Layer conf, Map<String, INDArray> params) {
            MinibatchDiscrimination c = (MinibatchDiscrimination) conf;
            INDArray t = params.get(KERNEL);
            c.getWeightInitFn().init(c.nIn, t.size(1), t.shape(), 'f', t);
        }
    }

    /** Builder; {@code kernels} and {@code kernelSize} are required, {@code nIn} may come from the input type. */
    public static final class Builder extends FeedForwardLayer.Builder<Builder> {
        private int kernels;
        private int kernelSize;

        /**
         * @param kernels number of kernels {@code B}, positive (the paper's experiments used 100)
         * @return this builder
         * @throws IllegalArgumentException when not positive
         */
        public Builder kernels(int kernels) {
            if (kernels <= 0) {
                throw new IllegalArgumentException("kernels must be positive, got " + kernels);
            }
            this.kernels = kernels;
            return this;
        }

        /**
         * @param kernelSize size {@code C} of each kernel's projection, positive (the paper: 5)
         * @return this builder
         * @throws IllegalArgumentException when not positive
         */
        public Builder kernelSize(int kernelSize) {
            if (kernelSize <= 0) {
                throw new IllegalArgumentException("kernelSize must be positive, got " + kernelSize);
            }
            this.kernelSize = kernelSize;
            return this;
        }

        /**
         * @return the configuration; its {@code nOut} is {@code nIn + kernels}
         * @throws IllegalStateException when kernels or kernelSize was not set
         */
        @Override
        @SuppressWarnings("unchecked")
        public MinibatchDiscrimination build() {
            if (kernels == 0 || kernelSize == 0) {
                throw new IllegalStateException("MinibatchDiscrimination needs kernels and kernelSize");
            }
            return new MinibatchDiscrimination(this);
        }
    }
}
