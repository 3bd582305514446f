package org.gan4j.core.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link MultiLayerNetwork} adapter whose forward and backward passes call libnd4j's native
 * operations directly instead of going through DL4J's layer implementations: the same
 * parameters, gradient layout, optimizer, checkpoints and arithmetic, with fewer operations per
 * pass (no forward recomputation in backward, no per-layer workspace bookkeeping) and, with
 * ND4J's oneDNN build, oneDNN convolutions in both directions.
 *
 * <p>Supports dense, convolution, transposed convolution (NCHW, truncate or strict padding),
 * batch normalization and activation layers with identity, ReLU, leaky ReLU, tanh and sigmoid
 * activations, and the reshaping preprocessors between dense and convolutional layers; see
 * {@link NativeKernels#unsupported}.
 *
 * <p>Keeps two training passes at once ({@link #keptPasses()}): each slot has its own kernels,
 * activations and scratch buffers over the shared parameters and gradient views.
 */
final class NativeMultiLayerNetwork extends MultiLayerNetworkAdapter {

    /** Forward passes kept at once: one kernel set per slot, over the same parameters and gradient views. */
    private static final int SLOTS = 2;

    /** Kernel sets by pass slot; slot 0 is built at once, the others on first use. */
    private final NativeKernels.Kernel[][] kernels = new NativeKernels.Kernel[SLOTS][];
    /** Each layer's gradient views by parameter name, for building kernel sets. */
    private final List<Map<String, INDArray>> gradientViews = new ArrayList<>();
    private final InputPreProcessor[] preprocessors;
    private final Gradient gradient;
    /** Adam in one pass per block when the network's optimizer allows it (rebuilt when the updater changes). */
    private FusedAdam adam;
    /** The updater {@link #adam} was built for (null: not yet looked at). */
    private org.deeplearning4j.nn.api.Updater adamFor;

    NativeMultiLayerNetwork(MultiLayerNetwork net) {
        super(net);
        String why = unsupported(net);
        if (why != null) {
            throw new IllegalArgumentException(why);
        }
        if (net.getGradientsViewArray() == null) {
            net.initGradientsView();
        }
        int n = net.getnLayers();
        preprocessors = new InputPreProcessor[n];
        gradient = new DefaultGradient(net.getGradientsViewArray());
        for (int i = 0; i < n; i++) {
            Layer layer = net.getLayer(i);
            preprocessors[i] = net.getLayerWiseConfigurations().getInputPreProcess(i);
            Map<String, INDArray> views = layer.numParams() == 0 ? Map.of()
                    : layer.conf().getLayer().initializer().getGradientsFromFlattened(layer.conf(),
                            layer.getGradientsViewArray());
            for (Map.Entry<String, INDArray> e : views.entrySet()) {
                gradient.setGradientFor(i + "_" + e.getKey(), e.getValue());
            }
            gradientViews.add(views);
        }
        kernels(0);
    }

    /** @return the kernels of pass slot {@code pass}, built on first use */
    private NativeKernels.Kernel[] kernels(int pass) {
        if (kernels[pass] == null) {
            MultiLayerNetwork net = network();
            kernels[pass] = new NativeKernels.Kernel[net.getnLayers()];
            for (int i = 0; i < kernels[pass].length; i++) {
                kernels[pass][i] = NativeKernels.of(net.getLayer(i), gradientViews.get(i));
            }
        }
        return kernels[pass];
    }

    @Override
    public int keptPasses() {
        return SLOTS;
    }

    /**
     * Why the network cannot run natively, or null when it can.
     *
     * @param net an initialised network
     * @return a message naming each unsupported layer, or null
     */
    static String unsupported(MultiLayerNetwork net) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < net.getnLayers(); i++) {
            String why = NativeKernels.unsupported(net.getLayer(i), net.getLayerWiseConfigurations().getInputPreProcess(i));
            if (why != null) {
                problems.add("layer " + i + " (" + net.getLayer(i).conf().getLayer().getClass().getSimpleName() + "): " + why);
            }
        }
        return problems.isEmpty() ? null : "no native implementation for " + String.join("; ", problems);
    }

    private INDArray run(INDArray input, boolean training, boolean keep, int pass) {
        NativeKernels.Kernel[] kernels = kernels(pass);
        INDArray x = input;
        for (int i = 0; i < kernels.length; i++) {
            if (preprocessors[i] != null) {
                x = NativeKernels.reshape(preprocessors[i], x, false);
            }
            boolean overwrite = i > 0 && !kernels[i - 1].keepsOutput();
            x = kernels[i].forward(x, training, keep, overwrite, i == kernels.length - 1);
        }
        return x;
    }

    @Override
    INDArray doOutput(INDArray input, boolean training) {
        return run(input, training, false, 0);
    }

    @Override
    INDArray doForward(INDArray input, int pass) {
        return run(input, true, true, pass);
    }

    /** @return whether the last update ran through {@link FusedAdam} */
    boolean usesFusedAdam() {
        return adam != null && adamFor == network().getUpdater();
    }

    @Override
    boolean fusedUpdate(INDArray params, INDArray gradient, int iteration, int epoch) {
        org.deeplearning4j.nn.api.Updater updater = network().getUpdater();
        if (adamFor != updater) {
            adam = FusedAdam.of(updater, params);
            adamFor = updater;
        }
        return adam != null && adam.step(params, gradient, iteration, epoch);
    }

    @Override
    Gradient doBackward(INDArray outputGradient, boolean accumulate, boolean input, INDArray[] inputGradientOut,
            int pass) {
        NativeKernels.Kernel[] kernels = kernels(pass);
        INDArray eps = outputGradient;
        for (int i = kernels.length - 1; i >= 0; i--) {
            eps = kernels[i].backward(eps, i == 0, accumulate, i > 0 || input);
            if (preprocessors[i] != null && eps != null) {
                eps = NativeKernels.reshape(preprocessors[i], eps, true);
            }
        }
        inputGradientOut[0] = eps;
        return gradient;
    }
}
