package org.gan4j.metrics;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Inception Score (Salimans et al. 2016) from class probabilities or logits, in float64 on the
 * active backend: for each split, {@code exp(mean_x KL(p(y|x) || p(y)))} with {@code p(y)} the
 * split's mean prediction; the result is the mean and the (population) standard deviation over the
 * splits. Splits are consecutive runs of rows in the given order: split {@code i} of {@code s} is
 * rows {@code [i*n/s, (i+1)*n/s)}, as in the original implementation; shuffle beforehand if the
 * order carries meaning.
 *
 * @param mean mean score over the splits
 * @param std standard deviation over the splits
 */
public record InceptionScore(double mean, double std) {

    /**
     * @param logits classifier logits {@code [n, K]}; a softmax turns them into probabilities
     * @param splits number of splits (10 is the convention), 1..n
     * @return the score
     */
    public static InceptionScore fromLogits(INDArray logits, int splits) {
        check(logits, splits);
        return fromProbabilities(softmax(logits), splits);
    }

    /** Row-wise softmax in float64 (max-shifted), into a new array. */
    static INDArray softmax(INDArray logits) {
        INDArray z = logits.castTo(DataType.DOUBLE);
        INDArray e = Transforms.exp(z.subColumnVector(z.max(true, 1)), false);
        return e.diviColumnVector(e.sum(true, 1));
    }

    /**
     * @param probabilities class probabilities {@code [n, K]}, rows summing to 1
     * @param splits number of splits (10 is the convention), 1..n
     * @return the score
     */
    public static InceptionScore fromProbabilities(INDArray probabilities, int splits) {
        check(probabilities, splits);
        INDArray p = probabilities.castTo(DataType.DOUBLE);
        long n = p.size(0);
        double[] scores = new double[splits];
        for (int i = 0; i < splits; i++) {
            INDArray part = p.get(NDArrayIndex.interval(i * n / splits, (i + 1) * n / splits), NDArrayIndex.all());
            INDArray py = part.mean(true, 0);
            // sum p log p - sum p log p(y), with 0 log 0 = 0
            INDArray logP = Transforms.log(Transforms.max(part, Double.MIN_NORMAL, true), false);
            INDArray logPy = Transforms.log(Transforms.max(py, Double.MIN_NORMAL, true), false);
            INDArray kl = part.mul(logP.subRowVector(logPy)).sum(1);
            scores[i] = Math.exp(kl.meanNumber().doubleValue());
        }
        double mean = Arrays.stream(scores).average().orElse(Double.NaN);
        double var = Arrays.stream(scores).map(s -> (s - mean) * (s - mean)).sum() / splits;
        return new InceptionScore(mean, Math.sqrt(var));
    }

    private static void check(INDArray a, int splits) {
        if (a == null || a.rank() != 2 || a.size(0) == 0 || a.size(1) < 2) {
            throw new IllegalArgumentException("expected [n, K] with n > 0 and K > 1, got "
                    + (a == null ? "null" : Arrays.toString(a.shape())));
        }
        if (splits < 1 || splits > a.size(0)) {
            throw new IllegalArgumentException("splits must be in 1.." + a.size(0) + ", got " + splits);
        }
    }
}
