package org.gan4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.gan4j.core.data.ImageDataset;
import org.gan4j.core.data.ShuffledImageIterator;
import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** Reading ahead on a background thread gives the same batches in the same order, and errors in place. */
class PrefetcherTest {

    @Test
    void batchesArriveInTheIteratorsOrder() {
        ImageDataset digits = ImageDataset.bundledDigits().slice(0, 200);
        List<INDArray> direct = new ArrayList<>();
        ShuffledImageIterator a = digits.iterator(32, ImageDataset.Layout.FLAT, 3);
        while (a.hasNext()) {
            direct.add(a.next().getFeatures());
        }
        List<INDArray> prefetched = new ArrayList<>();
        ShuffledImageIterator b = digits.iterator(32, ImageDataset.Layout.FLAT, 3);
        try (Prefetcher p = Prefetcher.of(b, 2)) {
            while (p.hasNext()) {
                prefetched.add(p.next().getFeatures());
            }
        }
        assertThat(prefetched).isEqualTo(direct);
    }

    @Test
    void anIteratorFailureReachesTheTrainingThreadAtItsBatch() {
        ShuffledImageIterator inner = ImageDataset.bundledDigits().slice(0, 100).iterator(10, ImageDataset.Layout.FLAT, 1);
        java.util.Iterator<DataSet> failing = new java.util.Iterator<>() {
            private int served;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public DataSet next() {
                if (++served == 3) {
                    throw new IllegalStateException("disk read failed");
                }
                return inner.next();
            }
        };
        ExistingDataSetIterator readable = new ExistingDataSetIterator(failing) {
            @Override
            public boolean asyncSupported() {
                return true;
            }
        };
        try (Prefetcher p = Prefetcher.of(readable, 2)) {
            p.next();
            p.next();
            assertThatThrownBy(p::next).isInstanceOf(IllegalStateException.class).hasMessage("disk read failed");
        }
    }

    @Test
    void closingMidEpochStopsTheReaderSoTheIteratorCanBeReset() {
        ShuffledImageIterator it = ImageDataset.bundledDigits().slice(0, 1000).iterator(10, ImageDataset.Layout.FLAT, 1);
        try (Prefetcher p = Prefetcher.of(it, 2)) {
            p.next();
        }
        it.reset();
        assertThat(it.next().getFeatures().size(0)).isEqualTo(10);
    }
}
