/**
 * Ready GAN recipes: {@link org.gan4j.models.MlpGan} (the reference MLP GAN, optionally packed
 * with {@link org.gan4j.models.PackedNetwork}) and {@link org.gan4j.models.Dcgan} (the reference
 * DCGAN and a builder for other image sizes), both with optional class conditioning
 * ({@code withConditioning}), and the tricks {@link org.gan4j.models.GeneratorEma} (moving average
 * of G's weights for sampling) and {@link org.gan4j.models.HistoricalAveraging} (penalty towards
 * the average of past parameters).
 */
package org.gan4j.models;
