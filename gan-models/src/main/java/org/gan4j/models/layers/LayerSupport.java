package org.gan4j.models.layers;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/** What the layer configurations of this package share with each other when DL4J builds them. */
final class LayerSupport {

    private LayerSupport() {
    }

    /**
     * Finishes a freshly constructed layer as DL4J's own configurations do: listeners, index,
     * parameter views (initialised when asked) and configuration.
     *
     * @return {@code layer}
     * @throws IllegalStateException when {@code size}, the layer's input or output size, is not set
     */
    static Layer wire(Layer layer, long size, NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
            int index, INDArray paramsView, boolean initializeParams) {
        if (size <= 0) {
            throw new IllegalStateException(conf.getLayer().getClass().getSimpleName() + " layer " + index
                    + ": nIn/nOut not set (got " + size + "); set it on the builder or give the network an input type");
        }
        layer.setListeners(listeners);
        layer.setIndex(index);
        layer.setParamsViewArray(paramsView);
        layer.setParamTable(conf.getLayer().initializer().init(conf, paramsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }

    /**
     * @param conf the layer configuration
     * @param inputType the layer's input type
     * @return a report of the parameters and the updater state, without working or cache memory
     */
    static LayerMemoryReport memoryReport(BaseLayer conf, InputType inputType) {
        long numParams = conf.initializer().numParams(conf);
        long updaterState = conf.getIUpdater() == null ? 0 : conf.getIUpdater().stateSize(numParams);
        return new LayerMemoryReport.Builder(conf.getLayerName(), conf.getClass(), inputType,
                conf.getOutputType(-1, inputType))
                .standardMemory(numParams, updaterState)
                .workingMemory(0, 0, MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }
}
