package org.gan4j.examples;

import java.io.IOException;
import java.nio.file.Path;
import org.gan4j.core.data.ImageDataset;
import org.gan4j.metrics.Classifier;

/**
 * The training and test splits of one of the two datasets the bundled classifiers know.
 *
 * @param dataset {@code digits} or {@code fashion}
 * @param train the training images: bundled digits [0, 8000), or the 60,000 Fashion training images
 * @param test the held-out digits [8000, 10000), or the 10,000 Fashion test images
 */
record Splits(String dataset, ImageDataset train, ImageDataset test) {

    /** Where Debian's dataset-fashion-mnist package puts the Fashion-MNIST IDX files. */
    static final String FASHION_DIR = "/usr/share/datasets/fashion-mnist";

    /**
     * @param digits the 10,000 bundled digits
     * @return the project's fixed split: [0, 8000) for training, [8000, 10000) held out
     */
    static Splits digits(ImageDataset digits) {
        return new Splits("digits", digits.slice(0, 8000), digits.slice(8000, digits.size()));
    }

    /**
     * @param dataset {@code digits} or {@code fashion}
     * @param fashionDir directory of the Fashion-MNIST IDX files
     * @return the splits
     * @throws IOException when the Fashion files cannot be read
     * @throws IllegalArgumentException for another dataset name
     */
    static Splits load(String dataset, Path fashionDir) throws IOException {
        switch (dataset) {
            case "digits" -> {
                return digits(ImageDataset.bundledDigits());
            }
            case "fashion" -> {
                return new Splits(dataset,
                        ImageDataset.fromIdx(fashionDir.resolve("train-images-idx3-ubyte.gz"),
                                fashionDir.resolve("train-labels-idx1-ubyte.gz")),
                        ImageDataset.fromIdx(fashionDir.resolve("t10k-images-idx3-ubyte.gz"),
                                fashionDir.resolve("t10k-labels-idx1-ubyte.gz")));
            }
            default -> throw new IllegalArgumentException("--dataset must be digits or fashion, got '" + dataset
                    + "'");
        }
    }

    /** @return the bundled classifier for this dataset */
    Classifier classifier() {
        return dataset.equals("fashion") ? Classifier.fashion() : Classifier.digits();
    }
}
