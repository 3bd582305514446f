package org.gan4j.core;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Reads the rest of an epoch from a data iterator on a background thread, a few batches ahead of
 * the training thread, so building a batch never stalls a step. Batches arrive in the iterator's
 * order, so training is exactly the same as reading on the training thread. An exception thrown
 * by the iterator reaches the training thread at the batch where it happened. Only used for
 * iterators whose {@link DataSetIterator#asyncSupported()} is true; others are read in place.
 */
final class Prefetcher implements AutoCloseable {

    private static final Object END = new Object();

    private final DataSetIterator data;
    private final BlockingQueue<Object> queue;
    private final Thread thread;
    private Object next;

    private Prefetcher(DataSetIterator data, int depth) {
        this.data = data;
        this.queue = depth > 0 ? new ArrayBlockingQueue<>(depth) : null;
        this.thread = depth > 0 ? new Thread(this::produce, "gan4j-prefetch") : null;
        if (thread != null) {
            thread.setDaemon(true);
            thread.start();
        }
    }

    /**
     * @param data an iterator positioned where training continues
     * @param depth batches to read ahead; 0 reads on the calling thread
     * @return batches of the rest of the epoch
     */
    static Prefetcher of(DataSetIterator data, int depth) {
        return new Prefetcher(data, data.asyncSupported() ? depth : 0);
    }

    private void produce() {
        try {
            try {
                while (data.hasNext()) {
                    queue.put(data.next());
                }
                queue.put(END);
            } catch (RuntimeException | Error e) {
                queue.put(e);
            }
        } catch (InterruptedException e) {
            // closed by the training thread: stop reading
        }
    }

    boolean hasNext() {
        if (queue == null) {
            return data.hasNext();
        }
        if (next == null) {
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the next batch", e);
            }
        }
        if (next instanceof RuntimeException e) {
            throw e;
        }
        if (next instanceof Error e) {
            throw e;
        }
        return next != END;
    }

    DataSet next() {
        if (queue == null) {
            return data.next();
        }
        if (!hasNext()) {
            throw new java.util.NoSuchElementException("no batch left in this epoch");
        }
        DataSet ds = (DataSet) next;
        next = null;
        return ds;
    }

    /** Stops reading ahead and waits for the reader, so the iterator can be repositioned. */
    @Override
    public void close() {
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
