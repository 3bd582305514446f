/**
 * Runnable programs: {@link org.gan4j.examples.TrainMlpGan} (the main job),
 * {@link org.gan4j.examples.QuickStart} (the README example), {@link org.gan4j.examples.Bench}
 * (training throughput, for {@code bench/compare.sh}), {@link org.gan4j.examples.TrainClassifier}
 * (trains the classifiers gan-metrics bundles), {@link org.gan4j.examples.Evaluate} (FID, KID,
 * IS, class coverage and precision/recall of a checkpoint's generator beside the real-vs-real
 * floor) and {@link org.gan4j.examples.FidTiming} (one FID's time, for
 * {@code bench/fid_timing.sh}).
 */
package org.gan4j.examples;
