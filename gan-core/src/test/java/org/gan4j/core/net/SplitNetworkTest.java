package org.gan4j.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.GaussianNoise;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;

/** A split network computes the original network, shares its parameters and trains like it. */
class SplitNetworkTest {

    /** x(4) - Dense 5 tanh - Dense 3 leaky ReLU (features) - Dense 2 identity. */
    private static MultiLayerNetwork net(DataType type, org.nd4j.linalg.learning.config.IUpdater updater, long seed,
            boolean noise) {
        DenseLayer.Builder last = new DenseLayer.Builder().nIn(3).nOut(2).activation(Activation.IDENTITY);
        if (noise) {
            last.dropOut(new GaussianNoise(0.5));
        }
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(seed).dataType(type)
                .updater(updater).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(5).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nIn(5).nOut(3).activation(Activation.LEAKYRELU).build())
                .layer(last.build())
                .build());
        net.init();
        return net;
    }

    @Test
    void computesTheOriginalAndSharesItsParameters() {
        MultiLayerNetwork original = net(DataType.DOUBLE, new Sgd(0.1), 1, false);
        SplitNetwork split = Networks.split(original, 2);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 6, 4).subi(0.5);
        assertThat(split.output(x, false)).isEqualTo(original.output(x, false));
        assertThat(split.forward(x)).isEqualTo(original.output(x, false));
        assertThat(split.trunk().output(x, false)).isEqualTo(original.feedForward(x, false).get(2));
        assertThat(split.numParams()).isEqualTo(original.numParams())
                .isEqualTo(split.trunk().numParams() + split.head().numParams());
        assertThat(split.splitLayer()).isEqualTo(2);

        // a write through the original is seen by the trunk, and an update of the split by the original
        INDArray before = split.trunk().output(x, false);
        original.getLayer(0).getParam("b").addi(0.25);
        assertThat(split.trunk().output(x, false)).isNotEqualTo(before);
        INDArray paramsBefore = original.params().dup();
        split.forward(x);
        split.backward(Nd4j.ones(DataType.DOUBLE, 6, 2), true);
        split.applyUpdate();
        assertThat(original.params()).isNotEqualTo(paramsBefore);
        assertThat(split.params()).isEqualTo(original.params());
        assertThat(split.output(x, false)).isEqualTo(original.output(x, false));
        assertThat(split.iteration()).isEqualTo(1);
    }

    /** With SGD(lr=1) an update equals the gradient; it must match central finite differences. */
    @Test
    void updateAndInputGradientMatchFiniteDifferences() {
        MultiLayerNetwork original = net(DataType.DOUBLE, new Sgd(1.0), 2, false);
        SplitNetwork split = Networks.split(original, 1);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 4).subi(0.5);
        INDArray weights = Nd4j.rand(DataType.DOUBLE, 3, 2).subi(0.5); // loss = sum(weights * output)
        INDArray params = original.params();
        INDArray numeric = params.dup();
        double h = 1e-6;
        for (long i = 0; i < params.length(); i++) {
            double v = params.getDouble(i);
            params.putScalar(i, v + h);
            double up = loss(original, x, weights);
            params.putScalar(i, v - h);
            double down = loss(original, x, weights);
            params.putScalar(i, v);
            numeric.putScalar(i, (up - down) / (2 * h));
        }
        INDArray numericInput = x.dup();
        for (long i = 0; i < x.length(); i++) {
            INDArray xp = x.dup();
            INDArray xm = x.dup();
            long r = i / 4;
            long c = i % 4;
            xp.putScalar(r, c, x.getDouble(r, c) + h);
            xm.putScalar(r, c, x.getDouble(r, c) - h);
            numericInput.putScalar(r, c, (loss(original, xp, weights) - loss(original, xm, weights)) / (2 * h));
        }
        INDArray before = params.dup();
        split.forward(x);
        INDArray inputGradient = split.backward(weights, true);
        split.applyUpdate();
        INDArray analytic = before.sub(params);
        assertThat(maxRelative(analytic, numeric)).isLessThan(1e-6);
        assertThat(maxRelative(inputGradient, numericInput)).isLessThan(1e-6);
    }

    private static double loss(MultiLayerNetwork net, INDArray x, INDArray weights) {
        return net.output(x, true).mul(weights).sumNumber().doubleValue();
    }

    private static double maxRelative(INDArray a, INDArray b) {
        double max = 0;
        INDArray fa = a.reshape(a.length());
        INDArray fb = b.reshape(b.length());
        for (long i = 0; i < fa.length(); i++) {
            double x = fa.getDouble(i);
            double y = fb.getDouble(i);
            max = Math.max(max, Math.abs(x - y) / Math.max(1e-8, Math.abs(x) + Math.abs(y)));
        }
        return max;
    }

    /** Adam is element-wise: training the split equals training the whole network. */
    @Test
    void trainsExactlyLikeTheWholeNetwork() {
        MultiLayerNetwork a = net(DataType.DOUBLE, new Adam(0.01), 3, false);
        MultiLayerNetwork b = net(DataType.DOUBLE, new Adam(0.01), 3, false);
        GanNetwork whole = Networks.wrap(a);
        SplitNetwork split = Networks.split(b, 2);
        for (int i = 0; i < 5; i++) {
            INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 4).subi(0.5);
            INDArray g = Nd4j.rand(DataType.DOUBLE, 4, 2).subi(0.5);
            whole.forward(x);
            INDArray gw = whole.backward(g, true);
            whole.applyUpdate();
            split.forward(x);
            INDArray gs = split.backward(g, true);
            split.applyUpdate();
            assertThat(maxRelative(gs, gw)).isLessThan(1e-12);
        }
        assertThat(maxRelative(b.params(), a.params())).isLessThan(1e-12);
        assertThat(split.updaterState().length()).isEqualTo(whole.updaterState().length());
    }

    @Test
    void trunkPassWithoutAccumulatingLeavesEverythingUntouched() {
        MultiLayerNetwork original = net(DataType.FLOAT, new Adam(0.01), 4, true);
        SplitNetwork split = Networks.split(original, 2);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 4);
        split.forward(x);
        split.backward(Nd4j.ones(DataType.FLOAT, 4, 2), true);
        split.applyUpdate();
        INDArray params = split.params().dup();
        INDArray state = split.updaterState().dup();
        split.trunk().forward(x);
        INDArray atInput = split.trunk().backward(Nd4j.ones(DataType.FLOAT, 4, 3), false);
        assertThat(atInput.shape()).containsExactly(4, 4);
        assertThat(split.params()).isEqualTo(params);
        assertThat(split.updaterState()).isEqualTo(state);
        assertThat(split.iteration()).isEqualTo(1);
    }

    @Test
    void writeAndRestoreRoundTrip() throws Exception {
        MultiLayerNetwork original = net(DataType.FLOAT, new Adam(0.01), 5, false);
        SplitNetwork split = Networks.split(original, 2);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 4);
        split.forward(x);
        split.backward(Nd4j.ones(DataType.FLOAT, 4, 2), true);
        split.applyUpdate();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        split.write(bytes);
        SplitNetwork other = Networks.split(net(DataType.FLOAT, new Adam(0.01), 6, false), 2);
        other.restore(new ByteArrayInputStream(bytes.toByteArray()));
        assertThat(other.params()).isEqualTo(split.params());
        assertThat(other.updaterState()).isEqualTo(split.updaterState());
        assertThat(other.iteration()).isEqualTo(1);
    }

    @Test
    void rejectsBadSplits() {
        MultiLayerNetwork original = net(DataType.FLOAT, new Sgd(0.1), 7, false);
        assertThatThrownBy(() -> Networks.split(original, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0");
        assertThatThrownBy(() -> Networks.split(original, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[1, 2]").hasMessageContaining("got 3");
        assertThatThrownBy(() -> Networks.split(null, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
