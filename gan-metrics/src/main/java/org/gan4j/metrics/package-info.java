/**
 * Sample-quality measurements for generative models: generic math over embeddings in float64 on
 * the active ND4J backend ({@link org.gan4j.metrics.EmbeddingStatistics} (streaming, mergeable,
 * saveable), {@link org.gan4j.metrics.FrechetDistance} (FID through checked symmetric
 * eigendecompositions), {@link org.gan4j.metrics.InceptionScore},
 * {@link org.gan4j.metrics.KernelInceptionDistance}, {@link org.gan4j.metrics.PrecisionRecall},
 * {@link org.gan4j.metrics.ClassCoverage}), the pluggable
 * {@link org.gan4j.metrics.FeatureExtractor} (any DL4J network:
 * {@link org.gan4j.metrics.NetworkFeatureExtractor}; the FID Inception network for natural images:
 * {@link org.gan4j.metrics.inception.FidInception}) and the in-training
 * {@link org.gan4j.metrics.MetricsListener}.
 */
package org.gan4j.metrics;
