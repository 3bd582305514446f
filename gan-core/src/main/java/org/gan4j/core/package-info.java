/**
 * The gan4j engine: {@link org.gan4j.core.Generator} and {@link org.gan4j.core.Discriminator} over
 * any network, {@link org.gan4j.core.GanTrainer} (builder, step primitives and the training loop),
 * {@link org.gan4j.core.LatentSpace}, {@link org.gan4j.core.Conditioning} (conditional GANs), run
 * state, results and {@link org.gan4j.core.Provenance}.
 */
package org.gan4j.core;
