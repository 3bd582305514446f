package org.nd4j.nativeblas;

/**
 * The name under which DL4J 1.0.0-M2.1 looks up whether the CPU backend runs with oneDNN before
 * it creates its oneDNN layer helpers (for convolution, batch normalisation, subsampling and local
 * response normalisation layers). ND4J 1.0.0-M2.1 moved that switch to
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment#isUseONEDNN()}, so without
 * this class DL4J finds no switch and never uses the helpers. The helpers run only when the
 * system property {@code org.eclipse.deeplearning4j.helpers.disable} is {@code false} when a
 * network is built (DL4J's default is {@code true}: no helpers). They call libnd4j's native
 * {@code conv2d}, {@code batchnorm} and pooling operations (and their {@code _bp} backward
 * operations) instead of DL4J's Java-side im2col and element-wise code; with ND4J's oneDNN build
 * (an {@code nd4j-native} jar with an {@code -onednn} classifier) those operations run on oneDNN,
 * and with the default build on libnd4j's own kernels.
 */
public final class Nd4jCpu {

    private Nd4jCpu() {
    }

    /** The backend's oneDNN switch, under the names DL4J calls reflectively. */
    public static final class Environment {

        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        /** @return the one instance */
        public static Environment getInstance() {
            return INSTANCE;
        }

        /**
         * @return the backend's switch for its oneDNN implementations (on unless turned off
         *     through {@code setUseONEDNN(false)}; also on in ND4J's default build, where the
         *     helpers then run libnd4j's own kernels)
         */
        public boolean isUseMKLDNN() {
            return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
        }
    }
}
