/**
 * Losses as pure functions returning value and gradient: the adversarial losses of the
 * discriminator's raw scores ({@link org.gan4j.core.loss.Losses}), feature matching on an
 * intermediate discriminator activation ({@link org.gan4j.core.loss.FeatureMatching}) and the
 * K + 1-class semi-supervised discriminator losses ({@link org.gan4j.core.loss.SemiSupervisedLoss}).
 */
package org.gan4j.core.loss;
