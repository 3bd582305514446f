package org.gan4j.metrics;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A mode-collapse signal from a classifier's view of generated samples: the histogram of
 * predicted classes, how many classes are present, the histogram's entropy (natural log; the
 * uniform spread over K classes gives log K) and the fraction of confident predictions. Immutable.
 *
 * @param histogram predicted-class counts, one per class
 * @param samples number of samples classified
 * @param classesPresent classes predicted for at least {@code minShare} of the samples
 * @param entropy entropy of the predicted-class distribution, in nats
 * @param confidentFraction fraction of samples whose top probability is at least the threshold
 */
public record ClassCoverage(int[] histogram, int samples, int classesPresent, double entropy,
        double confidentFraction) {

    /** Copies the histogram so the record stays immutable. */
    public ClassCoverage {
        histogram = histogram.clone();
    }

    @Override
    public int[] histogram() {
        return histogram.clone();
    }

    /**
     * @param probabilities class probabilities (rows sum to 1), {@code [n, K]} with n, K positive
     * @param minShare a class counts as present when at least this fraction of samples is
     *     predicted as it, in [0, 1]
     * @param confidence threshold of the top probability for a confident prediction, in [0, 1]
     * @return the coverage figures
     * @throws IllegalArgumentException for a non-matrix, an empty input or thresholds outside [0, 1]
     */
    public static ClassCoverage of(INDArray probabilities, double minShare, double confidence) {
        if (probabilities == null || probabilities.rank() != 2 || probabilities.size(0) == 0
                || probabilities.size(1) == 0) {
            throw new IllegalArgumentException("probabilities must be a non-empty [n, K] matrix, got "
                    + (probabilities == null ? "null" : Arrays.toString(probabilities.shape())));
        }
        if (!(minShare >= 0 && minShare <= 1) || !(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("minShare and confidence must be in [0, 1], got " + minShare + ", "
                    + confidence);
        }
        int n = (int) probabilities.size(0);
        int k = (int) probabilities.size(1);
        INDArray argMax = probabilities.argMax(1);
        INDArray max = probabilities.max(1);
        int[] hist = new int[k];
        int confident = 0;
        for (int i = 0; i < n; i++) {
            hist[argMax.getInt(i)]++;
            confident += max.getDouble(i) >= confidence ? 1 : 0;
        }
        double entropy = 0;
        int present = 0;
        for (int h : hist) {
            double p = h / (double) n;
            if (h > 0) {
                entropy -= p * Math.log(p);
            }
            present += h > 0 && p >= minShare ? 1 : 0;
        }
        return new ClassCoverage(hist, n, present, entropy, confident / (double) n);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassCoverage c && Arrays.equals(histogram, c.histogram) && samples == c.samples
                && classesPresent == c.classesPresent && Double.compare(entropy, c.entropy) == 0
                && Double.compare(confidentFraction, c.confidentFraction) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(histogram) * 31 + samples;
    }

    @Override
    public String toString() {
        return String.format("ClassCoverage[present %d/%d, entropy %.3f (uniform %.3f), confident %.3f, histogram %s]",
                classesPresent, histogram.length, entropy, Math.log(histogram.length), confidentFraction,
                Arrays.toString(histogram));
    }
}
