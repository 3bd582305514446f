package org.gan4j.core;

import java.util.function.LongSupplier;
import org.bytedeco.javacpp.Pointer;

/**
 * Keeps ND4J's native garbage bounded during training. ND4J frees an array's native memory only
 * when the Java garbage collector collects the array, and a training step allocates little on the
 * Java heap, so collections can be rare while discarded native arrays pile up (the reference DCGAN
 * on two threads grew by about 14 MB per step, to 24 GB and an out-of-memory kill, with no
 * collection). After every {@value #EVERY} calls to {@link #afterStep()} this checks the
 * process's resident memory and, when it has grown by more than {@value #HEADROOM_MIB} MiB since
 * the last check that collected (or since the first check), asks for a collection. Process-wide,
 * like the memory it watches.
 */
final class NativeGarbage {

    static final int EVERY = 16;
    static final long HEADROOM_MIB = 1024;
    private static final NativeGarbage SHARED = new NativeGarbage(Pointer::physicalBytes, System::gc);

    private final LongSupplier residentBytes;
    private final Runnable collect;
    private long calls;
    private long baseline = -1;

    /**
     * @param residentBytes the process's resident memory in bytes
     * @param collect what asks for a garbage collection
     */
    NativeGarbage(LongSupplier residentBytes, Runnable collect) {
        this.residentBytes = residentBytes;
        this.collect = collect;
    }

    /** @return the instance the trainer uses */
    static NativeGarbage shared() {
        return SHARED;
    }

    /**
     * Called once per training step.
     *
     * @return whether this call asked for a collection
     */
    synchronized boolean afterStep() {
        if (++calls % EVERY != 0) {
            return false;
        }
        long rss = residentBytes.getAsLong();
        if (baseline < 0) {
            baseline = rss;
            return false;
        }
        if (rss - baseline <= HEADROOM_MIB << 20) {
            return false;
        }
        collect.run();
        // freed native memory is usually kept by the allocator for reuse rather than returned, so
        // the resident size may not drop: measure growth from here on
        baseline = residentBytes.getAsLong();
        return true;
    }
}
