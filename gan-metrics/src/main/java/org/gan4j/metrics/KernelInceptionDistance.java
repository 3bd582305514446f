package org.gan4j.metrics;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Kernel Inception Distance (Binkowski et al. 2018): the unbiased estimate of MMD^2 with the cubic
 * polynomial kernel {@code k(x, y) = (x.y / d + 1)^3}, averaged over random subsets, in float64 on
 * the active backend. With {@code m} the subset size:
 * {@code MMD^2 = sum_{i!=j} k(x_i,x_j)/(m(m-1)) + sum_{i!=j} k(y_i,y_j)/(m(m-1)) - 2 sum k(x_i,y_j)/m^2}.
 *
 * @param mean mean over the subsets
 * @param std population standard deviation over the subsets
 */
public record KernelInceptionDistance(double mean, double std) {

    /**
     * KID with the usual protocol: 100 subsets of 1,000 (or of {@code min(n1, n2)} when smaller),
     * each drawn without replacement with a generator seeded by {@code seed}.
     *
     * @param x first embeddings {@code [n1, d]}
     * @param y second embeddings {@code [n2, d]}
     * @param seed subset seed
     * @return mean and standard deviation over the subsets
     */
    public static KernelInceptionDistance of(INDArray x, INDArray y, long seed) {
        int m = (int) Math.min(1000, Math.min(x.size(0), y.size(0)));
        return of(x, y, 100, m, seed);
    }

    /**
     * @param x first embeddings {@code [n1, d]}
     * @param y second embeddings {@code [n2, d]}
     * @param subsets number of subsets, positive
     * @param subsetSize examples per subset, 2..min(n1, n2)
     * @param seed subset seed
     * @return mean and standard deviation over the subsets
     */
    public static KernelInceptionDistance of(INDArray x, INDArray y, int subsets, int subsetSize, long seed) {
        if (x == null || y == null || x.rank() != 2 || y.rank() != 2 || x.size(1) != y.size(1)) {
            throw new IllegalArgumentException("embeddings must be [n1, d] and [n2, d], got "
                    + (x == null ? "null" : Arrays.toString(x.shape())) + " and "
                    + (y == null ? "null" : Arrays.toString(y.shape())));
        }
        if (subsets < 1) {
            throw new IllegalArgumentException("subsets must be positive, got " + subsets);
        }
        if (subsetSize < 2 || subsetSize > Math.min(x.size(0), y.size(0))) {
            throw new IllegalArgumentException("subset size must be in 2.." + Math.min(x.size(0), y.size(0))
                    + ", got " + subsetSize);
        }
        INDArray xd = x.castTo(DataType.DOUBLE);
        INDArray yd = y.castTo(DataType.DOUBLE);
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] values = new double[subsets];
        for (int s = 0; s < subsets; s++) {
            INDArray xs = subset(xd, subsetSize, rnd);
            INDArray ys = subset(yd, subsetSize, rnd);
            values[s] = mmd2(xs, ys);
        }
        double mean = Arrays.stream(values).average().orElse(Double.NaN);
        double var = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / subsets;
        return new KernelInceptionDistance(mean, Math.sqrt(var));
    }

    private static INDArray subset(INDArray a, int m, SplittableRandom rnd) {
        int n = (int) a.size(0);
        if (m == n) {
            return a;
        }
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        for (int i = 0; i < m; i++) {
            int j = i + rnd.nextInt(n - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        return a.getRows(Arrays.copyOf(idx, m));
    }

    /** Unbiased MMD^2 of two equally sized sets. */
    static double mmd2(INDArray x, INDArray y) {
        double m = x.size(0);
        double d = x.size(1);
        INDArray kxx = Transforms.pow(x.mmul(x.transpose()).divi(d).addi(1), 3, false);
        INDArray kyy = Transforms.pow(y.mmul(y.transpose()).divi(d).addi(1), 3, false);
        INDArray kxy = Transforms.pow(x.mmul(y.transpose()).divi(d).addi(1), 3, false);
        double sxx = kxx.sumNumber().doubleValue() - Nd4j.diag(kxx).sumNumber().doubleValue();
        double syy = kyy.sumNumber().doubleValue() - Nd4j.diag(kyy).sumNumber().doubleValue();
        return sxx / (m * (m - 1)) + syy / (m * (m - 1)) - 2 * kxy.sumNumber().doubleValue() / (m * m);
    }
}
