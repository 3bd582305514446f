/**
 * Runnable programs: {@link org.gan4j.examples.TrainMlpGan} (the main job),
 * {@link org.gan4j.examples.TrainCgan} (conditional GAN, one grid row per digit),
 * {@link org.gan4j.examples.TrainSsgan} (semi-supervised digit classification with the
 * semi-supervised GAN), {@link org.gan4j.examples.CompareFamilies} (DCGAN against the MLP GAN at
 * the same wall-clock budget), {@link org.gan4j.examples.QuickStart} (the README example),
 * {@link org.gan4j.examples.Bench} (training throughput, for {@code bench/compare.sh}),
 * {@link org.gan4j.examples.TrainClassifier} (trains the classifiers gan-metrics bundles),
 * {@link org.gan4j.examples.Evaluate} (FID, KID, IS, class coverage and precision/recall of a
 * checkpoint's generator beside the real-vs-real floor) and {@link org.gan4j.examples.FidTiming}
 * (one FID's time, for {@code bench/fid_timing.sh}).
 */
package org.gan4j.examples;
