/**
 * Adversarial losses as pure functions of the discriminator's raw scores, returning value and
 * gradient: {@link org.gan4j.core.loss.Losses}.
 */
package org.gan4j.core.loss;
