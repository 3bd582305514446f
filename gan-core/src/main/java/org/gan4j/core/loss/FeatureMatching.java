package org.gan4j.core.loss;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Feature matching (Salimans et al. 2016, "Improved Techniques for Training GANs"): the generator
 * matches the batch mean of an intermediate discriminator activation {@code f} on real examples,
 * {@code L = || mean_batch f(x_real) - mean_batch f(G(z)) ||^2} (squared Euclidean norm over the
 * features). It works with any discriminator whose features can be computed, for example the
 * trunk of a {@link org.gan4j.core.net.SplitNetwork}. Pure function: inputs are not modified.
 */
public final class FeatureMatching {

    private FeatureMatching() {
    }

    /**
     * The loss and its gradient with respect to the fake features. The real features are treated
     * as constants (no gradient flows into them).
     *
     * @param realFeatures features of real examples, {@code [n, ...]} with {@code n > 0}
     * @param fakeFeatures features of generated examples, {@code [m, ...]} with {@code m > 0} and
     *     the same per-example shape as the real ones
     * @return the loss value and {@code dL/dfakeFeatures = 2 (mean_fake - mean_real) / m} for every
     *     row, shaped like {@code fakeFeatures}
     * @throws IllegalArgumentException when an input is null, empty, not floating point or the
     *     per-example shapes differ
     */
    public static GeneratorLoss loss(INDArray realFeatures, INDArray fakeFeatures) {
        INDArray real = rows(realFeatures, "real features");
        INDArray fake = rows(fakeFeatures, "fake features");
        if (!Arrays.equals(Arrays.copyOfRange(realFeatures.shape(), 1, realFeatures.rank()),
                Arrays.copyOfRange(fakeFeatures.shape(), 1, fakeFeatures.rank()))) {
            throw new IllegalArgumentException("real features " + Arrays.toString(realFeatures.shape())
                    + " and fake features " + Arrays.toString(fakeFeatures.shape()) + " differ per example");
        }
        INDArray diff = fake.mean(true, 0).subi(real.castTo(fake.dataType()).mean(true, 0));
        double value = diff.mul(diff).sumNumber().doubleValue();
        long m = fake.size(0);
        INDArray gradient = diff.muli(2.0 / m).repeat(0, m).reshape('c', fakeFeatures.shape());
        return new GeneratorLoss(value, gradient);
    }

    private static INDArray rows(INDArray features, String name) {
        if (features == null) {
            throw new IllegalArgumentException(name + " are null");
        }
        if (features.rank() < 2 || features.size(0) == 0 || features.length() == 0) {
            throw new IllegalArgumentException(name + " must have shape [n, ...] with n > 0, got "
                    + Arrays.toString(features.shape()));
        }
        if (!features.dataType().isFPType()) {
            throw new IllegalArgumentException(name + " must be floating point, got " + features.dataType());
        }
        long n = features.size(0);
        return features.reshape('c', n, features.length() / n);
    }
}
