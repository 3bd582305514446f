package org.gan4j.metrics;

import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A {@link FeatureExtractor} over any DL4J {@link MultiLayerNetwork}: the embedding is the output
 * of one chosen layer (flattened), the logits the output of another (or none). When that layer
 * outputs probabilities (a softmax output layer), their logarithms serve as logits, which softmax
 * maps back to the same probabilities. Inference mode.
 */
public final class NetworkFeatureExtractor implements FeatureExtractor {

    private final MultiLayerNetwork net;
    private final int embeddingLayer;
    private final int logitsLayer;
    private final int embeddingSize;
    private final boolean probabilities;

    /**
     * @param net an initialised (typically trained) network
     * @param embeddingLayer index of the layer whose output is the embedding
     * @param logitsLayer index of the layer whose output is the class logits (or probabilities), or
     *     -1 for none
     * @param probabilities true when that layer outputs probabilities rather than logits
     * @param sample one example input, {@code [1, ...]}, used to find the embedding size
     * @throws IllegalArgumentException for layer indices outside the network
     */
    public NetworkFeatureExtractor(MultiLayerNetwork net, int embeddingLayer, int logitsLayer, boolean probabilities,
            INDArray sample) {
        int layers = net.getnLayers();
        if (embeddingLayer < 0 || embeddingLayer >= layers || logitsLayer < -1 || logitsLayer >= layers) {
            throw new IllegalArgumentException("layer indices must be in 0.." + (layers - 1) + " (logits may be -1), "
                    + "got embedding " + embeddingLayer + " and logits " + logitsLayer);
        }
        this.net = net;
        this.embeddingLayer = embeddingLayer;
        this.logitsLayer = logitsLayer;
        this.probabilities = probabilities;
        this.embeddingSize = (int) (extract(sample).embeddings().size(1));
    }

    @Override
    public int embeddingSize() {
        return embeddingSize;
    }

    @Override
    public Features extract(INDArray images) {
        List<INDArray> acts = net.feedForward(images, false);
        INDArray e = acts.get(embeddingLayer + 1);
        INDArray embeddings = e.reshape(e.size(0), e.length() / e.size(0));
        INDArray logits = logitsLayer < 0 ? null : acts.get(logitsLayer + 1);
        if (logits != null && probabilities) {
            logits = Transforms.log(Transforms.max(logits.castTo(DataType.DOUBLE), Double.MIN_NORMAL, false), false);
        }
        return new Features(embeddings, logits);
    }
}
