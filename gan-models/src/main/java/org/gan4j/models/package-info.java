/**
 * Ready GAN recipes: {@link org.gan4j.models.MlpGan} (the reference MLP GAN, optionally packed
 * with {@link org.gan4j.models.PackedNetwork}) and {@link org.gan4j.models.Dcgan} (the reference
 * DCGAN and a builder for other image sizes), both with optional class conditioning
 * ({@code withConditioning}); {@link org.gan4j.models.SemiSupervisedGan} (the semi-supervised GAN:
 * a K + 1-class discriminator and feature matching); and the tricks
 * {@link org.gan4j.models.GeneratorEma} (moving average of G's weights for sampling) and
 * {@link org.gan4j.models.HistoricalAveraging} (penalty towards the average of past parameters).
 * Discriminator layers are in {@link org.gan4j.models.layers}.
 */
package org.gan4j.models;
