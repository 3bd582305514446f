package org.gan4j.core;

/**
 * A data iterator whose batch order is a pure function of the epoch number (for example shuffled
 * with a seed derived from the epoch). The trainer calls {@link #startEpoch(int)} instead of
 * {@code reset()}, which makes a resumed run see exactly the batches an uninterrupted one sees.
 */
public interface EpochOrdered {

    /**
     * Rewinds to the start of the given epoch, in that epoch's order.
     *
     * @param epoch 0-based epoch number
     */
    void startEpoch(int epoch);
}
