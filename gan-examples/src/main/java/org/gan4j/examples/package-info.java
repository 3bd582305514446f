/**
 * Runnable programs: {@link org.gan4j.examples.TrainMlpGan} (the main job),
 * {@link org.gan4j.examples.TrainSsgan} (semi-supervised digit classification with the
 * semi-supervised GAN),
 * {@link org.gan4j.examples.QuickStart} (the README example) and {@link org.gan4j.examples.Bench}
 * (training throughput, for {@code bench/compare.sh}).
 */
package org.gan4j.examples;
