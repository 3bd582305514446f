package org.gan4j.core;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.gan4j.core.net.GanNetwork;
import org.gan4j.core.net.Networks;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The generator G: maps latent vectors {@code [n, latentSize]} to examples {@code [n, ...]} with
 * the shape D takes. Wraps any {@link GanNetwork}; the network is used live.
 */
public final class Generator {

    private final GanNetwork network;

    private Generator(GanNetwork network) {
        if (network == null) {
            throw new IllegalArgumentException("generator network is null");
        }
        this.network = network;
    }

    /**
     * @param net an initialised network ending in a plain layer (typically tanh-activated)
     * @return a generator over it
     * @throws IllegalArgumentException when the network is unusable (see {@link Networks#wrap(MultiLayerNetwork)})
     */
    public static Generator of(MultiLayerNetwork net) {
        return new Generator(Networks.wrap(net));
    }

    /**
     * @param graph an initialised single-input, single-output graph ending in a plain layer
     * @return a generator over it
     * @throws IllegalArgumentException when the graph is unusable (see {@link Networks#wrap(ComputationGraph)})
     */
    public static Generator of(ComputationGraph graph) {
        return new Generator(Networks.wrap(graph));
    }

    /**
     * @param network any network implementing the seam
     * @return a generator over it
     */
    public static Generator of(GanNetwork network) {
        return new Generator(network);
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
     */
    public INDArray generate(INDArray z) {
        return network.output(z, false);
    }

    /**
     * Samples examples reproducibly.
     *
     * @param n number of examples, positive
     * @param latent the latent space G was trained with
     * @param seed the seed of the latent draw
     * @return generated examples, {@code [n, ...]}
     */
    public INDArray sample(int n, LatentSpace latent, long seed) {
        return generate(latent.sample(n, network.params().dataType(), seed));
    }
}
