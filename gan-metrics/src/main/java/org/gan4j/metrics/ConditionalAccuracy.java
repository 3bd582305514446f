package org.gan4j.metrics;

import java.util.Arrays;

/**
 * How often a conditional generator produces the class it was asked for, as judged by a
 * classifier: overall and per-class fractions of samples whose predicted class equals the
 * requested one.
 *
 * @param overall fraction of all samples predicted as their requested class, in [0, 1]
 * @param perClass per requested class, the fraction predicted as that class (NaN for a class
 *     never requested)
 * @param samples number of samples judged
 */
public record ConditionalAccuracy(double overall, double[] perClass, int samples) {

    /**
     * @param requested the class each sample was generated for, each in {@code [0, numClasses)}
     * @param predicted the classifier's prediction for each sample, same length
     * @param numClasses number of classes, at least 2
     * @return the accuracy
     * @throws IllegalArgumentException for empty or mismatched arrays or a class out of range
     */
    public static ConditionalAccuracy of(int[] requested, int[] predicted, int numClasses) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("number of classes must be at least 2, got " + numClasses);
        }
        if (requested == null || predicted == null || requested.length == 0 || requested.length != predicted.length) {
            throw new IllegalArgumentException("requested and predicted classes must be non-empty and of equal length, got "
                    + (requested == null ? "null" : requested.length) + " and "
                    + (predicted == null ? "null" : predicted.length));
        }
        int[] asked = new int[numClasses];
        int[] hit = new int[numClasses];
        int total = 0;
        for (int i = 0; i < requested.length; i++) {
            int r = requested[i];
            if (r < 0 || r >= numClasses) {
                throw new IllegalArgumentException("requested class " + r + " at position " + i + " is outside [0, "
                        + numClasses + ")");
            }
            asked[r]++;
            if (predicted[i] == r) {
                hit[r]++;
                total++;
            }
        }
        double[] per = new double[numClasses];
        for (int k = 0; k < numClasses; k++) {
            per[k] = asked[k] == 0 ? Double.NaN : hit[k] / (double) asked[k];
        }
        return new ConditionalAccuracy(total / (double) requested.length, per, requested.length);
    }

    /** @return the lowest per-class accuracy among requested classes */
    public double worstClass() {
        return Arrays.stream(perClass).filter(v -> !Double.isNaN(v)).min().orElse(Double.NaN);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format("conditional accuracy %.3f over %d samples; per class [",
                overall, samples));
        for (int k = 0; k < perClass.length; k++) {
            sb.append(k == 0 ? "" : ", ").append(String.format("%.2f", perClass[k]));
        }
        return sb.append(']').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConditionalAccuracy c && c.overall == overall && c.samples == samples
                && Arrays.equals(c.perClass, perClass);
    }

    @Override
    public int hashCode() {
        return Double.hashCode(overall) * 31 + Arrays.hashCode(perClass);
    }
}
