package org.gan4j.models;

import static org.assertj.core.api.Assertions.assertThat;

import org.gan4j.core.data.ImageDataset;
import org.gan4j.core.data.LabelledSplit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The semi-supervised GAN learns from unlabelled digits: trained on the first 8,000 bundled digits
 * with only a few labels per class, its discriminator classifies the fixed held-out digits 8,000
 * to 9,999 clearly better than the same discriminator architecture trained on the labelled digits
 * alone for as many steps, with the same seed ({@link SemiSupervisedGan#mnistSupervisedOnly}).
 */
class SemiSupervisedDigitsTest {

    private static final ImageDataset DIGITS = ImageDataset.bundledDigits();
    private static final ImageDataset TEST = DIGITS.slice(8000, 10000);

    /** Held-out accuracies {semi-supervised, supervised only}. */
    private static double[] accuracies(int perClass, long steps, long seed) {
        LabelledSplit split = DIGITS.slice(0, 8000).labelledSplit(perClass, seed);
        long t0 = System.nanoTime();
        SemiSupervisedGan ssgan = SemiSupervisedGan.mnist(seed).build();
        ssgan.fit(split.labelled(), split.unlabelled(), steps);
        double semi = ssgan.accuracy(TEST);
        long t1 = System.nanoTime();
        SemiSupervisedGan supervised = SemiSupervisedGan.mnistSupervisedOnly(seed);
        supervised.fit(split.labelled(), split.unlabelled(), steps);
        double alone = supervised.accuracy(TEST);
        System.out.printf("%d labels per class, %d steps, seed %d: semi-supervised %.4f (%.0f s), "
                + "supervised only %.4f (%.0f s)%n", perClass, steps, seed, semi, (t1 - t0) / 1e9, alone,
                (System.nanoTime() - t1) / 1e9);
        return new double[] {semi, alone};
    }

    @Test
    void tenLabelsPerClassBeatSupervisedOnlyByTenPoints() {
        double[] a = accuracies(10, 600, 42);
        assertThat(a[0]).isGreaterThanOrEqualTo(a[1] + 0.10);
    }

    @Tag("slow")
    @Test
    void twentyAndFiftyLabelsPerClassBeatSupervisedOnly() {
        double[] twenty = accuracies(20, 2000, 42);
        assertThat(twenty[0]).isGreaterThanOrEqualTo(twenty[1] + 0.05);
        double[] fifty = accuracies(50, 2000, 42);
        assertThat(fifty[0]).isGreaterThanOrEqualTo(fifty[1] + 0.02);
    }
}
