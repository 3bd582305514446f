package org.gan4j.core.loss;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Value of a discriminator loss and its gradients.
 *
 * @param value the loss (mean over the batch)
 * @param realGradient d value / d realScores, shape of the real scores
 * @param fakeGradient d value / d fakeScores, shape of the fake scores
 */
public record DiscriminatorLoss(double value, INDArray realGradient, INDArray fakeGradient) {
}
