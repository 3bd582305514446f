package org.gan4j.core.loss;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The discriminator losses of the semi-supervised GAN with K + 1 classes (Salimans et al. 2016,
 * "Improved Techniques for Training GANs"). D outputs K class logits {@code l(x)}, shape
 * {@code [n, K]}; the logit of the extra "generated" class is fixed at 0, so the probability that
 * an example is real is {@code D(x) = Z(x) / (Z(x) + 1)} with {@code Z(x) = sum_k exp(l_k(x))},
 * that is {@code D(x) = sigma(s(x))} with the real/fake score {@code s(x) = logsumexp(l(x))}.
 *
 * <ul>
 * <li>{@link #supervised}: cross-entropy of the softmax over the K logits against the labels,
 * {@code mean(logsumexp(l) - sum_k y_k l_k)}.</li>
 * <li>{@link #unsupervised}: {@code -mean log D(x_unlabelled) - mean log(1 - D(G(z)))}
 * {@code = mean softplus(-s(x_unlabelled)) + mean softplus(s(G(z)))}.</li>
 * </ul>
 *
 * <p>D's loss is {@code supervised + w * unsupervised} for a weight {@code w} (Salimans et al.'s
 * code uses 0.5). Everything is computed without overflow (max-shifted log-sum-exp, stable
 * softplus). Pure functions: inputs are not modified.
 */
public final class SemiSupervisedLoss {

    private SemiSupervisedLoss() {
    }

    /**
     * Cross-entropy over the K classes.
     *
     * @param logits class logits {@code [n, K]}, {@code n > 0}
     * @param labels targets of the same shape, one probability distribution per row (one-hot
     *     labels, typically)
     * @return the mean loss and {@code d/dlogits = (softmax(l) - y) / n}
     * @throws IllegalArgumentException for null or mismatched shapes, or rows of {@code labels} that
     *     are not distributions
     */
    public static ClassificationLoss supervised(INDArray logits, INDArray labels) {
        requireLogits(logits, "logits");
        if (labels == null || !Arrays.equals(labels.shape(), logits.shape())) {
            throw new IllegalArgumentException("labels must have the logits' shape " + Arrays.toString(logits.shape())
                    + ", got " + (labels == null ? "null" : Arrays.toString(labels.shape())));
        }
        INDArray y = labels.castTo(logits.dataType());
        INDArray rowSums = y.sum(1);
        if (y.minNumber().doubleValue() < 0 || Math.abs(rowSums.minNumber().doubleValue() - 1) > 1e-4
                || Math.abs(rowSums.maxNumber().doubleValue() - 1) > 1e-4) {
            throw new IllegalArgumentException("each row of labels must be a distribution over the "
                    + logits.size(1) + " classes (non-negative, summing to 1)");
        }
        long n = logits.size(0);
        double value = Losses.mean(logSumExp(logits).subi(logits.mul(y).sum(true, 1)));
        return new ClassificationLoss(value, softmax(logits).subi(y).divi(n));
    }

    /**
     * The real/fake cross-entropy through the implicit generated class.
     *
     * @param realLogits class logits of real (unlabelled) examples, {@code [n, K]}
     * @param fakeLogits class logits of generated examples, {@code [m, K]}
     * @return the loss {@code mean softplus(-s_real) + mean softplus(s_fake)} and its gradients
     *     {@code (sigma(s) - 1) softmax(l) / n} (real) and {@code sigma(s) softmax(l) / m} (fake),
     *     shaped like the logits
     * @throws IllegalArgumentException for null or malformed logits, or different class counts
     */
    public static DiscriminatorLoss unsupervised(INDArray realLogits, INDArray fakeLogits) {
        requireLogits(realLogits, "real logits");
        requireLogits(fakeLogits, "fake logits");
        if (realLogits.size(1) != fakeLogits.size(1)) {
            throw new IllegalArgumentException("real logits have " + realLogits.size(1) + " classes, fake logits "
                    + fakeLogits.size(1));
        }
        INDArray sReal = logSumExp(realLogits);
        INDArray sFake = logSumExp(fakeLogits);
        double value = Losses.mean(Losses.softplus(sReal.neg())) + Losses.mean(Losses.softplus(sFake));
        INDArray realGrad = softmax(realLogits)
                .muliColumnVector(Transforms.sigmoid(sReal, true).subi(1).divi(realLogits.size(0)));
        INDArray fakeGrad = softmax(fakeLogits)
                .muliColumnVector(Transforms.sigmoid(sFake, true).divi(fakeLogits.size(0)));
        return new DiscriminatorLoss(value, realGrad, fakeGrad);
    }

    /**
     * The real/fake score {@code s(x) = logsumexp_k l_k(x)}; {@code D(x) = sigma(s)}.
     *
     * @param logits class logits {@code [n, K]}
     * @return a new array {@code [n, 1]}
     * @throws IllegalArgumentException for null or malformed logits
     */
    public static INDArray realFakeScore(INDArray logits) {
        requireLogits(logits, "logits");
        return logSumExp(logits);
    }

    /**
     * Class probabilities given that the example is real: the softmax over the K logits.
     *
     * @param logits class logits {@code [n, K]}
     * @return a new array {@code [n, K]} whose rows sum to 1
     * @throws IllegalArgumentException for null or malformed logits
     */
    public static INDArray classProbabilities(INDArray logits) {
        requireLogits(logits, "logits");
        return softmax(logits);
    }

    private static INDArray logSumExp(INDArray logits) {
        INDArray max = logits.max(true, 1);
        INDArray sum = Transforms.exp(logits.subColumnVector(max), false).sum(true, 1);
        return Transforms.log(sum, false).addi(max);
    }

    private static INDArray softmax(INDArray logits) {
        INDArray e = Transforms.exp(logits.subColumnVector(logits.max(true, 1)), false);
        return e.diviColumnVector(e.sum(true, 1));
    }

    private static void requireLogits(INDArray logits, String name) {
        if (logits == null) {
            throw new IllegalArgumentException(name + " are null");
        }
        if (logits.rank() != 2 || logits.size(0) == 0 || logits.size(1) == 0) {
            throw new IllegalArgumentException(name + " must have shape [n, K] with n, K > 0, got "
                    + Arrays.toString(logits.shape()));
        }
        if (!logits.dataType().isFPType()) {
            throw new IllegalArgumentException(name + " must be floating point, got " + logits.dataType());
        }
    }
}
