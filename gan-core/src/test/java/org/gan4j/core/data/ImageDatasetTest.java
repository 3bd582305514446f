package org.gan4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

class ImageDatasetTest {

    static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    @Test
    void bundledDigitsHaveTheDocumentedCountsAndRange() {
        ImageDataset d = ImageDataset.bundledDigits();
        assertThat(d.size()).isEqualTo(10_000);
        assertThat(d.height()).isEqualTo(28);
        assertThat(d.numClasses()).isEqualTo(10);
        int[] counts = new int[10];
        for (int i = 0; i < d.size(); i++) {
            counts[d.label(i)]++;
        }
        assertThat(counts).containsExactly(1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978);
        INDArray x = d.features(new int[] {0, 1, 2}, ImageDataset.Layout.NCHW);
        assertThat(x.shape()).containsExactly(3, 1, 28, 28);
        assertThat(x.minNumber().doubleValue()).isEqualTo(-1.0);
        assertThat(x.maxNumber().doubleValue()).isEqualTo(1.0);
        assertThat(d.features(0, 3, ImageDataset.Layout.NCHW)).isEqualTo(x);
        assertThatThrownBy(() -> d.features(5, 5, ImageDataset.Layout.FLAT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[5, 5)");
        assertThatThrownBy(() -> d.slice(9_000, 10_001)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10001");
    }

    @Test
    void shuffleIsAFunctionOfSeedAndEpoch() {
        ImageDataset d = ImageDataset.bundledDigits().slice(0, 50);
        ShuffledImageIterator a = d.iterator(16, ImageDataset.Layout.FLAT, 1);
        ShuffledImageIterator b = d.iterator(16, ImageDataset.Layout.FLAT, 1);
        ShuffledImageIterator c = d.iterator(16, ImageDataset.Layout.FLAT, 2);
        DataSet first = a.next();
        assertThat(first.getFeatures()).isEqualTo(b.next().getFeatures());
        assertThat(first.getFeatures()).isNotEqualTo(c.next().getFeatures());
        a.startEpoch(3);
        b.startEpoch(3);
        assertThat(a.next().getFeatures()).isEqualTo(b.next().getFeatures());
        int batches = 0;
        long examples = 0;
        a.startEpoch(0);
        while (a.hasNext()) {
            examples += a.next().numExamples();
            batches++;
        }
        assertThat(batches).isEqualTo(4);
        assertThat(examples).isEqualTo(50);
    }

    @Test
    void readsRawAndGzipIdxAndRejectsTruncatedFiles(@TempDir Path dir) throws IOException {
        // [2, 2, 2] images: 8 values
        byte[] images = new byte[] {0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2, 0, (byte) 255, 127, 1, 2, 3, 4, 5};
        byte[] labels = {0, 0, 8, 1, 0, 0, 0, 2, 3, 7};
        Path raw = dir.resolve("img-idx3-ubyte");
        Files.write(raw, images);
        Path gz = dir.resolve("lab-idx1-ubyte.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(labels);
        }
        ImageDataset d = ImageDataset.fromIdx(raw, gz);
        assertThat(d.size()).isEqualTo(2);
        assertThat(d.label(1)).isEqualTo(7);
        INDArray x = d.features(new int[] {0}, ImageDataset.Layout.FLAT);
        assertThat(x.getDouble(0, 0)).isEqualTo(-1.0);
        assertThat(x.getDouble(0, 1)).isEqualTo(1.0);
        Path cut = dir.resolve("cut-idx3-ubyte");
        Files.write(cut, java.util.Arrays.copyOf(images, 20));
        assertThatThrownBy(() -> ImageDataset.fromIdx(cut, gz)).isInstanceOf(IOException.class)
                .hasMessageContaining(cut.toString()).hasMessageContaining("truncated");
        Path wrong = dir.resolve("wrong");
        Files.write(wrong, new byte[] {0, 0, 8, 1, 0, 0, 0, 3, 1, 2, 3});
        assertThatThrownBy(() -> ImageDataset.fromIdx(raw, wrong)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 images");
    }

    /** Fashion-MNIST from Debian's dataset-fashion-mnist package (installed by .ci/run). */
    @Test
    void loadsFashionMnist() throws IOException {
        assumeTrue(Files.isDirectory(FASHION), "Debian package dataset-fashion-mnist is not installed");
        ImageDataset test = ImageDataset.fromIdx(FASHION.resolve("t10k-images-idx3-ubyte.gz"),
                FASHION.resolve("t10k-labels-idx1-ubyte.gz"));
        assertThat(test.size()).isEqualTo(10_000);
        assertThat(test.numClasses()).isEqualTo(10);
        ImageDataset train = ImageDataset.fromIdx(FASHION.resolve("train-images-idx3-ubyte.gz"),
                FASHION.resolve("train-labels-idx1-ubyte.gz"));
        assertThat(train.size()).isEqualTo(60_000);
        assertThat(train.height()).isEqualTo(28);
    }
}
