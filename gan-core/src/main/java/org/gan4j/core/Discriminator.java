package org.gan4j.core;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.gan4j.core.net.GanNetwork;
import org.gan4j.core.net.Networks;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The discriminator (or critic) D: maps examples {@code [n, ...]} to one raw score per example,
 * {@code [n, 1]}. Wraps any {@link GanNetwork}; the network is used live. A conditional
 * discriminator ({@link #conditionedOn}) sees every example joined with its label.
 */
public final class Discriminator {

    private final GanNetwork network;
    private final Conditioning conditioning;

    private Discriminator(GanNetwork network, Conditioning conditioning) {
        if (network == null) {
            throw new IllegalArgumentException("discriminator network is null");
        }
        this.network = network;
        this.conditioning = conditioning;
    }

    /**
     * @param net an initialised network ending in a plain layer with one identity-activated output
     * @return a discriminator over it
     * @throws IllegalArgumentException when the network is unusable (see {@link Networks#wrap(MultiLayerNetwork)})
     * @see Networks#adapt(MultiLayerNetwork) which adapter runs it (libnd4j's operations directly when
     *     every layer allows, else DL4J's layers)
     */
    public static Discriminator of(MultiLayerNetwork net) {
        return new Discriminator(Networks.adapt(net), null);
    }

    /**
     * @param graph an initialised single-input, single-output graph ending in a plain layer
     * @return a discriminator over it
     * @throws IllegalArgumentException when the graph is unusable (see {@link Networks#wrap(ComputationGraph)})
     */
    public static Discriminator of(ComputationGraph graph) {
        return new Discriminator(Networks.wrap(graph), null);
    }

    /**
     * @param network any network implementing the seam
     * @return a discriminator over it
     */
    public static Discriminator of(GanNetwork network) {
        return new Discriminator(network, null);
    }

    /**
     * The same network as a conditional discriminator: its input is every example joined with its
     * one-hot label (see {@link Conditioning#joinExamples}).
     *
     * @param conditioning how labels join the input
     * @return a conditional discriminator over the same network
     * @throws IllegalArgumentException when conditioning is null
     * @throws IllegalStateException when this discriminator is already conditional
     */
    public Discriminator conditionedOn(Conditioning conditioning) {
        if (conditioning == null) {
            throw new IllegalArgumentException("conditioning is null");
        }
        if (this.conditioning != null) {
            throw new IllegalStateException("discriminator is already conditioned on " + this.conditioning);
        }
        return new Discriminator(network, conditioning);
    }

    /** @return the conditioning, empty for an unconditional discriminator */
    public Optional<Conditioning> conditioning() {
        return Optional.ofNullable(conditioning);
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
     * @throws IllegalStateException for a conditional discriminator (use {@link #score(INDArray, INDArray)})
     */
    public INDArray score(INDArray examples) {
        if (conditioning != null) {
            throw new IllegalStateException("a conditional discriminator scores (examples, labels): use score(examples, labels)");
        }
        return network.output(examples, false);
    }

    /**
     * Scores labelled examples in inference mode (conditional discriminator).
     *
     * @param examples {@code [n, ...]}
     * @param labels one-hot labels {@code [n, K]}
     * @return raw scores, {@code [n, 1]}
     * @throws IllegalStateException for an unconditional discriminator
     * @throws IllegalArgumentException when labels do not fit
     */
    public INDArray score(INDArray examples, INDArray labels) {
        if (conditioning == null) {
            throw new IllegalStateException("an unconditional discriminator takes no labels: use score(examples)");
        }
        return network.output(conditioning.joinExamples(examples, labels), false);
    }
}
