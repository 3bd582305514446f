/**
 * Sample-quality measurements for generative models, generic math over embeddings in float64 on
 * the active ND4J backend: {@link org.gan4j.metrics.EmbeddingStatistics} (streaming, mergeable,
 * saveable), {@link org.gan4j.metrics.FrechetDistance} (FID through checked symmetric
 * eigendecompositions), {@link org.gan4j.metrics.InceptionScore},
 * {@link org.gan4j.metrics.KernelInceptionDistance}, {@link org.gan4j.metrics.PrecisionRecall} and
 * {@link org.gan4j.metrics.ClassCoverage}
 * (the class-histogram mode-collapse signal).
 */
package org.gan4j.metrics;
