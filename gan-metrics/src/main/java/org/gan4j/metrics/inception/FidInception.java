package org.gan4j.metrics.inception;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.gan4j.metrics.FeatureExtractor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.image.ResizeBilinear;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The FID Inception network as a {@link FeatureExtractor}: the 2048-d {@code pool3} embedding of
 * FID and the 1008-class logits of the Inception Score, from the weights that pytorch-fid and
 * torch-fidelity use ({@code pt_inception-2015-12-05-6726825d.pth}, converted once by
 * {@code gan-metrics/scripts/fid_inception_to_npz.py}). Nothing is downloaded.
 *
 * <p>Input: images {@code [n, C, H, W]} with C = 1 (repeated to 3 channels) or 3, values in
 * [-1, 1] (as a tanh generator produces). They are resized to 299x299 by bilinear interpolation
 * with half-pixel centres, as PyTorch's {@code F.interpolate(mode='bilinear', align_corners=False)}
 * in pytorch-fid does, with ND4J ops on the active backend, and run through the network in
 * batches (16 images by default) in inference mode, as float32.
 *
 * <p>Logits: by default {@code pool3 · Wᵀ} without the fully connected layer's bias, as
 * torch-fidelity's Inception Score and the original TensorFlow Inception Score code compute them;
 * {@link #withLogitsBias(boolean)} adds the bias (the full {@code fc} layer). Instances are not
 * safe for concurrent use.
 *
 * <p>Comparability: with those weights, embeddings match pytorch-fid's for the same [-1, 1]
 * images (pytorch-fid maps 8-bit pixels p to {@code p / 127.5 - 1}). torch-fidelity maps them to
 * {@code (p - 128) / 128} and resizes the way TensorFlow 1 did (no half-pixel centres), so its
 * figures agree with these for 299x299 images given {@code (p - 128) / 128}, and differ slightly
 * for other sizes. Weights of any other Inception-v3 (torchvision's or Keras's ImageNet
 * InceptionV3 among them) are a different network, do not fit this graph, and give figures that
 * are not comparable with published FID or Inception Score values.
 */
public final class FidInception implements FeatureExtractor {

    /** Size of the {@code pool3} embedding. */
    public static final int EMBEDDING_SIZE = 2048;
    /** Number of logits (the 2015 Inception graph's 1008 classes, 1000 of them ImageNet's). */
    public static final int CLASSES = 1008;
    /** Height and width the network takes. */
    public static final int INPUT_SIZE = FidInceptionGraph.SIZE;
    private static final int DEFAULT_BATCH = 16;
    /** Slack on the [-1, 1] input range check. */
    private static final double RANGE_SLACK = 1e-3;

    private final ComputationGraph graph;
    private final INDArray fcBias;
    private final int batchSize;
    private final boolean logitsBias;

    private FidInception(ComputationGraph graph, INDArray fcBias, int batchSize, boolean logitsBias) {
        this.graph = graph;
        this.fcBias = fcBias;
        this.batchSize = batchSize;
        this.logitsBias = logitsBias;
    }

    /**
     * Builds the network and loads its weights.
     *
     * @param weights a .npz file written by {@code fid_inception_to_npz.py}: one little-endian float32
     *     array per floating-point tensor of the PyTorch state dict, named by its key
     * @return the extractor, batch size 16, logits without bias
     * @throws IOException when the file cannot be read or is not such a .npz file
     * @throws IllegalArgumentException when its tensors are not the FID Inception network's (the
     *     message names missing, unexpected or wrongly shaped keys)
     */
    public static FidInception load(Path weights) throws IOException {
        Map<String, INDArray> tensors = Npz.read(weights);
        FidInceptionGraph spec = FidInceptionGraph.create();
        ComputationGraph graph = spec.newGraph();
        spec.load(graph, tensors);
        INDArray bias = tensors.get(FidInceptionGraph.FC_BIAS).reshape(1, CLASSES).castTo(DataType.FLOAT);
        return new FidInception(graph, bias, DEFAULT_BATCH, false);
    }

    /**
     * @param size images per forward pass, positive (memory grows with it)
     * @return an extractor sharing this one's network, with that batch size
     * @throws IllegalArgumentException for a non-positive size
     */
    public FidInception withBatchSize(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + size);
        }
        return new FidInception(graph, fcBias, size, logitsBias);
    }

    /**
     * @param withBias true for the full fully connected layer ({@code pool3 · Wᵀ + b}), false for
     *     the logits without bias that torch-fidelity's Inception Score uses
     * @return an extractor sharing this one's network, with that choice
     */
    public FidInception withLogitsBias(boolean withBias) {
        return new FidInception(graph, fcBias, batchSize, withBias);
    }

    /** The DL4J graph (outputs {@code pool3} and the bias-free {@code fc}); for inspection. */
    ComputationGraph graph() {
        return graph;
    }

    @Override
    public int embeddingSize() {
        return EMBEDDING_SIZE;
    }

    /**
     * @param images {@code [n, C, H, W]}, C = 1 or 3, values in [-1, 1], n at least 1
     * @return {@code pool3} embeddings {@code [n, 2048]} and logits {@code [n, 1008]}, float32
     * @throws IllegalArgumentException for another shape or values outside [-1, 1]
     */
    @Override
    public Features extract(INDArray images) {
        checkShape(images);
        long n = images.size(0);
        List<INDArray> embeddings = new ArrayList<>();
        List<INDArray> logits = new ArrayList<>();
        for (long from = 0; from < n; from += batchSize) {
            INDArray batch = images.get(NDArrayIndex.interval(from, Math.min(n, from + batchSize)),
                    NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
            INDArray[] out = graph.output(false, preprocess(batch));
            embeddings.add(out[0]);
            logits.add(logitsBias ? out[1].addRowVector(fcBias) : out[1]);
        }
        return new Features(concat(embeddings), concat(logits));
    }

    /**
     * The network's input for a batch: float32, grey images repeated to 3 channels, bilinear
     * resize to 299x299 (half-pixel centres, PyTorch's {@code align_corners=False}) with ND4J's
     * {@code resize_bilinear} op on the active backend.
     *
     * @param images {@code [n, C, H, W]}, C = 1 or 3, values in [-1, 1]
     * @return {@code [n, 3, 299, 299]}, a new array
     * @throws IllegalArgumentException for another shape or values outside [-1, 1]
     */
    public static INDArray preprocess(INDArray images) {
        checkShape(images);
        double min = images.minNumber().doubleValue();
        double max = images.maxNumber().doubleValue();
        if (min < -1 - RANGE_SLACK || max > 1 + RANGE_SLACK) {
            throw new IllegalArgumentException("images must be in [-1, 1], got values in [" + min + ", " + max + "]");
        }
        INDArray x = images.castTo(DataType.FLOAT);
        if (x.size(1) == 1) {
            x = x.repeat(1, 3);
        }
        if (x.size(2) == INPUT_SIZE && x.size(3) == INPUT_SIZE) {
            return x.dup('c');
        }
        INDArray nhwc = x.permute(0, 2, 3, 1).dup('c');
        INDArray resized = Nd4j.create(DataType.FLOAT, x.size(0), INPUT_SIZE, INPUT_SIZE, 3);
        Nd4j.exec(new ResizeBilinear(nhwc, resized, INPUT_SIZE, INPUT_SIZE, false, true));
        return resized.permute(0, 3, 1, 2).dup('c');
    }

    private static void checkShape(INDArray images) {
        if (images == null || images.rank() != 4 || images.size(0) < 1
                || (images.size(1) != 1 && images.size(1) != 3) || images.size(2) < 1 || images.size(3) < 1) {
            throw new IllegalArgumentException("expected images [n, C, H, W] with n >= 1 and C = 1 or 3, got "
                    + (images == null ? "null" : Arrays.toString(images.shape())));
        }
    }

    private static INDArray concat(List<INDArray> parts) {
        return parts.size() == 1 ? parts.get(0) : Nd4j.concat(0, parts.toArray(new INDArray[0]));
    }
}
