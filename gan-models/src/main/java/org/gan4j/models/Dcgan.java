package org.gan4j.models;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.gan4j.core.Conditioning;
import org.gan4j.core.Discriminator;
import org.gan4j.core.GanTrainer;
import org.gan4j.core.Generator;
import org.gan4j.core.net.Networks;
import org.gan4j.core.LatentSpace;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

/**
 * DCGAN (Radford et al. 2016) for square images, following its rules: strided convolutions
 * instead of pooling, transposed convolutions in G, batch norm in both networks (not on G's output
 * nor D's input), ReLU in G with tanh on its output, LeakyReLU(0.2) in D, no hidden dense layers
 * beyond G's projection. Images are NCHW {@code [n, channels, size, size]} in [-1, 1].
 *
 * <p>{@link #mnist()} is exactly the reference pair for 28x28x1:
 *
 * <pre>
 * G: z(100) - Dense 7*7*128, BatchNorm, ReLU - reshape [128, 7, 7]
 *           - Deconv 64 (k4 s2 p1) -&gt; 14x14, BatchNorm, ReLU - Deconv 1 (k4 s2 p1) -&gt; 28x28, tanh
 * D: x [1, 28, 28] - Conv 64 (k5 s2 p2) -&gt; 14x14, LeakyReLU(0.2)
 *                  - Conv 128 (k5 s2 p2) -&gt; 7x7, BatchNorm, LeakyReLU(0.2) - Dense 1 (raw score)
 * </pre>
 *
 * Batch norm momentum 0.1 in the PyTorch sense (DL4J decay 0.9), epsilon 1e-5; Adam(2e-4, 0.5,
 * 0.999) for both. {@link #of} builds the same family for other sizes and channel counts: G starts
 * at {@code size / 2^k} with {@code base * 2^(k-1)} channels and doubles the resolution k times,
 * halving the channels; D mirrors it with k strided convolutions. Immutable.
 */
public final class Dcgan {

    private final int size;
    private final int channels;
    private final int latentSize;
    private final int base;
    private final int upsamplings;
    private final Conditioning conditioning;

    private Dcgan(int size, int channels, int latentSize, int base, int upsamplings, Conditioning conditioning) {
        this.size = size;
        this.channels = channels;
        this.latentSize = latentSize;
        this.base = base;
        this.upsamplings = upsamplings;
        this.conditioning = conditioning;
    }

    /** @return the reference DCGAN pair for 28x28 grayscale images */
    public static Dcgan mnist() {
        return new Dcgan(28, 1, 100, 64, 2, null);
    }

    /**
     * A DCGAN for other image sizes, e.g. {@code of(32, 3, 100, 64, 3)} (4x4 -&gt; 32x32, RGB) or
     * {@code of(64, 3, 100, 64, 4)}.
     *
     * @param size image side in pixels; divisible by {@code 2^upsamplings}
     * @param channels image channels (1 or 3 typically), positive
     * @param latentSize size of z, positive
     * @param base channels of G's last hidden feature map (and D's first), positive
     * @param upsamplings resolution doublings in G (strided convolutions in D), at least 1
     * @return the recipe
     * @throws IllegalArgumentException for non-positive values or a size not divisible by {@code 2^upsamplings}
     */
    public static Dcgan of(int size, int channels, int latentSize, int base, int upsamplings) {
        for (int[] v : new int[][] {{size, 0}, {channels, 1}, {latentSize, 2}, {base, 3}, {upsamplings, 4}}) {
            if (v[0] <= 0) {
                String[] names = {"size", "channels", "latent size", "base channels", "upsamplings"};
                throw new IllegalArgumentException(names[v[1]] + " must be positive, got " + v[0]);
            }
        }
        if (size % (1 << upsamplings) != 0) {
            throw new IllegalArgumentException("size " + size + " is not divisible by 2^" + upsamplings);
        }
        return new Dcgan(size, channels, latentSize, base, upsamplings, null);
    }

    /**
     * Class conditioning (conditional GAN, Mirza &amp; Osindero 2014): G's input becomes
     * {@code [z | y]} ({@code latentSize + K} values) and D's input gets K constant label
     * channels ({@code channels + K} in all); {@link #trainer} then builds a conditional generator
     * and discriminator, and the data iterator must provide one-hot labels.
     *
     * @param c the conditioning, e.g. {@code Conditioning.oneHot(10)}
     * @return a copy
     * @throws IllegalArgumentException when c is null
     */
    public Dcgan withConditioning(Conditioning c) {
        if (c == null) {
            throw new IllegalArgumentException("conditioning is null");
        }
        return new Dcgan(size, channels, latentSize, base, upsamplings, c);
    }

