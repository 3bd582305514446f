package org.gan4j.examples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gan4j.core.Generator;
import org.gan4j.core.LatentSpace;
import org.gan4j.core.data.ImageDataset;
import org.gan4j.metrics.Classifier;
import org.gan4j.metrics.SampleReport;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sample-quality figures of a generator under the bundled classifier of its dataset
 * ({@link Classifier#digits()} or {@link Classifier#fashion()}): the classifier's accuracy on the
 * test split, then the {@link SampleReport} of n generated samples against the test split, beside
 * the real-vs-real floor (the first n training images against the same test split).
 */
final class SampleQuality {

    private static final Logger LOG = LoggerFactory.getLogger(SampleQuality.class);
    private static final int BATCH = 500;

    private SampleQuality() {
    }

    /**
     * @param generator the generator, producing {@code [n, 784]} or {@code [n, 1, 28, 28]} images
     * @param latent its latent space
     * @param splits the dataset's splits
     * @param n number of samples, more than 3 and at most the training split's size
     * @param kidSubsets number of KID subsets, positive
     * @param seed seed of the latent draws (batch k of {@value #BATCH} uses {@code seed + k}) and
     *     of the KID subsets
     * @return the classifier's name and test accuracy, then the {@link SampleReport} figures
     * @throws IllegalArgumentException when n is out of range
     */
    static Map<String, Object> evaluate(Generator generator, LatentSpace latent, Splits splits, int n,
            int kidSubsets, long seed) {
        checkCount(n, splits);
        List<INDArray> parts = new ArrayList<>();
        for (int s = 0, k = 0; s < n; s += BATCH, k++) {
            parts.add(generator.sample(Math.min(BATCH, n - s), latent, seed + k));
        }
        return measure(Nd4j.concat(0, parts.toArray(new INDArray[0])), splits, kidSubsets, seed);
    }

    /**
     * @param samples images in [-1, 1], {@code [n, 784]} or {@code [n, 1, 28, 28]}, more than 3
     *     and at most the training split's size
     * @param splits the dataset's splits
     * @param kidSubsets number of KID subsets, positive
     * @param seed seed of the KID subsets
     * @return the classifier's name and test accuracy, then the {@link SampleReport} figures
     * @throws IllegalArgumentException when the number of samples is out of range
     */
    static Map<String, Object> measure(INDArray samples, Splits splits, int kidSubsets, long seed) {
        int n = Math.toIntExact(samples.size(0));
        checkCount(n, splits);
        Classifier clf = splits.classifier();
        ImageDataset test = splits.test();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", splits.dataset());
        m.put("classifier", splits.dataset() + "-lenet (embedding: dense layer " + clf.embeddingLayer() + ", "
                + clf.embeddingSize() + "-d)");
        m.put("classifier_test_accuracy", clf.accuracy(test));
        m.put("reference_data", test.description());
        m.put("floor_data", splits.train().description() + ", first " + n);
        m.putAll(SampleReport.measure(clf, test.features(0, test.size(), ImageDataset.Layout.FLAT),
                splits.train().features(0, n, ImageDataset.Layout.FLAT), samples, kidSubsets, seed));
        LOG.info("sample quality ({} classifier, test accuracy {}): {}", splits.dataset(),
                String.format("%.4f", (double) m.get("classifier_test_accuracy")), SampleReport.summary(m));
        return m;
    }

    private static void checkCount(int n, Splits splits) {
        if (n <= 3 || n > splits.train().size()) {
            throw new IllegalArgumentException("number of samples must be in 4.." + splits.train().size() + ", got "
                    + n);
        }
    }
}
