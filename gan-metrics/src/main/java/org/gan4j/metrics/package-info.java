/**
 * Sample-quality measurements for generative models: generic math over embeddings in float64 on
 * the active ND4J backend ({@link org.gan4j.metrics.EmbeddingStatistics} (streaming, mergeable,
 * saveable), {@link org.gan4j.metrics.FrechetDistance} (FID through checked symmetric
 * eigendecompositions), {@link org.gan4j.metrics.InceptionScore},
 * {@link org.gan4j.metrics.KernelInceptionDistance}, {@link org.gan4j.metrics.PrecisionRecall},
 * {@link org.gan4j.metrics.ClassCoverage}), the pluggable
 * {@link org.gan4j.metrics.FeatureExtractor} (any DL4J network:
 * {@link org.gan4j.metrics.NetworkFeatureExtractor}; a classifier ending in a dense and a softmax
 * layer: {@link org.gan4j.metrics.Classifier}, with bundled trained ones for digits and
 * Fashion-MNIST; the FID Inception network for natural images:
 * {@link org.gan4j.metrics.inception.FidInception}), all figures at once beside the real-vs-real
 * floor ({@link org.gan4j.metrics.SampleReport}), {@link org.gan4j.metrics.ConditionalAccuracy}
 * for conditional generators, and the in-training
 * {@link org.gan4j.metrics.MetricsListener}.
 */
package org.gan4j.metrics;