    /** @return the latent space, standard normal */
    public LatentSpace latent() {
        return LatentSpace.normal(latentSize);
    }

    /**
     * @param seed weight-initialisation seed
     * @return a new, initialised generator network taking {@code [n, latentSize + K]} (K = 0
     *     without conditioning) and producing {@code [n, channels, size, size]}
     */
    public MultiLayerNetwork generatorNetwork(long seed) {
        int start = size >> upsamplings;
        int ch = base << (upsamplings - 1);
        NeuralNetConfiguration.ListBuilder b = base(seed).list()
                .layer(new DenseLayer.Builder().nIn(latentSize + labels()).nOut((long) start * start * ch)
                        .activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().nOut((long) start * start * ch).decay(0.9).eps(1e-5).build())
                .layer(new ActivationLayer.Builder().activation(Activation.RELU).build());
        b.inputPreProcessor(3, new FeedForwardToCnnPreProcessor(start, start, ch));
        for (int i = 0; i < upsamplings; i++) {
            boolean last = i == upsamplings - 1;
            int out = last ? channels : ch / 2;
            b.layer(new Deconvolution2D.Builder().nIn(ch).nOut(out).kernelSize(4, 4).stride(2, 2).padding(1, 1)
                    .convolutionMode(ConvolutionMode.Truncate)
                    .activation(last ? Activation.TANH : Activation.IDENTITY).build());
            if (!last) {
                b.layer(new BatchNormalization.Builder().nOut(out).decay(0.9).eps(1e-5).build());
                b.layer(new ActivationLayer.Builder().activation(Activation.RELU).build());
            }
            ch = out;
        }
        b.setInputType(InputType.feedForward(latentSize + labels()));
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();
        return net;
    }

    /**
     * @param seed weight-initialisation seed
     * @return a new, initialised discriminator network taking {@code [n, channels + K, size, size]}
     *     (K label channels with conditioning, else 0) and ending in one raw score
     */
    public MultiLayerNetwork discriminatorNetwork(long seed) {
        NeuralNetConfiguration.ListBuilder b = base(seed).list();
        int ch = base;
        for (int i = 0; i < upsamplings; i++) {
            b.layer(new ConvolutionLayer.Builder().nOut(ch).kernelSize(5, 5).stride(2, 2).padding(2, 2)
                    .convolutionMode(ConvolutionMode.Truncate)
                    .activation(i == 0 ? new ActivationLReLU(0.2) : Activation.IDENTITY.getActivationFunction())
                    .build());
            if (i > 0) {
                b.layer(new BatchNormalization.Builder().nOut(ch).decay(0.9).eps(1e-5).build());
                b.layer(new ActivationLayer.Builder().activation(new ActivationLReLU(0.2)).build());
            }
            ch *= 2;
        }
        b.layer(new DenseLayer.Builder().nOut(1).activation(Activation.IDENTITY).build());
        b.setInputType(InputType.convolutional(size, size, channels + labels()));
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();
        return net;
    }

    /**
     * A trainer builder with this recipe's G, D (seeded from {@code seed} and {@code seed + 1}),
     * latent space, batch size 64 and seed.
     *
     * @param seed the seed of weights and of the run
     * @return a builder
     */
    public GanTrainer.Builder trainer(long seed) {
        Generator g = Generator.of(Networks.fast(generatorNetwork(seed)));
        Discriminator d = Discriminator.of(Networks.fast(discriminatorNetwork(seed + 1)));
        if (conditioning != null) {
            g = g.conditionedOn(conditioning);
            d = d.conditionedOn(conditioning);
        }
        return GanTrainer.builder().generator(g).discriminator(d).latent(latent()).batchSize(64).seed(seed);
    }

    private int labels() {
        return conditioning == null ? 0 : conditioning.numClasses();
    }

    private static NeuralNetConfiguration.Builder base(long seed) {
        return new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT)
                .updater(new Adam(2e-4, 0.5, 0.999, 1e-8)).weightInit(WeightInit.UNIFORM).biasInit(0.0);
    }

    @Override
    public String toString() {
        return "Dcgan[" + channels + "x" + size + "x" + size + ", z=" + latentSize + ", base=" + base
                + ", upsamplings=" + upsamplings + (conditioning == null ? "" : ", conditioning=" + conditioning) + "]";
    }
}
