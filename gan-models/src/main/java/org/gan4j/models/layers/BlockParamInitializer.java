package org.gan4j.models.layers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Parameter initializer over a fixed, ordered list of named blocks laid out one after another in
 * the layer's flat parameter vector; each block is an {@code 'f'}-ordered view of its slice.
 */
abstract class BlockParamInitializer implements ParamInitializer {

    /** What a block holds: trained weights, trained biases, or state the optimizer never touches. */
    enum Kind { WEIGHT, BIAS, STATE }

    /** One named parameter block of the given shape. */
    record Block(String name, long[] shape, Kind kind) {
        long length() {
            long n = 1;
            for (long s : shape) {
                n *= s;
            }
            return n;
        }
    }

    /** @return the blocks of the layer configured by {@code conf}, in layout order */
    abstract List<Block> blocks(Layer conf);

    /** Writes the initial values of a freshly created layer into its parameter views. */
    abstract void initialise(Layer conf, Map<String, INDArray> params);

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        long n = 0;
        for (Block b : blocks(layer)) {
            n += b.length();
        }
        return n;
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return keys(layer, null);
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return keys(layer, Kind.WEIGHT);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return keys(layer, Kind.BIAS);
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return weightKeys(layer).contains(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return biasKeys(layer).contains(key);
    }

    private List<String> keys(Layer layer, Kind kind) {
        List<String> keys = new ArrayList<>();
        for (Block b : blocks(layer)) {
            if (kind == null || b.kind() == kind) {
                keys.add(b.name());
            }
        }
        return keys;
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        Map<String, INDArray> params = views(conf.getLayer(), paramsView);
        if (initializeParams) {
            initialise(conf.getLayer(), params);
        }
        return params;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return views(conf.getLayer(), gradientView);
    }

    private Map<String, INDArray> views(Layer layer, INDArray flat) {
        long expected = numParams(layer);
        if (flat.length() != expected) {
            throw new IllegalArgumentException("parameter view has " + flat.length() + " values, the layer needs "
                    + expected);
        }
        INDArray vector = flat.reshape(flat.length());
        Map<String, INDArray> out = new LinkedHashMap<>();
        long offset = 0;
        for (Block b : blocks(layer)) {
            out.put(b.name(), vector.get(NDArrayIndex.interval(offset, offset + b.length())).reshape('f', b.shape()));
            offset += b.length();
        }
        return out;
    }
}
