/**
 * Ready GAN recipes: {@link org.gan4j.models.MlpGan} (the reference MLP GAN, optionally packed
 * with {@link org.gan4j.models.PackedNetwork}), {@link org.gan4j.models.Dcgan} (the reference
 * DCGAN and a builder for other image sizes) and {@link org.gan4j.models.SemiSupervisedGan} (the
 * semi-supervised GAN: a K + 1-class discriminator and feature matching), and the trick
 * {@link org.gan4j.models.GeneratorEma} (moving average of G's weights for sampling).
 */
package org.gan4j.models;
