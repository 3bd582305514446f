package org.gan4j.core.loss;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A GAN loss as a pure function of the discriminator's raw scores: it returns the loss value and
 * its gradient with respect to the scores, never modifies its inputs, never logs and never steps
 * an optimizer.
 *
 * <p>Scores have shape {@code [n, 1]} (one raw, unbounded score per example). Values are means over
 * the batch; gradients are the exact derivatives of those means (so each entry carries a
 * {@code 1/n} factor).
 */
public interface AdversarialLoss {

    /**
     * The discriminator's loss.
     *
     * @param realScores D's scores on real examples, {@code [n, 1]}
     * @param fakeScores D's scores on generated examples, {@code [m, 1]}
     * @return value and gradients with respect to both score arrays
     */
    DiscriminatorLoss discriminator(INDArray realScores, INDArray fakeScores);

    /**
     * The generator's loss.
     *
     * @param fakeScores D's scores on generated examples, {@code [m, 1]}
     * @return value and gradient with respect to the scores
     */
    GeneratorLoss generator(INDArray fakeScores);

    /**
     * The mean of D's output as a user reads it: the mean probability of "real" for losses with a
     * probabilistic reading (sigmoid of the score), the mean raw score (critic value) otherwise.
     *
     * @param scores D's raw scores, {@code [n, 1]}
     * @return the mean, as a double
     */
    double meanOutput(INDArray scores);

    /** @return a short, stable description with all parameters, e.g. {@code non-saturating(realLabel=1.0)} */
    String describe();
}
