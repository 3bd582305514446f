package org.gan4j.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.L2Regularization;

/**
 * The native execution path against DL4J's own layers on the same network: outputs, input
 * gradients, parameter gradients (read back through plain SGD steps) and batch-norm running
 * statistics, in double precision, for every supported layer type and activation.
 *
 * <p>Tolerances: the two paths agree to double rounding except where DL4J's leaky ReLU passes its
 * slope as a float (0.2f, a relative error of 1.5e-8 on negative inputs: against central finite
 * differences DL4J's leaky-ReLU layer is off by 3.5e-9, the native path by 3.5e-12), so gradients
 * and parameters are compared to 1e-7 relative; a separate finite-difference check holds the
 * native path alone to 1e-8.
 */
class NativeMultiLayerNetworkTest {

    /** A generator-like net: dense, 1-d batch norm, reshape, transposed convs, 2-d batch norm, all activations. */
    static MultiLayerNetwork upsampler(long seed, boolean logStd) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.DOUBLE)
                .updater(new Sgd(0.05)).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(6).nOut(4 * 3 * 3).activation(new ActivationLReLU(0.2)).build())
                .layer(new BatchNormalization.Builder().nOut(36).decay(0.8).eps(1e-5).useLogStd(logStd).build())
                .layer(new Deconvolution2D.Builder().nIn(4).nOut(3).kernelSize(4, 4).stride(2, 2).padding(1, 1)
                        .convolutionMode(ConvolutionMode.Truncate).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().nOut(3).decay(0.9).eps(1e-5).useLogStd(logStd).build())
                .layer(new ActivationLayer.Builder().activation(Activation.RELU).build())
                .layer(new Deconvolution2D.Builder().nIn(3).nOut(2).kernelSize(3, 3).stride(1, 1).padding(0, 0)
                        .convolutionMode(ConvolutionMode.Truncate).activation(Activation.TANH).build());
        b.inputPreProcessor(2, new FeedForwardToCnnPreProcessor(3, 3, 4));
        b.setInputType(InputType.feedForward(6));
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();
        return net;
    }

    /** A discriminator-like net: strided convs, batch norm, leaky ReLU, sigmoid dense, identity output. */
    static MultiLayerNetwork downsampler(long seed) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.DOUBLE)
                .updater(new Sgd(0.05)).weightInit(WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder().nOut(4).kernelSize(5, 5).stride(2, 2).padding(2, 2)
                        .convolutionMode(ConvolutionMode.Truncate).activation(new ActivationLReLU(0.2)).build())
                .layer(new ConvolutionLayer.Builder().nOut(5).kernelSize(3, 3).stride(2, 2).padding(1, 1)
                        .convolutionMode(ConvolutionMode.Truncate).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().nOut(5).decay(0.9).eps(1e-5).build())
                .layer(new ActivationLayer.Builder().activation(new ActivationLReLU(0.2)).build())
                .layer(new DenseLayer.Builder().nOut(7).activation(Activation.SIGMOID).build())
                .layer(new DenseLayer.Builder().nOut(1).activation(Activation.IDENTITY).build());
        b.setInputType(InputType.convolutional(12, 12, 2));
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();
        return net;
    }

    private static double maxRelDiff(INDArray a, INDArray b) {
        assertThat(a.shape()).containsExactly(b.shape());
        double scale = Math.max(1e-12, Math.max(a.amaxNumber().doubleValue(), b.amaxNumber().doubleValue()));
        return a.sub(b).amaxNumber().doubleValue() / scale;
    }

    /** Runs two training passes (accumulated, then applied) on both paths and compares everything. */
    private static void assertSameAsDl4j(MultiLayerNetwork net, long[] inputShape) {
        MultiLayerNetwork copy = net.clone();
        GanNetwork dl4j = Networks.wrap(net);
        GanNetwork nat = Networks.fast(copy);
        for (int step = 0; step < 3; step++) {
            INDArray x1 = Nd4j.rand(DataType.DOUBLE, inputShape).subi(0.5).muli(2);
            INDArray x2 = Nd4j.rand(DataType.DOUBLE, inputShape).subi(0.5).muli(2);
            INDArray out1 = dl4j.forward(x1);
            INDArray natOut1 = nat.forward(x1);
            // identical parameters give identical outputs; after a step they differ by the leaky-ReLU slope rounding
            double outTol = step == 0 ? 1e-12 : 1e-7;
            assertThat(maxRelDiff(out1, natOut1)).as("training output").isLessThan(outTol);
            INDArray eps = Nd4j.rand(DataType.DOUBLE, out1.shape()).subi(0.5);
            assertThat(maxRelDiff(dl4j.backward(eps, true), nat.backward(eps, true))).as("input gradient").isLessThan(1e-7);
            // a second pass accumulates (and moves the running statistics again)
            INDArray out2 = dl4j.forward(x2);
            assertThat(maxRelDiff(out2, nat.forward(x2))).isLessThan(outTol);
            assertThat(maxRelDiff(dl4j.backward(eps, true), nat.backward(eps, true))).isLessThan(1e-7);
            // a non-accumulating pass changes nothing
            dl4j.forward(x1);
            nat.forward(x1);
            assertThat(maxRelDiff(dl4j.backward(eps, false), nat.backward(eps, false))).as("input gradient only")
                    .isLessThan(1e-7);
            INDArray before = nat.params().dup();
            dl4j.applyUpdate();
            nat.applyUpdate();
            assertThat(maxRelDiff(dl4j.params(), nat.params())).as("parameters after step " + step).isLessThan(1e-7);
            assertThat(nat.params().sub(before).amaxNumber().doubleValue()).isGreaterThan(1e-4);
            assertThat(maxRelDiff(dl4j.output(x2, false), nat.output(x2, false))).as("inference output").isLessThan(1e-7);
            assertThat(maxRelDiff(dl4j.output(x2, true), nat.output(x2, true))).isLessThan(1e-7);
        }
    }

    @Test
    void inputAndParameterGradientsMatchFiniteDifferences() {
        for (MultiLayerNetwork net : new MultiLayerNetwork[] {upsampler(12, true), downsampler(13)}) {
            GanNetwork nat = Networks.fast(net);
            long[] shape = net.getLayer(0).conf().getLayer() instanceof DenseLayer ? new long[] {4, 6}
                    : new long[] {3, 2, 12, 12};
            INDArray x = Nd4j.rand(DataType.DOUBLE, shape).subi(0.5);
            INDArray out = nat.forward(x);
            INDArray eps = Nd4j.rand(DataType.DOUBLE, out.shape()).subi(0.5);
            INDArray dx = nat.backward(eps, false).dup();
            double h = 1e-5;
            double worst = 0;
            for (int i = 0; i < x.length(); i += 7) {
                double v = x.getDouble(i);
                x.putScalar(i, v + h);
                double up = nat.output(x, true).mul(eps).sumNumber().doubleValue();
                x.putScalar(i, v - h);
                double down = nat.output(x, true).mul(eps).sumNumber().doubleValue();
                x.putScalar(i, v);
                worst = Math.max(worst, Math.abs((up - down) / (2 * h) - dx.getDouble(i)));
            }
            assertThat(worst / dx.amaxNumber().doubleValue()).as("input gradient").isLessThan(1e-8);
            // parameter gradient: one SGD step of rate 0.05 moves each parameter by -0.05 * dL/dp
            // (batch-norm running statistics excepted: they move by their own rule)
            INDArray p0 = nat.params().dup();
            nat.forward(x);
            nat.backward(eps, true);
            nat.applyUpdate();
            INDArray grad = p0.sub(nat.params()).divi(0.05);
            nat.params().assign(p0);
            worst = 0;
            double scale = 0;
            for (Map.Entry<String, INDArray> e : nat.trainableParams().entrySet()) {
                INDArray view = e.getValue();
                long offset = view.offset() - nat.params().offset();
                for (int i = 0; i < view.length(); i += 5) {
                    long k = offset + i;
                    double v = nat.params().getDouble(k);
                    nat.params().putScalar(k, v + h);
                    double up = nat.output(x, true).mul(eps).sumNumber().doubleValue();
                    nat.params().putScalar(k, v - h);
                    double down = nat.output(x, true).mul(eps).sumNumber().doubleValue();
                    nat.params().putScalar(k, v);
                    worst = Math.max(worst, Math.abs((up - down) / (2 * h) - grad.getDouble(k)));
                    scale = Math.max(scale, Math.abs(grad.getDouble(k)));
                }
            }
            assertThat(worst / scale).as("parameter gradient").isLessThan(1e-8);
        }
    }

    @Test
    void generatorShapedNetworkMatchesDl4jLayers() {
        assertSameAsDl4j(upsampler(3, true), new long[] {5, 6});
    }

    @Test
    void varianceParameterisedBatchNormMatchesToo() {
        assertSameAsDl4j(upsampler(4, false), new long[] {5, 6});
    }

    /** In float, the batch-norm passes run in float arithmetic where they can: still DL4J's results to float rounding. */
    @Test
    void floatNetworksMatchDl4jLayersToFloatRounding() {
        MultiLayerNetwork net = upsampler(24, false).convertDataType(DataType.FLOAT);
        GanNetwork dl4j = Networks.wrap(net.clone());
        GanNetwork nat = Networks.fast(net.clone());
        for (int step = 0; step < 2; step++) {
            INDArray x = Nd4j.rand(DataType.FLOAT, 7, 6).subi(0.5).muli(2);
            INDArray out = dl4j.forward(x);
            assertThat(maxRelDiff(out, nat.forward(x))).as("training output").isLessThan(1e-5);
            INDArray eps = Nd4j.rand(DataType.FLOAT, out.shape()).subi(0.5);
            assertThat(maxRelDiff(dl4j.backward(eps, true), nat.backward(eps, true))).as("input gradient").isLessThan(1e-4);
            dl4j.applyUpdate();
            nat.applyUpdate();
            assertThat(maxRelDiff(dl4j.params(), nat.params())).as("parameters").isLessThan(1e-5);
            assertThat(maxRelDiff(dl4j.output(x, false), nat.output(x, false))).as("inference output").isLessThan(1e-5);
        }
    }

    @Test
    void discriminatorShapedNetworkMatchesDl4jLayers() {
        assertSameAsDl4j(downsampler(5), new long[] {4, 2, 12, 12});
    }

    /**
     * A net for optimizer comparisons: no parameter with an identically zero gradient (a bias
     * right before batch normalization has one, and Adam turns rounding noise in it into full
     * steps), batch normalization for the no-op updater blocks of its running statistics.
     */
    static MultiLayerNetwork adamNet(long seed, IUpdater updater, DataType type) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(seed).dataType(type)
                .updater(updater).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(6).nOut(8).activation(new ActivationLReLU(0.2)).build())
                .layer(new BatchNormalization.Builder().nOut(8).decay(0.8).eps(1e-5).build())
                .layer(new DenseLayer.Builder().nIn(8).nOut(4).activation(Activation.TANH).build()).build());
        net.init();
        return net;
    }

    /** One accumulating pass and optimizer step on each network, same input and output gradient. */
    private static void trainStep(INDArray x, INDArray eps, GanNetwork... nets) {
        for (GanNetwork net : nets) {
            net.forward(x);
            net.backward(eps, true);
            net.applyUpdate();
        }
    }

    /** Adam steps through the fused optimizer against DL4J's updater: parameters and moments. */
    private static void assertAdamMatches(MultiLayerNetwork net, DataType type, double tol) {
        MultiLayerNetwork copy = net.clone();
        GanNetwork dl4j = Networks.wrap(net);
        GanNetwork nat = Networks.fast(copy);
        for (int step = 0; step < 5; step++) {
            trainStep(Nd4j.rand(type, 5, 6).subi(0.5), Nd4j.rand(type, 5, 4).subi(0.5), dl4j, nat);
            assertThat(maxRelDiff(dl4j.params(), nat.params())).as("parameters after Adam step " + step).isLessThan(tol);
            assertThat(maxRelDiff(dl4j.updaterState(), nat.updaterState())).as("moments after step " + step).isLessThan(tol);
        }
        assertThat(nat.iteration()).isEqualTo(5);
        assertThat(((NativeMultiLayerNetwork) nat).usesFusedAdam()).isTrue();
    }

    @Test
    void fusedAdamMatchesDl4jsAdamInDoublePrecision() {
        assertAdamMatches(adamNet(9, new Adam(1e-2, 0.5, 0.999, 1e-8), DataType.DOUBLE), DataType.DOUBLE, 1e-6);
    }

    @Test
    void fusedAdamMatchesDl4jsAdamInFloat() {
        assertAdamMatches(adamNet(10, new Adam(2e-4, 0.5, 0.999, 1e-8), DataType.FLOAT), DataType.FLOAT, 1e-5);
    }

    /**
     * An update without the input gradient (the first dense layer skips it) and, for the
     * convolutional net, a non-accumulating pass (input gradient through the transposed
     * convolution instead of conv2d_bp) agree with the full passes.
     */
    @Test
    void passesThatSkipAGradientAgreeWithFullOnes() {
        for (MultiLayerNetwork net : new MultiLayerNetwork[] {upsampler(21, true), downsampler(22)}) {
            long[] shape = net.getLayer(0).conf().getLayer() instanceof DenseLayer
                    ? new long[] {5, 6} : new long[] {5, 2, 12, 12};
            GanNetwork full = Networks.fast(net.clone());
            GanNetwork skipping = Networks.fast(net.clone());
            for (int step = 0; step < 3; step++) {
                INDArray x = Nd4j.rand(DataType.DOUBLE, shape).subi(0.5);
                INDArray out = full.forward(x);
                INDArray eps = Nd4j.rand(DataType.DOUBLE, out.shape()).subi(0.5);
                full.backward(eps, true);
                full.applyUpdate();
                skipping.forward(x);
                skipping.backwardParameters(eps);
                skipping.applyUpdate();
                assertThat(maxRelDiff(full.params(), skipping.params())).isLessThan(1e-13);
                full.forward(x);
                skipping.forward(x);
                INDArray withParameters = full.backward(eps, true).dup();
                full.applyUpdate();
                assertThat(maxRelDiff(withParameters, skipping.backward(eps, false))).as("input gradient only").isLessThan(1e-12);
                skipping.forward(x);
                skipping.backward(eps, true);
                skipping.applyUpdate();
            }
        }
    }

    /**
     * Two kept passes (real in slot 0, fake in slot 1, backward fake then real) give bit for bit
     * what the one-slot protocol gives when the real pass is run again before its backward pass,
     * batch-norm running statistics included; both slots' outputs stay valid meanwhile.
     */
    @Test
    void twoKeptPassesEqualTheRecomputedPass() {
        MultiLayerNetwork net = downsampler(23);
        GanNetwork twoSlots = Networks.fast(net.clone());
        GanNetwork oneSlot = Networks.fast(net.clone());
        assertThat(twoSlots.keptPasses()).isEqualTo(2);
        assertThat(Networks.wrap(net).keptPasses()).isEqualTo(1);
        for (int step = 0; step < 3; step++) {
            INDArray real = Nd4j.rand(DataType.DOUBLE, 5, 2, 12, 12).subi(0.5);
            INDArray fake = Nd4j.rand(DataType.DOUBLE, 5, 2, 12, 12).subi(0.5);
            INDArray realOut = twoSlots.forward(real, 0);
            INDArray realCopy = realOut.dup();
            INDArray fakeOut = twoSlots.forward(fake, 1).dup();
            assertThat(realOut).as("slot 0 output after a pass in slot 1").isEqualTo(realCopy);
            INDArray realEps = Nd4j.rand(DataType.DOUBLE, 5, 1).subi(0.5);
            INDArray fakeEps = Nd4j.rand(DataType.DOUBLE, 5, 1).subi(0.5);
            twoSlots.backwardParameters(fakeEps, 1);
            twoSlots.backwardParameters(realEps, 0);
            twoSlots.applyUpdate();
            assertThat(oneSlot.forward(fake)).isEqualTo(fakeOut);
            oneSlot.backwardParameters(fakeEps);
            assertThat(oneSlot.forward(real)).isEqualTo(realCopy);
            oneSlot.backwardParameters(realEps);
            oneSlot.applyUpdate();
            assertThat(twoSlots.params()).as("parameters and running statistics after step " + step)
                    .isEqualTo(oneSlot.params());
        }
        assertThatThrownBy(() -> twoSlots.forward(Nd4j.rand(DataType.DOUBLE, 5, 2, 12, 12), 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 2)").hasMessageContaining("2");
        assertThatThrownBy(() -> Networks.wrap(net).backwardParameters(Nd4j.rand(DataType.DOUBLE, 5, 1), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 1), got 1");
    }

    @Test
    void regularisedNetworksKeepDl4jsUpdater() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(11).dataType(DataType.DOUBLE)
                .updater(new Adam(1e-2)).regularization(java.util.List.of(new L2Regularization(0.5))).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(3).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nIn(3).nOut(1).activation(Activation.IDENTITY).build()).build());
        net.init();
        MultiLayerNetwork copy = net.clone();
        GanNetwork dl4j = Networks.wrap(net);
        GanNetwork nat = Networks.fast(copy);
        for (int step = 0; step < 3; step++) {
            trainStep(Nd4j.rand(DataType.DOUBLE, 6, 4), Nd4j.rand(DataType.DOUBLE, 6, 1), dl4j, nat);
        }
        assertThat(maxRelDiff(dl4j.params(), nat.params())).isLessThan(1e-12);
        assertThat(((NativeMultiLayerNetwork) nat).usesFusedAdam()).isFalse();
    }

    @Test
    void outputLeavesTheKeptPassIntact() {
        MultiLayerNetwork net = downsampler(6);
        MultiLayerNetwork copy = net.clone();
        GanNetwork dl4j = Networks.wrap(net);
        GanNetwork nat = Networks.fast(copy);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 2, 12, 12);
        INDArray eps = Nd4j.rand(DataType.DOUBLE, 3, 1);
        dl4j.forward(x);
        nat.forward(x);
        nat.output(Nd4j.rand(DataType.DOUBLE, 3, 2, 12, 12), true);
        assertThat(maxRelDiff(dl4j.backward(eps, false), nat.backward(eps, false))).isLessThan(1e-7);
    }

    @Test
    void checkpointRoundTripRestoresEverything() throws Exception {
        GanNetwork nat = Networks.fast(upsampler(7, true));
        INDArray x = Nd4j.rand(DataType.DOUBLE, 5, 6);
        nat.forward(x);
        nat.backward(Nd4j.rand(DataType.DOUBLE, 5, 2, 8, 8), true);
        nat.applyUpdate();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        nat.write(bytes);
        GanNetwork other = Networks.fast(upsampler(8, true));
        other.restore(new ByteArrayInputStream(bytes.toByteArray()));
        assertThat(other.params()).isEqualTo(nat.params());
        assertThat(other.iteration()).isEqualTo(1);
        assertThat(other.output(x, false)).isEqualTo(nat.output(x, false));
    }

    @Test
    void unsupportedLayersAreNamed() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.SOFTPLUS).build())
                .layer(new DropoutLayer.Builder(0.5).build())
                .layer(new DenseLayer.Builder().nIn(4).nOut(1).build()).build());
        net.init();
        assertThatThrownBy(() -> Networks.fast(net)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("layer 0 (DenseLayer): activation softplus")
                .hasMessageContaining("layer 1 (DropoutLayer)");
        assertThatThrownBy(() -> Networks.fast(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
