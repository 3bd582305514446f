package org.gan4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The native-garbage guard: collects only after the resident size grew past the headroom. */
class NativeGarbageTest {

    @Test
    void collectsOnlyWhenResidentMemoryGrewPastTheHeadroom() {
        AtomicLong rss = new AtomicLong(1L << 30);
        AtomicInteger collections = new AtomicInteger();
        NativeGarbage guard = new NativeGarbage(rss::get, collections::incrementAndGet);
        long mib = 1L << 20;
        // the first check only records the baseline
        for (int i = 0; i < NativeGarbage.EVERY; i++) {
            assertThat(guard.afterStep()).isFalse();
        }
        // growth within the headroom: no collection, and the size is read only every EVERY steps
        rss.addAndGet(NativeGarbage.HEADROOM_MIB * mib);
        for (int i = 0; i < NativeGarbage.EVERY; i++) {
            assertThat(guard.afterStep()).isFalse();
        }
        assertThat(collections.get()).isZero();
        // past it: one collection at the next check, then the baseline moves to the new size
        rss.addAndGet(mib);
        for (int i = 0; i < NativeGarbage.EVERY - 1; i++) {
            assertThat(guard.afterStep()).isFalse();
        }
        assertThat(guard.afterStep()).isTrue();
        assertThat(collections.get()).isEqualTo(1);
        for (int i = 0; i < 3 * NativeGarbage.EVERY; i++) {
            guard.afterStep();
        }
        assertThat(collections.get()).isEqualTo(1);
        rss.addAndGet((NativeGarbage.HEADROOM_MIB + 1) * mib);
        for (int i = 0; i < NativeGarbage.EVERY; i++) {
            guard.afterStep();
        }
        assertThat(collections.get()).isEqualTo(2);
    }
}
