/**
 * Sample-quality measurements for generative models. So far: {@link org.gan4j.metrics.ClassCoverage},
 * the class-histogram mode-collapse signal computed from any classifier's probabilities.
 */
package org.gan4j.metrics;
