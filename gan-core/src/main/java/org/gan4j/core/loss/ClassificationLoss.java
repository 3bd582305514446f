package org.gan4j.core.loss;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Value of a classification loss and its gradient.
 *
 * @param value the loss (mean over the batch)
 * @param gradient d value / d logits, shape of the logits {@code [n, K]}
 */
public record ClassificationLoss(double value, INDArray gradient) {
}
