package org.gan4j.metrics;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Improved precision and recall for generative models (Kynkaanniemi et al. 2019): each set's
 * manifold is the union of balls around its embeddings with radius the distance to the k-th
 * nearest other embedding of the same set. Precision is the fraction of generated embeddings
 * inside the real manifold; recall the fraction of real embeddings inside the generated manifold.
 * Pairwise distances come from ND4J matrix products in float64, a block of rows at a time, so
 * memory stays at {@code block x n}.
 *
 * @param precision fraction of generated samples on the real manifold, in [0, 1]
 * @param recall fraction of real samples on the generated manifold, in [0, 1]
 */
public record PrecisionRecall(double precision, double recall) {

    private static final int BLOCK = 1024;

    /**
     * @param real real embeddings {@code [n1, d]}, n1 &gt; k
     * @param fake generated embeddings {@code [n2, d]}, n2 &gt; k
     * @param k neighbourhood size (3 in the paper), positive
     * @return precision and recall
     * @throws IllegalArgumentException for mismatched shapes or sets of at most k embeddings
     */
    public static PrecisionRecall of(INDArray real, INDArray fake, int k) {
        if (real == null || fake == null || real.rank() != 2 || fake.rank() != 2 || real.size(1) != fake.size(1)) {
            throw new IllegalArgumentException("embeddings must be [n1, d] and [n2, d], got "
                    + (real == null ? "null" : Arrays.toString(real.shape())) + " and "
                    + (fake == null ? "null" : Arrays.toString(fake.shape())));
        }
        if (k < 1 || real.size(0) <= k || fake.size(0) <= k) {
            throw new IllegalArgumentException("k must be positive and below both set sizes, got k = " + k
                    + " for " + real.size(0) + " and " + fake.size(0) + " embeddings");
        }
        INDArray r = real.castTo(DataType.DOUBLE);
        INDArray f = fake.castTo(DataType.DOUBLE);
        double[] realRadii = kthNeighbourDistances2(r, k);
        double[] fakeRadii = kthNeighbourDistances2(f, k);
        return new PrecisionRecall(coverage(f, r, realRadii), coverage(r, f, fakeRadii));
    }

    /** Squared distances, rows of a against rows of b: |a|^2 + |b|^2 - 2 a b^T, clamped at 0. */
    private static INDArray distances2(INDArray a, INDArray b, INDArray bNorms) {
        INDArray aNorms = a.mul(a).sum(true, 1);
        INDArray d = a.mmul(b.transpose()).muli(-2);
        d.addiColumnVector(aNorms).addiRowVector(bNorms);
        return d;
    }

    /** For each row, the squared distance to its k-th nearest other row of the same set. */
    private static double[] kthNeighbourDistances2(INDArray x, int k) {
        int n = (int) x.size(0);
        INDArray norms = x.mul(x).sum(true, 1).reshape(1, n);
        double[] radii = new double[n];
        for (int start = 0; start < n; start += BLOCK) {
            int end = Math.min(n, start + BLOCK);
            double[] block = distances2(x.get(NDArrayIndex.interval(start, end), NDArrayIndex.all()), x, norms)
                    .dup('c').data().asDouble();
            double[] best = new double[k + 1];
            for (int i = start; i < end; i++) {
                Arrays.fill(best, Double.POSITIVE_INFINITY);
                int base = (i - start) * n;
                for (int j = 0; j < n; j++) {
                    double v = j == i ? 0.0 : Math.max(block[base + j], 0.0);
                    if (v < best[k]) {
                        int p = k;
                        while (p > 0 && best[p - 1] > v) {
                            best[p] = best[p - 1];
                            p--;
                        }
                        best[p] = v;
                    }
                }
                radii[i] = best[k]; // best[0] is the row itself
            }
        }
        return radii;
    }

    /** Fraction of rows of q inside at least one ball (center row of c, squared radius). */
    private static double coverage(INDArray q, INDArray c, double[] radii2) {
        int n = (int) q.size(0);
        int m = (int) c.size(0);
        INDArray norms = c.mul(c).sum(true, 1).reshape(1, m);
        int inside = 0;
        for (int start = 0; start < n; start += BLOCK) {
            int end = Math.min(n, start + BLOCK);
            double[] block = distances2(q.get(NDArrayIndex.interval(start, end), NDArrayIndex.all()), c, norms)
                    .dup('c').data().asDouble();
            for (int i = 0; i < end - start; i++) {
                for (int j = 0; j < m; j++) {
                    if (block[i * m + j] <= radii2[j]) {
                        inside++;
                        break;
                    }
                }
            }
        }
        return inside / (double) n;
    }
}
