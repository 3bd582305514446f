/**
 * Ready GAN recipes: {@link org.gan4j.models.MlpGan} (the reference MLP GAN, optionally packed
 * with {@link org.gan4j.models.PackedNetwork}).
 */
package org.gan4j.models;
