package org.gan4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gan4j.core.data.ImageDataset;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class ClassifierTest {

    static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    @Test
    void bundledDigitClassifierReachesItsStatedHeldOutAccuracy() {
        Classifier c = Classifier.digits();
        ImageDataset heldOut = ImageDataset.bundledDigits().slice(8000, 10000);
        double accuracy = c.accuracy(heldOut);
        assertThat(accuracy).isGreaterThanOrEqualTo(0.985);
        assertThat(accuracy).isCloseTo(((Number) c.provenance().get("test_accuracy")).doubleValue(), within(1e-9));
        assertThat(c.provenance().get("train_data").toString()).contains("[0, 8000)");
        assertThat(c.embeddingSize()).isEqualTo(256);
        assertThat(c.embeddingLayer()).isEqualTo(8);

        // flat and NCHW images give the same features; logits are log probabilities
        INDArray flat = heldOut.features(0, 7, ImageDataset.Layout.FLAT);
        FeatureExtractor.Features f = c.extract(flat);
        FeatureExtractor.Features g = c.extract(heldOut.features(0, 7, ImageDataset.Layout.NCHW));
        assertThat(f.embeddings().shape()).containsExactly(7, 256);
        assertThat(f.logits().shape()).containsExactly(7, 10);
        assertThat(f.embeddings()).isEqualTo(g.embeddings());
        INDArray sums = Transforms.exp(f.logits(), true).sum(1);
        for (int i = 0; i < 7; i++) {
            assertThat(sums.getDouble(i)).isCloseTo(1.0, within(1e-5));
        }
        // more than one batch: the same predictions as image by image
        int[] all = c.predict(heldOut.features(0, Classifier.BATCH + 3, ImageDataset.Layout.FLAT));
        assertThat(all).hasSize(Classifier.BATCH + 3);
        assertThat(all[Classifier.BATCH + 2]).isEqualTo(
                c.predict(heldOut.features(Classifier.BATCH + 2, Classifier.BATCH + 3, ImageDataset.Layout.FLAT))[0]);
    }

    @Test
    void bundledFashionClassifierReachesItsStatedTestAccuracy() throws IOException {
        assumeTrue(Files.isDirectory(FASHION), "Debian package dataset-fashion-mnist is not installed");
        ImageDataset test = ImageDataset.fromIdx(FASHION.resolve("t10k-images-idx3-ubyte.gz"),
                FASHION.resolve("t10k-labels-idx1-ubyte.gz"));
        Classifier c = Classifier.fashion();
        double accuracy = c.accuracy(test);
        assertThat(accuracy).isGreaterThanOrEqualTo(0.90);
        assertThat(accuracy).isCloseTo(((Number) c.provenance().get("test_accuracy")).doubleValue(), within(1e-9));
        assertThat(((Number) c.provenance().get("train_images")).intValue()).isEqualTo(60000);
    }

    @Test
    void badNetworksAndImagesAreNamed() {
        assertThatThrownBy(() -> Classifier.of(MetricsListenerTest.dense(1, 784, 8, 10, Activation.SOFTMAX), 784))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("softmax output layer");
        Classifier c = Classifier.digits();
        assertThatThrownBy(() -> c.extract(Nd4j.zeros(2, 100))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[2, 100]");
    }
}
