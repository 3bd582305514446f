package org.gan4j.core;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Class conditioning of a GAN (Mirza &amp; Osindero 2014, "Conditional Generative Adversarial
 * Nets") as a strategy that works with any pair of networks: the class label, one-hot encoded,
 * joins the latent vector at G's input and joins every example at D's input.
 *
 * <ul>
 *   <li>G's input is {@code [z | y]}, shape {@code [n, latentSize + K]}.</li>
 *   <li>Flat examples {@code [n, F]} become {@code [n, F + K]} (extra feature columns, for dense
 *       networks); images {@code [n, C, H, W]} become {@code [n, C + K, H, W]} (K extra constant
 *       channels, channel k equal to y_k everywhere, for convolutional networks).</li>
 * </ul>
 *
 * <p>A learned label embedding needs no separate mechanism: the first dense layer of a network
 * fed {@code [z | y]} computes {@code W_z z + W_y y}, and {@code W_y y} is exactly a learned
 * embedding of the label (row {@code y} of {@code W_y}), trained with the rest of the layer.
 *
 * <p>Immutable. Labels passed in are one-hot rows {@code [n, K]} (or class indices where a method
 * takes {@code int[]}).
 */
public final class Conditioning {

    private final int numClasses;

    private Conditioning(int numClasses) {
        this.numClasses = numClasses;
    }

    /**
     * @param numClasses number of classes K, at least 2
     * @return one-hot conditioning on K classes
     * @throws IllegalArgumentException when K is below 2
     */
    public static Conditioning oneHot(int numClasses) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("conditioning needs at least 2 classes, got " + numClasses);
        }
        return new Conditioning(numClasses);
    }

    /** @return the number of classes K */
    public int numClasses() {
        return numClasses;
    }

    /**
     * One-hot rows for class indices.
     *
     * @param labels class indices in {@code [0, K)}
     * @param dataType floating point type of the result
     * @return {@code [labels.length, K]}
     * @throws IllegalArgumentException for an empty array or an index out of range
     */
    public INDArray oneHot(int[] labels, DataType dataType) {
        if (labels == null || labels.length == 0) {
            throw new IllegalArgumentException("labels are null or empty");
        }
        INDArray out = Nd4j.zeros(dataType, labels.length, numClasses);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("label " + labels[i] + " at position " + i + " is outside [0, "
                        + numClasses + ")");
            }
            out.putScalar(i, labels[i], 1.0);
        }
        return out;
    }

    /**
     * Class indices cycling through all classes: {@code i % K}; with n a multiple of K every class
     * appears equally often.
     *
     * @param n how many, positive
     * @return {@code [0, 1, ..., K-1, 0, 1, ...]} of length n
     */
    public int[] balancedLabels(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("number of labels must be positive, got " + n);
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % numClasses;
        }
        return labels;
    }

    /** Uniformly random one-hot labels drawn from {@code rng} (the trainer's labels for generated batches). */
    INDArray randomLabels(long n, DataType dataType, Random rng) {
        int[] labels = new int[Math.toIntExact(n)];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = rng.nextInt(numClasses);
        }
        return oneHot(labels, dataType);
    }

    /**
     * For each one-hot row, a uniformly random different class (for matching-aware
     * discriminators: real examples paired with a wrong label).
     */
    INDArray wrongLabels(INDArray labels, Random rng) {
        int[] classes = labels.argMax(1).toIntVector();
        for (int i = 0; i < classes.length; i++) {
            classes[i] = (classes[i] + 1 + rng.nextInt(numClasses - 1)) % numClasses;
        }
        return oneHot(classes, labels.dataType());
    }

    /**
     * G's input: latent vectors joined with labels.
     *
     * @param z latent vectors {@code [n, L]}
     * @param labels one-hot labels {@code [n, K]}
     * @return {@code [n, L + K]} in z's data type
     * @throws IllegalArgumentException when the shapes do not fit
     */
    public INDArray joinLatent(INDArray z, INDArray labels) {
        if (z == null || z.rank() != 2) {
            throw new IllegalArgumentException("latent vectors must have shape [n, size], got "
                    + (z == null ? "null" : Arrays.toString(z.shape())));
        }
        checkLabels(labels, z.size(0));
        return latentWith(z, labels);
    }

    /** {@link #joinLatent} for labels already checked or made by the trainer (no per-row check on the hot path). */
    INDArray latentWith(INDArray z, INDArray labels) {
        return Nd4j.concat(1, z, labels.castTo(z.dataType()));
    }

    /**
     * D's input: examples joined with labels (extra columns for flat examples, extra constant
     * channels for images).
     *
     * @param examples {@code [n, F]} or {@code [n, C, H, W]}
     * @param labels one-hot labels {@code [n, K]}
     * @return {@code [n, F + K]} or {@code [n, C + K, H, W]} in the examples' data type
     * @throws IllegalArgumentException for another rank or mismatched sizes
     */
    public INDArray joinExamples(INDArray examples, INDArray labels) {
        if (examples == null) {
            throw new IllegalArgumentException("examples are null");
        }
        checkLabels(labels, examples.size(0));
        return examplesWith(examples, labels);
    }

    /** {@link #joinExamples} for labels already checked or made by the trainer (no per-row check on the hot path). */
    INDArray examplesWith(INDArray examples, INDArray labels) {
        long n = examples.size(0);
        INDArray y = labels.castTo(examples.dataType());
        if (examples.rank() == 2) {
            return Nd4j.concat(1, examples, y);
        }
        if (examples.rank() == 4) {
            long h = examples.size(2);
            long w = examples.size(3);
            INDArray planes = y.reshape('c', n, numClasses, 1, 1).broadcast(n, numClasses, h, w);
            return Nd4j.concat(1, examples, planes);
        }
        throw new IllegalArgumentException("conditioning joins labels to flat [n, F] or image [n, C, H, W] examples, "
                + "got shape " + Arrays.toString(examples.shape()));
    }

    /**
     * The part of a gradient with respect to D's joined input that belongs to the examples.
     *
     * @param joinedGradient gradient shaped like {@link #joinExamples}'s result
     * @return a view, {@code [n, F]} or {@code [n, C, H, W]}
     */
    public INDArray exampleGradient(INDArray joinedGradient) {
        long features = joinedGradient.size(1) - numClasses;
        INDArrayIndex[] idx = new INDArrayIndex[joinedGradient.rank()];
        Arrays.fill(idx, NDArrayIndex.all());
        idx[1] = NDArrayIndex.interval(0, features);
        return joinedGradient.get(idx);
    }

    /**
     * Checks a batch of labels.
     *
     * @param labels one-hot labels
     * @param n the batch size they must have
     * @throws IllegalArgumentException when they are not {@code [n, K]} rows summing to 1
     */
    public void checkLabels(INDArray labels, long n) {
        if (labels == null) {
            throw new IllegalArgumentException("labels are null: a conditional GAN needs one-hot labels [n, "
                    + numClasses + "] with every batch");
        }
        if (labels.rank() != 2 || labels.size(0) != n || labels.size(1) != numClasses) {
            throw new IllegalArgumentException("labels must have shape [" + n + ", " + numClasses + "], got "
                    + Arrays.toString(labels.shape()));
        }
        double[] sums = labels.castTo(DataType.DOUBLE).sum(1).toDoubleVector();
        for (int i = 0; i < sums.length; i++) {
            if (!(Math.abs(sums[i] - 1.0) < 1e-3)) {
                throw new IllegalArgumentException("labels must be one-hot rows summing to 1; row " + i + " sums to "
                        + sums[i]);
            }
        }
    }

    @Override
    public String toString() {
        return "one-hot(" + numClasses + ")";
    }

    /**
     * Reads what {@link #toString()} wrote (checkpoint configurations).
     *
     * @param text for example {@code one-hot(10)}
     * @return the conditioning
     * @throws IllegalArgumentException when the text is not of that form
     */
    static Conditioning parse(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("one-hot\\((\\d+)\\)").matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("unknown conditioning '" + text + "'");
        }
        return oneHot(Integer.parseInt(m.group(1)));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Conditioning c && c.numClasses == numClasses;
    }

    @Override
    public int hashCode() {
        return numClasses;
    }
}
