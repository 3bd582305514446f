package org.gan4j.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Grayscale images with integer labels in memory, pixels scaled to [-1, 1] (0 -&gt; -1, 255 -&gt; 1),
 * float32. Immutable. Make batches with {@link #iterator}.
 */
public final class ImageDataset {

    private final float[] pixels;
    private final int[] labels;
    private final int count;
    private final int height;
    private final int width;
    private final int numClasses;
    private final String description;

    private ImageDataset(float[] pixels, int[] labels, int count, int height, int width, String description) {
        this.pixels = pixels;
        this.labels = labels;
        this.count = count;
        this.height = height;
        this.width = width;
        int max = 0;
        for (int l : labels) {
            max = Math.max(max, l);
        }
        this.numClasses = max + 1;
        this.description = description;
    }

    /**
     * Loads an IDX image file and its IDX label file (raw or gzip), e.g. MNIST or Fashion-MNIST.
     *
     * @param images IDX file of shape {@code [n, h, w]}
     * @param labels IDX file of shape {@code [n]}
     * @return the dataset
     * @throws IOException when a file cannot be read or is malformed
     * @throws IllegalArgumentException when the files do not belong together
     */
    public static ImageDataset fromIdx(Path images, Path labels) throws IOException {
        return of(IdxFile.read(images), IdxFile.read(labels), images + " + " + labels.getFileName());
    }

    /**
     * The 10,000 MNIST digits bundled with gan4j (28x28, labels 0-9, all classes in any prefix).
     *
     * @return the dataset
     */
    public static ImageDataset bundledDigits() {
        String base = "/org/gan4j/core/data/digits/";
        try (InputStream img = ImageDataset.class.getResourceAsStream(base + "images-idx3-ubyte.gz");
                InputStream lab = ImageDataset.class.getResourceAsStream(base + "labels-idx1-ubyte.gz")) {
            if (img == null || lab == null) {
                throw new IllegalStateException("bundled digits missing from the gan4j-core jar");
            }
            return of(IdxFile.read(img, "bundled digit images"), IdxFile.read(lab, "bundled digit labels"),
                    "bundled MNIST digits (10,000, 28x28)");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundled digits", e);
        }
    }

    static ImageDataset of(IdxFile images, IdxFile labels, String description) {
        int[] d = images.dims();
        if (d.length != 3) {
            throw new IllegalArgumentException("image file must have 3 dimensions [n, h, w], got "
                    + java.util.Arrays.toString(d));
        }
        if (labels.dims().length != 1 || labels.count() != images.count()) {
            throw new IllegalArgumentException("label file has shape " + java.util.Arrays.toString(labels.dims())
                    + " but there are " + images.count() + " images");
        }
        int n = d[0];
        int size = d[1] * d[2];
        float[] px = new float[n * size];
        for (int i = 0; i < px.length; i++) {
            px[i] = images.unsigned(i) / 127.5f - 1f;
        }
        int[] lab = new int[n];
        for (int i = 0; i < n; i++) {
            lab[i] = labels.unsigned(i);
        }
        return new ImageDataset(px, lab, n, d[1], d[2], description);
    }

    /** @return number of images */
    public int size() {
        return count;
    }

    /** @return image height in pixels */
    public int height() {
        return height;
    }

    /** @return image width in pixels */
    public int width() {
        return width;
    }

    /** @return 1 + the largest label */
    public int numClasses() {
        return numClasses;
    }

    /** @return where the data came from */
    public String description() {
        return description;
    }

    /**
     * @param i image index
     * @return its label
     */
    public int label(int i) {
        return labels[i];
    }

    /**
     * The images {@code from} (inclusive) to {@code to} (exclusive) as a new dataset.
     *
     * @param from first index
     * @param to end index (exclusive)
     * @return the slice
     */
    public ImageDataset slice(int from, int to) {
        checkRange(from, to);
        int size = height * width;
        float[] px = java.util.Arrays.copyOfRange(pixels, from * size, to * size);
        return new ImageDataset(px, java.util.Arrays.copyOfRange(labels, from, to), to - from, height, width,
                description + " [" + from + ", " + to + ")");
    }

    /**
     * Picks {@code perClass} images of every class at random (reproducibly from the seed) as the
     * labelled set and leaves all others as the unlabelled set, for semi-supervised learning. Both
     * keep the order of this dataset. The unlabelled set still carries its labels (for
     * evaluation); a semi-supervised learner reads only its images.
     *
     * @param perClass labelled images per class, positive
     * @param seed the seed of the pick: the same seed picks the same images
     * @return the labelled ({@code perClass * numClasses()} images) and unlabelled subsets
     * @throws IllegalArgumentException when perClass is not positive, a class has fewer than
     *     {@code perClass} images (the message names it), or no image would stay unlabelled
     */
    public LabelledSplit labelledSplit(int perClass, long seed) {
        if (perClass <= 0) {
            throw new IllegalArgumentException("labelled images per class must be positive, got " + perClass);
        }
        java.util.List<java.util.List<Integer>> byClass = new java.util.ArrayList<>();
        for (int c = 0; c < numClasses; c++) {
            byClass.add(new java.util.ArrayList<>());
        }
        for (int i = 0; i < count; i++) {
            byClass.get(labels[i]).add(i);
        }
        boolean[] picked = new boolean[count];
        java.util.Random rng = new java.util.Random(seed);
        for (int c = 0; c < numClasses; c++) {
            java.util.List<Integer> members = byClass.get(c);
            if (members.size() < perClass) {
                throw new IllegalArgumentException("class " + c + " has " + members.size() + " images, fewer than the "
                        + perClass + " labelled images per class asked for");
            }
            java.util.Collections.shuffle(members, rng);
            for (int k = 0; k < perClass; k++) {
                picked[members.get(k)] = true;
            }
        }
        int labelled = perClass * numClasses;
        if (labelled == count) {
            throw new IllegalArgumentException("with " + perClass + " labelled images per class no image of the "
                    + count + " stays unlabelled");
        }
        int[] lab = new int[labelled];
        int[] unl = new int[count - labelled];
        int a = 0;
        int b = 0;
        for (int i = 0; i < count; i++) {
            if (picked[i]) {
                lab[a++] = i;
            } else {
                unl[b++] = i;
            }
        }
        String pick = perClass + " per class, seed " + seed;
        return new LabelledSplit(subset(lab, " labelled (" + pick + ")"), subset(unl, " unlabelled (" + pick + ")"));
    }

    private ImageDataset subset(int[] indices, String what) {
        float[] px = features(indices, Layout.FLAT).data().asFloat();
        int[] lab = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            lab[k] = labels[indices[k]];
        }
        return new ImageDataset(px, lab, indices.length, height, width, description + what);
    }

    /**
     * Copies the chosen images into an array.
     *
     * @param indices image indices
     * @param layout flat {@code [k, h*w]} or {@code [k, 1, h, w]}
     * @return a new float32 array
     */
    public INDArray features(int[] indices, Layout layout) {
        int size = height * width;
        float[] out = new float[indices.length * size];
        for (int k = 0; k < indices.length; k++) {
            System.arraycopy(pixels, indices[k] * size, out, k * size, size);
        }
        long[] shape = layout == Layout.FLAT ? new long[] {indices.length, size}
                : new long[] {indices.length, 1, height, width};
        return Nd4j.create(out, shape, DataType.FLOAT);
    }

    /**
     * Copies images {@code from} (inclusive) to {@code to} (exclusive) into an array.
     *
     * @param from first index
     * @param to end index (exclusive)
     * @param layout flat {@code [k, h*w]} or {@code [k, 1, h, w]}
     * @return a new float32 array
     * @throws IllegalArgumentException when the range is empty or outside the dataset
     */
    public INDArray features(int from, int to, Layout layout) {
        checkRange(from, to);
        return features(java.util.stream.IntStream.range(from, to).toArray(), layout);
    }

    private void checkRange(int from, int to) {
        if (from < 0 || to > count || from >= to) {
            throw new IllegalArgumentException("range [" + from + ", " + to + ") is empty or outside [0, " + count
                    + ")");
        }
    }

    /**
     * One-hot labels of the chosen images.
     *
     * @param indices image indices
     * @return {@code [k, numClasses]}
     */
    public INDArray oneHotLabels(int[] indices) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, indices.length, numClasses);
        for (int k = 0; k < indices.length; k++) {
            y.putScalar(k, labels[indices[k]], 1.0);
        }
        return y;
    }

    /**
     * A batch iterator shuffled with the seed (each epoch in its own order derived from the seed
     * and the epoch number), dropping nothing: the last batch of an epoch may be smaller.
     *
     * @param batchSize positive
     * @param layout feature layout
     * @param seed shuffle seed
     * @return a new iterator
     */
    public ShuffledImageIterator iterator(int batchSize, Layout layout, long seed) {
        return new ShuffledImageIterator(this, batchSize, layout, seed);
    }

    /** Feature layouts. */
    public enum Layout {
        /** {@code [n, h*w]}, for dense networks. */
        FLAT,
        /** {@code [n, 1, h, w]}, for convolutional networks (NCHW). */
        NCHW
    }
}
