/**
 * Checkpoint policy ({@link org.gan4j.core.checkpoint.CheckpointListener}: every N steps, keep the
 * last K, atomic writes) and output-directory checks.
 */
package org.gan4j.core.checkpoint;
