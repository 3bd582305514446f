package org.gan4j.core;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.gan4j.core.net.GanNetwork;
import org.gan4j.core.net.Networks;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The generator G: maps latent vectors {@code [n, latentSize]} to examples {@code [n, ...]} with
 * the shape D takes. Wraps any {@link GanNetwork}; the network is used live. A conditional
 * generator ({@link #conditionedOn}) takes latent vectors joined with one-hot labels and samples
 * a requested class with {@link #sample(int, int, LatentSpace, long)} or
 * {@link #sample(int[], LatentSpace, long)}.
 */
public final class Generator {

    private final GanNetwork network;
    private final Conditioning conditioning;

    private Generator(GanNetwork network, Conditioning conditioning) {
        if (network == null) {
            throw new IllegalArgumentException("generator network is null");
        }
        this.network = network;
        this.conditioning = conditioning;
    }

    /**
     * @param net an initialised network ending in a plain layer (typically tanh-activated)
     * @return a generator over it
     * @throws IllegalArgumentException when the network is unusable (see {@link Networks#wrap(MultiLayerNetwork)})
     * @see Networks#adapt(MultiLayerNetwork) which adapter runs it (libnd4j's operations directly when
     *     every layer allows, else DL4J's layers)
     */
    public static Generator of(MultiLayerNetwork net) {
        return new Generator(Networks.adapt(net), null);
    }

    /**
     * @param graph an initialised single-input, single-output graph ending in a plain layer
     * @return a generator over it
     * @throws IllegalArgumentException when the graph is unusable (see {@link Networks#wrap(ComputationGraph)})
     */
    public static Generator of(ComputationGraph graph) {
        return new Generator(Networks.wrap(graph), null);
    }

    /**
     * @param network any network implementing the seam
     * @return a generator over it
     */
    public static Generator of(GanNetwork network) {
        return new Generator(network, null);
    }

    /**
     * The same network as a conditional generator: its input is {@code [z | y]} (see
     * {@link Conditioning#joinLatent}).
     *
     * @param conditioning how labels join the latent vector
     * @return a conditional generator over the same network
     * @throws IllegalArgumentException when conditioning is null
     * @throws IllegalStateException when this generator is already conditional
     */
    public Generator conditionedOn(Conditioning conditioning) {
        if (conditioning == null) {
            throw new IllegalArgumentException("conditioning is null");
        }
        if (this.conditioning != null) {
            throw new IllegalStateException("generator is already conditioned on " + this.conditioning);
        }
        return new Generator(network, conditioning);
    }

    /** @return the conditioning, empty for an unconditional generator */
    public Optional<Conditioning> conditioning() {
        return Optional.ofNullable(conditioning);
    }

    /** @return the underlying network */
    public GanNetwork network() {
        return network;
    }

    /**
     * Generates examples in inference mode (batch-norm running statistics, no dropout).
     *
     * @param z latent vectors, {@code [n, latentSize]}
     * @return generated examples, {@code [n, ...]}
     * @throws IllegalStateException for a conditional generator (use {@link #generate(INDArray, INDArray)})
     */
    public INDArray generate(INDArray z) {
        if (conditioning != null) {
            throw new IllegalStateException("a conditional generator needs labels: use generate(z, labels)");
        }
        return network.output(z, false);
    }

    /**
     * Generates examples of given classes in inference mode (conditional generator).
     *
     * @param z latent vectors, {@code [n, latentSize]}
     * @param labels one-hot labels, {@code [n, K]}
     * @return generated examples, {@code [n, ...]}
     * @throws IllegalStateException for an unconditional generator
     * @throws IllegalArgumentException when labels do not fit
     */
    public INDArray generate(INDArray z, INDArray labels) {
        if (conditioning == null) {
            throw new IllegalStateException("an unconditional generator takes no labels: use generate(z)");
        }
        return network.output(conditioning.joinLatent(z, labels), false);
    }

    /**
     * Samples examples reproducibly. A conditional generator samples all classes in turn (labels
     * {@code i % K}).
     *
     * @param n number of examples, positive
     * @param latent the latent space G was trained with
     * @param seed the seed of the latent draw
     * @return generated examples, {@code [n, ...]}
     */
    public INDArray sample(int n, LatentSpace latent, long seed) {
        if (conditioning != null) {
            return sample(conditioning.balancedLabels(n), latent, seed);
        }
        return generate(latent.sample(n, network.params().dataType(), seed));
    }

    /**
     * Samples n examples of one class (conditional generator).
     *
     * @param n number of examples, positive
     * @param label the class, in {@code [0, K)}
     * @param latent the latent space G was trained with
     * @param seed the seed of the latent draw
     * @return generated examples, {@code [n, ...]}
     * @throws IllegalStateException for an unconditional generator
     * @throws IllegalArgumentException for a bad count or label
     */
    public INDArray sample(int n, int label, LatentSpace latent, long seed) {
        if (n <= 0) {
            throw new IllegalArgumentException("number of samples must be positive, got " + n);
        }
        int[] labels = new int[n];
        java.util.Arrays.fill(labels, label);
        return sample(labels, latent, seed);
    }

    /**
     * Samples one example per requested class (conditional generator).
     *
     * @param labels classes, each in {@code [0, K)}
     * @param latent the latent space G was trained with
     * @param seed the seed of the latent draw
     * @return generated examples, {@code [labels.length, ...]}, row i of class {@code labels[i]}
     * @throws IllegalStateException for an unconditional generator
     * @throws IllegalArgumentException for an empty array or a label out of range
     */
    public INDArray sample(int[] labels, LatentSpace latent, long seed) {
        if (conditioning == null) {
            throw new IllegalStateException("an unconditional generator takes no labels: use sample(n, latent, seed)");
        }
        INDArray y = conditioning.oneHot(labels, network.params().dataType());
        return generate(latent.sample(labels.length, network.params().dataType(), seed), y);
    }
}
