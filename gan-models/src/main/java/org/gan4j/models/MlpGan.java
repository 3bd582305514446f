package org.gan4j.models;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.gan4j.core.Conditioning;
import org.gan4j.core.Discriminator;
import org.gan4j.core.GanTrainer;
import org.gan4j.core.Generator;
import org.gan4j.core.LatentSpace;
import org.gan4j.core.net.GanNetwork;
import org.gan4j.core.net.Networks;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The vanilla MLP GAN (Goodfellow et al. 2014, with the widely used batch-normalised generator).
 * {@link #mnist()} is exactly the reference architecture for 28x28 images:
 *
 * <pre>
 * G: z(100) - Dense 256, LeakyReLU(0.2), BatchNorm - Dense 512, LeakyReLU(0.2), BatchNorm
 *           - Dense 1024, LeakyReLU(0.2), BatchNorm - Dense 784, tanh
 * D: x(784) - Dense 512, LeakyReLU(0.2) - Dense 256, LeakyReLU(0.2) - Dense 1 (raw score)
 * </pre>
 *
 * Batch norm momentum 0.2 in the PyTorch sense (running = 0.8 running + 0.2 batch), epsilon 1e-5;
 * weights and biases uniform in +-1/sqrt(fan-in); Adam(2e-4, beta1 0.5, beta2 0.999) for both.
 * Examples are flat {@code [n, 784]} in [-1, 1]. Immutable; the {@code with...} methods return
 * modified copies.
 */
public final class MlpGan {

    private final int latentSize;
    private final int[] generatorHidden;
    private final int[] discriminatorHidden;
    private final int dataSize;
    private final Activation outputActivation;
    private final boolean batchNorm;
    private final IUpdater updater;
    private final int pack;
    private final Conditioning conditioning;

    private MlpGan(int latentSize, int[] generatorHidden, int[] discriminatorHidden, int dataSize,
            Activation outputActivation, boolean batchNorm, IUpdater updater, int pack, Conditioning conditioning) {
        this.latentSize = latentSize;
        this.generatorHidden = generatorHidden;
        this.discriminatorHidden = discriminatorHidden;
        this.dataSize = dataSize;
        this.outputActivation = outputActivation;
        this.batchNorm = batchNorm;
        this.updater = updater;
        this.pack = pack;
        this.conditioning = conditioning;
    }

    /** @return the reference MLP GAN for 28x28 images (784 values in [-1, 1]) */
    public static MlpGan mnist() {
        return new MlpGan(100, new int[] {256, 512, 1024}, new int[] {512, 256}, 784, Activation.TANH, true,
                new Adam(2e-4, 0.5, 0.999, 1e-8), 1, null);
    }

    /**
     * An MLP GAN of any size.
     *
     * @param latentSize size of z, positive
     * @param dataSize values per example, positive
     * @param generatorHidden widths of G's hidden layers, each positive
     * @param discriminatorHidden widths of D's hidden layers, each positive
     * @return the recipe (tanh output, batch norm in G, Adam(2e-4, 0.5, 0.999))
     */
    public static MlpGan of(int latentSize, int dataSize, int[] generatorHidden, int[] discriminatorHidden) {
        positive(latentSize, "latent size");
        positive(dataSize, "data size");
        for (int w : generatorHidden) {
            positive(w, "generator hidden width");
        }
        for (int w : discriminatorHidden) {
            positive(w, "discriminator hidden width");
        }
        return new MlpGan(latentSize, generatorHidden.clone(), discriminatorHidden.clone(), dataSize, Activation.TANH,
                true, new Adam(2e-4, 0.5, 0.999, 1e-8), 1, null);
    }

    /**
     * @param activation G's output activation (tanh for images in [-1, 1], identity for unbounded data)
     * @return a copy with that output activation
     */
    public MlpGan withOutputActivation(Activation activation) {
        return new MlpGan(latentSize, generatorHidden, discriminatorHidden, dataSize, activation, batchNorm, updater,
                pack, conditioning);
    }

    /**
     * @param enabled whether G's hidden layers are followed by batch normalisation
     * @return a copy
     */
    public MlpGan withBatchNorm(boolean enabled) {
        return new MlpGan(latentSize, generatorHidden, discriminatorHidden, dataSize, outputActivation, enabled, updater,
                pack, conditioning);
    }

    /**
     * @param u the optimizer both networks get
     * @return a copy
     */
    public MlpGan withUpdater(IUpdater u) {
        if (u == null) {
            throw new IllegalArgumentException("updater is null");
        }
        return new MlpGan(latentSize, generatorHidden, discriminatorHidden, dataSize, outputActivation, batchNorm, u,
                pack, conditioning);
    }

    /**
     * Packing (PacGAN, Lin et al. 2018): D judges {@code m} examples at a time, which counters
     * mode collapse. D's input becomes {@code m * dataSize}; the batch size must be a multiple of m.
     *
     * @param m examples per pack; 1 turns packing off
     * @return a copy
     */
    public MlpGan withPacking(int m) {
        positive(m, "pack size");
        return new MlpGan(latentSize, generatorHidden, discriminatorHidden, dataSize, outputActivation, batchNorm,
                updater, m, conditioning);
    }

    /**
     * Class conditioning (conditional GAN, Mirza &amp; Osindero 2014): G's input becomes
     * {@code [z | y]} ({@code latentSize + K} values) and D's input {@code [x | y]}
     * ({@code dataSize + K} values per example); {@link #trainer} then builds a conditional
     * generator and discriminator, and the data iterator must provide one-hot labels.
     *
     * @param c the conditioning, e.g. {@code Conditioning.oneHot(10)}
     * @return a copy
     * @throws IllegalArgumentException when c is null
     */
    public MlpGan withConditioning(Conditioning c) {
        if (c == null) {
            throw new IllegalArgumentException("conditioning is null");
        }
        return new MlpGan(latentSize, generatorHidden, discriminatorHidden, dataSize, outputActivation, batchNorm,
                updater, pack, c);
    }

    /** @return the latent space, standard normal of the recipe's size */
    public LatentSpace latent() {
        return LatentSpace.normal(latentSize);
    }

    /**
     * @param seed weight-initialisation seed
     * @return a new, initialised generator network (input {@code latentSize + K} values, K = 0
     *     without conditioning)
     */
    public MultiLayerNetwork generatorNetwork(long seed) {
        NeuralNetConfiguration.ListBuilder b = base(seed).list();
        int in = latentSize + labelColumns();
        for (int w : generatorHidden) {
            b.layer(new DenseLayer.Builder().nIn(in).nOut(w).activation(leaky()).build());
            if (batchNorm) {
                b.layer(new BatchNormalization.Builder().nIn(w).nOut(w).decay(0.8).eps(1e-5).build());
            }
            in = w;
        }
        b.layer(new DenseLayer.Builder().nIn(in).nOut(dataSize).activation(outputActivation).build());
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();
        return net;
    }

    /**
     * @param seed weight-initialisation seed
     * @return a new, initialised discriminator network ending in one raw score (its input is
     *     {@code pack * (dataSize + K)} values, K = 0 without conditioning)
     */
    public MultiLayerNetwork discriminatorNetwork(long seed) {
        NeuralNetConfiguration.ListBuilder b = base(seed).list();
        int in = (dataSize + labelColumns()) * pack;
        for (int w : discriminatorHidden) {
            b.layer(new DenseLayer.Builder().nIn(in).nOut(w).activation(leaky()).build());
            in = w;
        }
        b.layer(new DenseLayer.Builder().nIn(in).nOut(1).activation(Activation.IDENTITY).build());
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();
        return net;
    }

    /**
     * A trainer builder with this recipe's G, D (seeded from {@code seed} and {@code seed + 1}),
     * latent space, batch size 64 and seed; add data-dependent settings and build.
     *
     * @param seed the seed of weights and of the run
     * @return a builder
     */
    public GanTrainer.Builder trainer(long seed) {
        return GanTrainer.builder().generator(generator(seed))
                .discriminator(discriminator(seed + 1)).latent(latent()).batchSize(64)
                .seed(seed);
    }

    /**
     * @param seed weight-initialisation seed
     * @return the generator, conditional when {@link #withConditioning} asked for it
     */
    public Generator generator(long seed) {
        Generator g = Generator.of(Networks.fast(generatorNetwork(seed)));
        return conditioning == null ? g : g.conditionedOn(conditioning);
    }

    /**
     * @param seed weight-initialisation seed
     * @return the discriminator, packed when {@link #withPacking} asked for it and conditional
     *     when {@link #withConditioning} did
     */
    public Discriminator discriminator(long seed) {
        GanNetwork d = Networks.fast(discriminatorNetwork(seed));
        Discriminator disc = Discriminator.of(pack > 1 ? new PackedNetwork(d, pack) : d);
        return conditioning == null ? disc : disc.conditionedOn(conditioning);
    }

    private int labelColumns() {
        return conditioning == null ? 0 : conditioning.numClasses();
    }

    private NeuralNetConfiguration.Builder base(long seed) {
        return new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT).updater(updater.clone())
                .weightInit(WeightInit.UNIFORM).biasInit(0.0);
    }

    private static IActivation leaky() {
        return new ActivationLReLU(0.2);
    }

    private static void positive(int v, String what) {
        if (v <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + v);
        }
    }

    @Override
    public String toString() {
        return "MlpGan[z=" + latentSize + ", G=" + Arrays.toString(generatorHidden) + ", D="
                + Arrays.toString(discriminatorHidden) + ", data=" + dataSize + ", out=" + outputActivation + ", pack=" + pack
                + (conditioning == null ? "" : ", conditioning=" + conditioning) + "]";
    }
}
