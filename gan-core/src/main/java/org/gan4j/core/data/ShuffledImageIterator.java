package org.gan4j.core.data;

import java.util.List;
import java.util.SplittableRandom;
import org.gan4j.core.EpochOrdered;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Batches of an {@link ImageDataset}: features in [-1, 1] and one-hot labels. The order of epoch
 * {@code e} is a permutation drawn from {@code (seed, e)} alone, so the trainer can resume in the
 * middle of an epoch. Not thread-safe.
 */
public final class ShuffledImageIterator implements DataSetIterator, EpochOrdered {

    private static final long serialVersionUID = 1L;

    private final ImageDataset data;
    private final int batchSize;
    private final ImageDataset.Layout layout;
    private final long seed;
    private int[] order;
    private int cursor;
    private int epoch;
    private DataSetPreProcessor preProcessor;

    ShuffledImageIterator(ImageDataset data, int batchSize, ImageDataset.Layout layout, long seed) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        this.data = data;
        this.batchSize = batchSize;
        this.layout = layout;
        this.seed = seed;
        startEpoch(0);
    }

    @Override
    public void startEpoch(int e) {
        this.epoch = e;
        int n = data.size();
        order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + e);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        cursor = 0;
    }

    /** @return the dataset this iterates */
    public ImageDataset dataset() {
        return data;
    }

    @Override
    public DataSet next(int num) {
        if (!hasNext()) {
            throw new java.util.NoSuchElementException("epoch " + epoch + " is exhausted");
        }
        int k = Math.min(num, data.size() - cursor);
        int[] idx = java.util.Arrays.copyOfRange(order, cursor, cursor + k);
        cursor += k;
        DataSet ds = new DataSet(data.features(idx, layout), data.oneHotLabels(idx));
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    @Override
    public DataSet next() {
        return next(batchSize);
    }

    @Override
    public boolean hasNext() {
        return cursor < data.size();
    }

    @Override
    public int inputColumns() {
        return data.height() * data.width();
    }

    @Override
    public int totalOutcomes() {
        return data.numClasses();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return true;
    }

    /** Starts the next epoch (a new order). */
    @Override
    public void reset() {
        startEpoch(epoch + 1);
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return null;
    }
}
