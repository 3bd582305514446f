/**
 * Sample-quality measurements for generative models. So far: {@link org.gan4j.metrics.ClassCoverage},
 * the class-histogram mode-collapse signal computed from any classifier's probabilities, and
 * {@link org.gan4j.metrics.EmbeddingStatistics}, streaming and mergeable float64 embedding
 * statistics (the input of FID).
 */
package org.gan4j.metrics;
