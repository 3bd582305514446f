package org.gan4j.core.loss;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Value of a generator loss and its gradient.
 *
 * @param value the loss (mean over the batch)
 * @param fakeGradient d value / d fakeScores, shape of the fake scores
 */
public record GeneratorLoss(double value, INDArray fakeGradient) {
}
