package org.gan4j.models.layers;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;

/** DL4J memory reports for the layers of this package: parameters and optimizer state only. */
final class MemoryReports {

    private MemoryReports() {
    }

    /**
     * @param conf the layer configuration
     * @param inputType the layer's input type
     * @return a report of the parameters and the updater state, without working or cache memory
     */
    static LayerMemoryReport of(BaseLayer conf, InputType inputType) {
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
