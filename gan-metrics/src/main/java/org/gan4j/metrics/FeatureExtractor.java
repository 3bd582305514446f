package org.gan4j.metrics;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Turns images into embeddings (for FID, KID, precision/recall) and, optionally, class logits
 * (for the Inception Score and class coverage). Implementations batch internally as they see fit.
 */
public interface FeatureExtractor {

    /** @return the embedding size d */
    int embeddingSize();

    /**
     * @param images a batch in the layout the extractor's network takes, {@code [n, ...]}
     * @return embeddings {@code [n, d]} and logits {@code [n, K]} (or null when the extractor has none)
     */
    Features extract(INDArray images);

    /**
     * What an extractor returns for a batch.
     *
     * @param embeddings {@code [n, d]}
     * @param logits {@code [n, K]}, or null
     */
    record Features(INDArray embeddings, INDArray logits) {
    }
}
