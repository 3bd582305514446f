/**
 * Regularisers of the discriminator that act through its parameters' gradient, added to D's
 * adversarial loss in each discriminator update: gradient penalties (R1, WGAN-GP) through an
 * exact-to-second-order finite-difference Hessian-vector product (see {@link
 * org.gan4j.core.penalty.GradientPenalty}). Install one with
 * {@code GanTrainer.builder().discriminatorPenalty(...)}.
 */
package org.gan4j.core.penalty;
