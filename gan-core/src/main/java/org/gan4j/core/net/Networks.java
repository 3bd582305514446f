package org.gan4j.core.net;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** Factory for {@link GanNetwork} adapters over DL4J networks. */
public final class Networks {

    private Networks() {
    }

    /**
     * Wraps an initialised {@link MultiLayerNetwork} whose last layer is a plain layer.
     *
     * @param net the network; {@code init()} must have been called
     * @return the adapter (the network is used live, not copied)
     * @throws IllegalArgumentException when the network is not initialised or ends in an output layer
     */
    public static GanNetwork wrap(MultiLayerNetwork net) {
        if (net == null) {
            throw new IllegalArgumentException("network is null");
        }
        return new MultiLayerNetworkAdapter(net);
    }

    /**
     * Wraps an initialised {@link MultiLayerNetwork} like {@link #wrap(MultiLayerNetwork)}, but runs
     * its training and inference passes through libnd4j's native operations directly instead of
     * DL4J's layer implementations: same parameters, gradients (to float rounding), optimizer,
     * batch-norm statistics and checkpoints, in fewer and faster operations (with ND4J's oneDNN
     * build, convolutions and transposed convolutions run in oneDNN in both directions).
     *
     * <p>Supported: {@code DenseLayer}, {@code ConvolutionLayer} and {@code Deconvolution2D} (NCHW,
     * truncate or strict padding), {@code BatchNormalization}, {@code ActivationLayer}, with
     * identity, ReLU, leaky ReLU, tanh or sigmoid activations, and the dense/convolutional
     * reshaping preprocessors; no dropout or weight noise. Other networks: use
     * {@link #wrap(MultiLayerNetwork)}.
     *
     * @param net the network; {@code init()} must have been called
     * @return the adapter (the network is used live, not copied)
     * @throws IllegalArgumentException when the network is null, not initialised, ends in an output
     *     layer, or has a layer without a native implementation (the message names each one)
     */
    public static GanNetwork fast(MultiLayerNetwork net) {
        if (net == null) {
            throw new IllegalArgumentException("network is null");
        }
        return new NativeMultiLayerNetwork(net);
    }

    /**
     * The fastest adapter for an initialised {@link MultiLayerNetwork}: {@link #fast} when every
     * layer has a native implementation, otherwise {@link #wrap(MultiLayerNetwork)}. Both give the
     * same results (see {@link #fast}); {@code Generator.of} and {@code Discriminator.of} use this.
     *
     * @param net the network; {@code init()} must have been called
     * @return the adapter (the network is used live, not copied)
     * @throws IllegalArgumentException when the network is null, not initialised or ends in an
     *     output layer
     */
    public static GanNetwork adapt(MultiLayerNetwork net) {
        if (net == null) {
            throw new IllegalArgumentException("network is null");
        }
        if (net.getLayers() == null || NativeMultiLayerNetwork.unsupported(net) != null) {
            return new MultiLayerNetworkAdapter(net);
        }
        return new NativeMultiLayerNetwork(net);
    }

    /**
     * Wraps an initialised single-input, single-output {@link ComputationGraph}.
     *
     * @param graph the graph; {@code init()} must have been called
     * @return the adapter (the graph is used live, not copied)
     * @throws IllegalArgumentException when the graph is not initialised, has several inputs or
     *     outputs, or ends in an output layer
     */
    public static GanNetwork wrap(ComputationGraph graph) {
        if (graph == null) {
            throw new IllegalArgumentException("graph is null");
        }
        return new ComputationGraphAdapter(graph);
    }

    /**
     * Splits an initialised {@link MultiLayerNetwork} into a trunk (layers {@code [0, layer)}) and a
     * head (layers {@code [layer, n)}) that share its parameters. The split is itself a
     * {@link GanNetwork} computing the whole network; train through it (or its parts), not through
     * the original network's own optimizer.
     *
     * @param net the network; {@code init()} must have been called, and it must end in a plain layer
     * @param layer index of the head's first layer, in {@code [1, n - 1]}; the trunk's output (the
     *     features) is the output of layer {@code layer - 1}
     * @return the split network, whose {@link SplitNetwork#trunk()} and {@link SplitNetwork#head()}
     *     each hold parameters
     * @throws IllegalArgumentException when the network is null or unusable, the layer is out of
     *     range, or the trunk or the head would have no parameters
     */
    public static SplitNetwork split(MultiLayerNetwork net, int layer) {
        return new SplitNetwork(net, layer);
    }

    /**
     * @return {@code pass}, checked against the network's {@link GanNetwork#keptPasses()}
     * @throws IllegalArgumentException when it is out of range
     */
    static int checkedSlot(GanNetwork network, int pass) {
        if (pass < 0 || pass >= network.keptPasses()) {
            throw new IllegalArgumentException("pass slot must be in [0, " + network.keptPasses() + "), got " + pass);
        }
        return pass;
    }
}
