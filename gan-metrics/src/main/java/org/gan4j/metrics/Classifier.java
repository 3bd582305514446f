package org.gan4j.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.gan4j.core.data.ImageDataset;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A {@link FeatureExtractor} over an image classifier whose last two layers are a dense layer and
 * a softmax output layer: the embedding is the output of that dense (penultimate) layer, the
 * logits are the log class probabilities of the output layer. Inference mode, in batches of
 * {@value #BATCH} images.
 *
 * <p>gan4j bundles two trained LeNet-style classifiers for 28x28 grayscale images in [-1, 1]
 * ({@link #digits()}, {@link #fashion()}): two 5x5 convolutions (20 and 50 channels), each
 * followed by batch norm, ReLU and 2x2 max pooling, then a 256-unit ReLU dense layer (layer 8,
 * the 256-d embedding) and a 10-way softmax. Each comes with a provenance record ({@link #provenance()}): the training command,
 * seed, data, accuracy and versions.
 */
public final class Classifier implements FeatureExtractor {

    /** Images per forward pass. */
    public static final int BATCH = 500;
    private static final String BASE = "/org/gan4j/metrics/classifiers/";

    private final MultiLayerNetwork net;
    private final long[] inputShape;
    private final NetworkFeatureExtractor features;
    private final Map<String, Object> provenance;

    private Classifier(MultiLayerNetwork net, long[] inputShape, Map<String, Object> provenance) {
        int layers = net.getnLayers();
        if (layers < 2 || !(net.getLayer(layers - 2).conf().getLayer() instanceof DenseLayer)
                || !(net.getLayer(layers - 1).conf().getLayer() instanceof OutputLayer out)
                || !(out.getActivationFn() instanceof ActivationSoftmax)) {
            throw new IllegalArgumentException("a classifier must end in a dense layer and a softmax output layer, got "
                    + net.getLayerWiseConfigurations().getConfs().stream()
                            .map(c -> c.getLayer().getClass().getSimpleName()).toList());
        }
        if (inputShape.length < 1 || Arrays.stream(inputShape).anyMatch(s -> s <= 0)) {
            throw new IllegalArgumentException("input shape must be non-empty and positive, got "
                    + Arrays.toString(inputShape));
        }
        this.net = net;
        this.inputShape = inputShape.clone();
        this.provenance = provenance;
        long[] one = new long[inputShape.length + 1];
        one[0] = 1;
        System.arraycopy(inputShape, 0, one, 1, inputShape.length);
        this.features = new NetworkFeatureExtractor(net, layers - 2, layers - 1, true, Nd4j.zeros(one));
    }

    /**
     * Wraps a trained network.
     *
     * @param net an initialised network ending in a dense layer and a softmax {@link OutputLayer}
     * @param inputShape the shape of one example, e.g. {@code [1, 28, 28]} for NCHW images
     * @return the classifier, with an empty provenance record
     * @throws IllegalArgumentException when the network does not end in a dense and a softmax
     *     output layer, or the shape is empty or not positive
     */
    public static Classifier of(MultiLayerNetwork net, long... inputShape) {
        return new Classifier(net, inputShape, Map.of());
    }

    /**
     * The bundled digit classifier, trained on the first 8,000 bundled digits
     * ({@code ImageDataset.bundledDigits().slice(0, 8000)}); its accuracy on the other 2,000 is in
     * its provenance (at least 98.5%).
     *
     * @return a freshly loaded classifier for {@code [n, 1, 28, 28]} (or {@code [n, 784]}) images
     *     in [-1, 1]
     * @throws IllegalStateException when the resource is missing or unreadable
     */
    public static Classifier digits() {
        return bundled("digits-lenet");
    }

    /**
     * The bundled Fashion-MNIST classifier, trained for 8 epochs on the 60,000 Fashion-MNIST
     * training images; its accuracy on the 10,000 test images is in its provenance (91.1%).
     *
     * @return a freshly loaded classifier for {@code [n, 1, 28, 28]} (or {@code [n, 784]}) images
     *     in [-1, 1]
     * @throws IllegalStateException when the resource is missing or unreadable
     */
    public static Classifier fashion() {
        return bundled("fashion-lenet");
    }

    private static Classifier bundled(String name) {
        try (InputStream model = Classifier.class.getResourceAsStream(BASE + name + ".zip");
                InputStream json = Classifier.class.getResourceAsStream(BASE + name + ".json")) {
            if (model == null || json == null) {
                throw new IllegalStateException("bundled classifier " + name + " is missing from the gan-metrics jar");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> prov = new ObjectMapper().readValue(json, Map.class);
            return new Classifier(ModelSerializer.restoreMultiLayerNetwork(model, false), new long[] {1, 28, 28},
                    Map.copyOf(prov));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundled classifier " + name, e);
        }
    }

    /** @return the wrapped network (live) */
    public MultiLayerNetwork network() {
        return net;
    }

    /** @return the shape of one example the network takes, e.g. {@code [1, 28, 28]} */
    public long[] inputShape() {
        return inputShape.clone();
    }

    /** @return index of the embedding layer (the dense layer before the output layer) */
    public int embeddingLayer() {
        return net.getnLayers() - 2;
    }

    /**
     * @return how the classifier was made (command, seed, data, accuracy, versions); empty for
     *     a classifier made with {@link #of}
     */
    public Map<String, Object> provenance() {
        return provenance;
    }

    @Override
    public int embeddingSize() {
        return features.embeddingSize();
    }

    /**
     * Embeds images, {@value #BATCH} at a time.
     *
     * @param images {@code [n, ...inputShape]}, or flat {@code [n, prod(inputShape)]} (reshaped)
     * @return embeddings {@code [n, d]} and logits (log probabilities) {@code [n, classes]}
     * @throws IllegalArgumentException when the images fit neither shape
     */
    @Override
    public Features extract(INDArray images) {
        INDArray x = shaped(images);
        List<INDArray> emb = new ArrayList<>();
        List<INDArray> logits = new ArrayList<>();
        for (long s = 0; s < x.size(0); s += BATCH) {
            Features f = features.extract(MetricsListener.rows(x, s, Math.min(x.size(0), s + BATCH)));
            emb.add(f.embeddings().dup());
            logits.add(f.logits().dup());
        }
        return new Features(Nd4j.concat(0, emb.toArray(new INDArray[0])),
                Nd4j.concat(0, logits.toArray(new INDArray[0])));
    }

    /**
     * Predicted classes (arg max of the class probabilities).
     *
     * @param images as for {@link #extract}
     * @return one class index per image, {@code [n]}
     */
    public int[] predict(INDArray images) {
        return extract(images).logits().argMax(1).toIntVector();
    }

    /**
     * The fraction of a labelled dataset classified correctly.
     *
     * @param data labelled images with as many pixels as this classifier's input
     * @return accuracy in [0, 1]
     */
    public double accuracy(ImageDataset data) {
        int[] predicted = predict(data.features(0, data.size(), ImageDataset.Layout.FLAT));
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            correct += predicted[i] == data.label(i) ? 1 : 0;
        }
        return correct / (double) predicted.length;
    }

    private INDArray shaped(INDArray images) {
        long per = Arrays.stream(inputShape).reduce(1, (a, b) -> a * b);
        long[] s = images == null ? new long[0] : images.shape();
        long[] expected = new long[inputShape.length + 1];
        expected[0] = s.length > 0 ? s[0] : 0;
        System.arraycopy(inputShape, 0, expected, 1, inputShape.length);
        if (s.length == 2 && s[1] == per && s[0] > 0) {
            return images.reshape('c', expected);
        }
        if (!Arrays.equals(s, expected) || s[0] == 0) {
            throw new IllegalArgumentException("images must be [n, " + Arrays.toString(inputShape).substring(1)
                    + " or [n, " + per + "] with n positive, got " + Arrays.toString(s));
        }
        return images;
    }
}
