package org.gan4j.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.gan4j.core.net.GanNetwork;
import org.gan4j.core.net.Networks;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/** Historical averaging adds exactly 2 lambda (theta - average) to the gradient and survives a checkpoint. */
class HistoricalAveragingTest {

    private static GanNetwork net(boolean batchNorm) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
                .updater(new Sgd(0.1)).list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.TANH).build());
        if (batchNorm) {
            b.layer(new BatchNormalization.Builder().nOut(4).build());
        }
        b.layer(new DenseLayer.Builder().nIn(4).nOut(1).activation(Activation.IDENTITY).build());
        MultiLayerNetwork m = new MultiLayerNetwork(b.build());
        m.init();
        return Networks.wrap(m);
    }

    private static void step(GanNetwork n, long seed) {
        INDArray x = Nd4j.rand(Nd4j.getRandomFactory().getNewRandomInstance(seed), 5, 3).castTo(DataType.DOUBLE);
        INDArray out = n.forward(x);
        n.backward(out.dup(), true); // gradient of 0.5 * sum(out^2)
        n.applyUpdate();
    }

    @Test
    void theUpdateDiffersFromThePlainOneByExactlyTheAveragingGradient() {
        GanNetwork plain = net(false);
        HistoricalAveraging averaged = new HistoricalAveraging(net(false), 0.7);
        INDArray theta0 = plain.params().dup();
        step(plain, 1);
        step(averaged, 1);
        // first update: the average is theta0 itself, so nothing is added
        assertThat(averaged.params()).isEqualTo(plain.params());
        INDArray theta1 = plain.params().dup();
        assertThat(averaged.average()).isEqualTo(theta0.add(theta1).div(2));
        assertThat(averaged.penalty()).isCloseTo(0.7 * theta1.sub(theta0).div(2).norm2Number().doubleValue()
                * theta1.sub(theta0).div(2).norm2Number().doubleValue(), org.assertj.core.data.Offset.offset(1e-12));
        step(plain, 2);
        step(averaged, 2);
        // theta2_plain - theta2_averaged = lr * 2 lambda (theta1 - (theta0 + theta1) / 2) = lr * lambda * (theta1 - theta0)
        INDArray expected = theta1.sub(theta0).mul(0.1 * 0.7);
        INDArray actual = plain.params().sub(averaged.params());
        assertThat(actual.sub(expected).amaxNumber().doubleValue()).isLessThan(1e-12);
        assertThat(averaged.count()).isEqualTo(3);
    }

    @Test
    void anExternalGradientMovesTrainableParametersButNotBatchNormStatistics() {
        GanNetwork plain = net(true);
        GanNetwork pushed = net(true);
        INDArray x = Nd4j.rand(Nd4j.getRandomFactory().getNewRandomInstance(4), 5, 3).castTo(DataType.DOUBLE);
        for (GanNetwork n : new GanNetwork[] {plain, pushed}) {
            INDArray out = n.forward(x);
            n.backward(out.dup(), true);
        }
        pushed.accumulateGradient(Nd4j.ones(DataType.DOUBLE, pushed.numParams()));
        plain.applyUpdate();
        pushed.applyUpdate();
        INDArray diff = plain.params().sub(pushed.params()); // lr * 1 on trainable entries, 0 on statistics
        long trainable = plain.trainableParams().values().stream().mapToLong(INDArray::length).sum();
        assertThat(trainable).isLessThan(plain.numParams());
        assertThat(diff.sumNumber().doubleValue()).isCloseTo(0.1 * trainable, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(diff.maxNumber().doubleValue()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(diff.minNumber().doubleValue()).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void theAverageSurvivesWriteAndRestoreSoRunsContinueExactly() throws IOException {
        HistoricalAveraging a = new HistoricalAveraging(net(false), 0.3);
        for (int i = 0; i < 3; i++) {
            step(a, i);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        a.write(bytes);
        HistoricalAveraging b = new HistoricalAveraging(net(false), 0.3);
        b.restore(new ByteArrayInputStream(bytes.toByteArray()));
        assertThat(b.count()).isEqualTo(a.count());
        assertThat(b.average()).isEqualTo(a.average());
        step(a, 9);
        step(b, 9);
        assertThat(b.params()).isEqualTo(a.params());
    }

    @Test
    void badValuesAreRejected() {
        assertThatThrownBy(() -> new HistoricalAveraging(net(false), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0.0");
        assertThatThrownBy(() -> new HistoricalAveraging(null, 1)).isInstanceOf(IllegalArgumentException.class);
        GanNetwork n = net(false);
        assertThatThrownBy(() -> n.accumulateGradient(Nd4j.zeros(DataType.DOUBLE, n.numParams())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("pending");
        assertThatThrownBy(() -> n.accumulateGradient(Nd4j.zeros(DataType.DOUBLE, 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 3");
    }
}
