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
}
