package org.gan4j.examples;

import org.nd4j.linalg.factory.Nd4j;

/** ND4J thread settings for small machines. */
final class Threads {

    private Threads() {
    }

    /**
     * Limits ND4J's OpenMP and BLAS threads (ND4J's defaults oversubscribe small machines).
     *
     * @param n threads, positive
     */
    static void configure(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("threads must be positive, got " + n);
        }
        Nd4j.getEnvironment().setMaxMasterThreads(n);
        Nd4j.factory().blas().setMaxThreads(n);
    }
}
