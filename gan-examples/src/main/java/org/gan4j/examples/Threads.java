package org.gan4j.examples;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/** ND4J and DL4J settings for the programs: thread counts, and DL4J's oneDNN layer helpers. */
final class Threads {

    /** DL4J's switch for its native layer helpers; DL4J 1.0.0-M2.1 leaves them off unless it is "false". */
    private static final String HELPERS_DISABLE = "org.eclipse.deeplearning4j.helpers.disable";

    private Threads() {
    }

    /**
     * Limits ND4J's OpenMP and BLAS threads (ND4J's defaults oversubscribe small machines) and
     * lets DL4J use its oneDNN layer helpers (convolution, batch normalisation, pooling) in the
     * networks built afterwards. The helpers run only with ND4J's oneDNN build (built with
     * {@code -Donednn}); with the default build DL4J's own layer code runs, as before. A
     * {@code -Dorg.eclipse.deeplearning4j.helpers.disable=...} given on the command line wins.
     *
     * @param threads threads, positive
     * @throws IllegalArgumentException when threads is not positive
     */
    static void configure(int threads) {
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        if (System.getProperty(HELPERS_DISABLE) == null) {
            System.setProperty(HELPERS_DISABLE, "false");
        }
    }

    /** @return "oneDNN" when ND4J's loaded native build has oneDNN, else "default" */
    static String nativeBuild() {
        return NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo().contains("HAVE_ONEDNN") ? "oneDNN"
                : "default";
    }

    /** @return whether networks built now get DL4J's layer helpers (the system property is "false") */
    static boolean layerHelpers() {
        return "false".equals(System.getProperty(HELPERS_DISABLE, "true"));
    }
}
