package org.gan4j.metrics;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * All sample-quality figures for one set of generated samples, next to the real-vs-real floor:
 * the same figures for real images that the generator never competed with, so a reader sees
 * how close to "as good as real data" the samples are under the same extractor and sample count.
 *
 * <p>Generated samples and floor images are each compared with the same reference set (for
 * example held-out or test images): the Frechet distance ({@link FrechetDistance}), KID
 * ({@link KernelInceptionDistance}, subsets of {@code min(1000, n)}), improved precision and
 * recall ({@link PrecisionRecall}, k = 3) and, when the extractor gives logits, the Inception
 * Score ({@link InceptionScore}, 10 splits) and {@link ClassCoverage} (a class is present with at
 * least 1% of samples; confident means a top probability of at least 0.9).
 */
public final class SampleReport {

    private SampleReport() {
    }

    /**
     * Measures generated samples and the real-vs-real floor.
     *
     * <p>Keys of the result, in order: {@code samples}, {@code reference_images}, {@code fid},
     * {@code fid_real_floor}, {@code kid}, {@code kid_std}, {@code kid_real_floor},
     * {@code kid_real_floor_std}, {@code precision}, {@code recall}, {@code precision_real_floor},
     * {@code recall_real_floor}; with logits also {@code inception_score},
     * {@code inception_score_std}, {@code inception_score_real_floor},
     * {@code inception_score_real_floor_std}, {@code classes_present}, {@code class_entropy}
     * (nats; log K for an even spread), {@code samples_confident_fraction} and
     * {@code predicted_class_histogram}.
     *
     * @param extractor embeds images (and gives logits for IS and coverage)
     * @param reference real images to compare with, {@code [m, ...]}, m &gt; 3
     * @param floor real images other than the reference (for example training images),
     *     {@code [n, ...]}, as many as samples
     * @param samples generated images, {@code [n, ...]}, n &gt; 3
     * @param kidSubsets number of KID subsets (100 in the usual protocol), positive
     * @param seed seed of the KID subsets
     * @return the figures by name (doubles, ints and an int array)
     * @throws IllegalArgumentException when a set is missing or too small, floor and samples differ
     *     in number, or kidSubsets is not positive
     */
    public static Map<String, Object> measure(FeatureExtractor extractor, INDArray reference, INDArray floor,
            INDArray samples, int kidSubsets, long seed) {
        if (extractor == null || reference == null || floor == null || samples == null) {
            throw new IllegalArgumentException("extractor, reference, floor and samples are all needed");
        }
        if (reference.size(0) <= 3 || samples.size(0) <= 3 || floor.size(0) != samples.size(0)) {
            throw new IllegalArgumentException("need more than 3 reference images and samples, and as many floor "
                    + "images as samples, got " + reference.size(0) + ", " + samples.size(0) + " and "
                    + floor.size(0));
        }
        if (kidSubsets < 1) {
            throw new IllegalArgumentException("kidSubsets must be positive, got " + kidSubsets);
        }
        FeatureExtractor.Features ref = extractor.extract(reference);
        FeatureExtractor.Features fake = extractor.extract(samples);
        FeatureExtractor.Features real = extractor.extract(floor);
        EmbeddingStatistics refStats = stats(ref);
        int subsetSize = (int) Math.min(1000, Math.min(reference.size(0), samples.size(0)));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("samples", (int) samples.size(0));
        m.put("reference_images", (int) reference.size(0));
        m.put("fid", FrechetDistance.between(refStats, stats(fake)));
        m.put("fid_real_floor", FrechetDistance.between(refStats, stats(real)));
        KernelInceptionDistance kid = KernelInceptionDistance.of(ref.embeddings(), fake.embeddings(), kidSubsets,
                subsetSize, seed);
        KernelInceptionDistance kidFloor = KernelInceptionDistance.of(ref.embeddings(), real.embeddings(), kidSubsets,
                subsetSize, seed);
        m.put("kid", kid.mean());
        m.put("kid_std", kid.std());
        m.put("kid_real_floor", kidFloor.mean());
        m.put("kid_real_floor_std", kidFloor.std());
        PrecisionRecall pr = PrecisionRecall.of(ref.embeddings(), fake.embeddings(), 3);
        PrecisionRecall prFloor = PrecisionRecall.of(ref.embeddings(), real.embeddings(), 3);
        m.put("precision", pr.precision());
        m.put("recall", pr.recall());
        m.put("precision_real_floor", prFloor.precision());
        m.put("recall_real_floor", prFloor.recall());
        if (fake.logits() != null) {
            InceptionScore is = InceptionScore.fromLogits(fake.logits(), 10);
            InceptionScore isFloor = InceptionScore.fromLogits(real.logits(), 10);
            m.put("inception_score", is.mean());
            m.put("inception_score_std", is.std());
            m.put("inception_score_real_floor", isFloor.mean());
            m.put("inception_score_real_floor_std", isFloor.std());
            ClassCoverage c = ClassCoverage.of(InceptionScore.softmax(fake.logits()), 0.01, 0.9);
            m.put("classes_present", c.classesPresent());
            m.put("class_entropy", c.entropy());
            m.put("samples_confident_fraction", c.confidentFraction());
            m.put("predicted_class_histogram", c.histogram());
        }
        return m;
    }

    private static EmbeddingStatistics stats(FeatureExtractor.Features f) {
        return new EmbeddingStatistics((int) f.embeddings().size(1)).add(f.embeddings().castTo(DataType.DOUBLE));
    }

    /**
     * A one-paragraph summary of a {@link #measure} result, for logs and consoles.
     *
     * @param report a result of {@link #measure}
     * @return e.g. {@code FID 16.2 (floor 1.7); KID 0.0123 +- 0.0011 (floor ...); ...}
     */
    public static String summary(Map<String, Object> report) {
        StringBuilder sb = new StringBuilder(String.format("%d samples: FID %.3f (real-vs-real floor %.3f); "
                + "KID %.5f +- %.5f (floor %.5f +- %.5f); precision %.3f, recall %.3f (floor %.3f, %.3f)",
                report.get("samples"), report.get("fid"), report.get("fid_real_floor"), report.get("kid"),
                report.get("kid_std"), report.get("kid_real_floor"), report.get("kid_real_floor_std"),
                report.get("precision"), report.get("recall"), report.get("precision_real_floor"),
                report.get("recall_real_floor")));
        if (report.containsKey("inception_score")) {
            sb.append(String.format("; IS %.3f +- %.3f (floor %.3f +- %.3f); %d classes present, entropy %.3f, "
                    + "confident %.3f, histogram %s", report.get("inception_score"), report.get("inception_score_std"),
                    report.get("inception_score_real_floor"), report.get("inception_score_real_floor_std"),
                    report.get("classes_present"), report.get("class_entropy"),
                    report.get("samples_confident_fraction"),
                    Arrays.toString((int[]) report.get("predicted_class_histogram"))));
        }
        return sb.toString();
    }
}
