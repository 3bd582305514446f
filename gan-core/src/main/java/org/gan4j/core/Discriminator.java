package org.gan4j.core;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.gan4j.core.net.GanNetwork;
import org.gan4j.core.net.Networks;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The discriminator (or critic) D: maps examples {@code [n, ...]} to one raw score per example,
 * {@code [n, 1]}. Wraps any {@link GanNetwork}; the network is used live.
 */
public final class Discriminator {

    private final GanNetwork network;

    private Discriminator(GanNetwork network) {
        if (network == null) {
            throw new IllegalArgumentException("discriminator network is null");
        }
        this.network = network;
    }

    /**
     * @param net an initialised network ending in a plain layer with one identity-activated output
     * @return a discriminator over it
     * @throws IllegalArgumentException when the network is unusable (see {@link Networks#wrap(MultiLayerNetwork)})
     */
    public static Discriminator of(MultiLayerNetwork net) {
        return new Discriminator(Networks.wrap(net));
    }

    /**
     * @param graph an initialised single-input, single-output graph ending in a plain layer
     * @return a discriminator over it
     * @throws IllegalArgumentException when the graph is unusable (see {@link Networks#wrap(ComputationGraph)})
     */
    public static Discriminator of(ComputationGraph graph) {
        return new Discriminator(Networks.wrap(graph));
    }

    /**
     * @param network any network implementing the seam
     * @return a discriminator over it
     */
    public static Discriminator of(GanNetwork network) {
        return new Discriminator(network);
    }

    /** @return the underlying network */
    public GanNetwork network() {
        return network;
    }

    /**
     * Scores examples in inference mode.
     *
     * @param examples {@code [n, ...]}
     * @return raw scores, {@code [n, 1]}
     */
    public INDArray score(INDArray examples) {
        return network.output(examples, false);
    }
}
