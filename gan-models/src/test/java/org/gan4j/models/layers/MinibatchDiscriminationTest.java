package org.gan4j.models.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.gan4j.core.net.GanNetwork;
import org.gan4j.core.net.Networks;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class MinibatchDiscriminationTest {

    private static MinibatchDiscrimination md(int nIn, int kernels, int size) {
        return new MinibatchDiscrimination.Builder().nIn(nIn).kernels(kernels).kernelSize(size)
                .weightInit(WeightInit.NORMAL).build();
    }

    /** Dense(3 -> 4, tanh) - MD(B=3, C=2) - Dense(7 -> 1); with an MSE output layer for DL4J's check. */
    private static MultiLayerNetwork net(boolean outputLayer) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(11).dataType(DataType.DOUBLE)
                .updater(new NoOp()).list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.TANH).build())
                .layer(md(4, 3, 2));
        b.layer(outputLayer
                ? new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(7).nOut(1)
                        .activation(Activation.IDENTITY).build()
                : new DenseLayer.Builder().nIn(7).nOut(1).activation(Activation.IDENTITY).build());
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();
        return net;
    }

    @Test
    void outputIsTheFeaturesFollowedByThePapersSimilaritySums() {
        int n = 5;
        int a = 3;
        int kernels = 4;
        int size = 2;
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3)
                .dataType(DataType.DOUBLE).list().layer(md(a, kernels, size)).build());
        net.init();
        INDArray f = Nd4j.rand(DataType.DOUBLE, n, a).subi(0.5);
        INDArray out = net.output(f);
        INDArray t = net.getParam("0_" + MinibatchDiscrimination.KERNEL);
        assertThat(out.shape()).containsExactly(n, a + kernels);
        double[][] m = f.mmul(t).toDoubleMatrix();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < a; j++) {
                assertThat(out.getDouble(i, j)).isEqualTo(f.getDouble(i, j));
            }
            for (int b = 0; b < kernels; b++) {
                double o = 0;
                for (int j = 0; j < n; j++) {
                    double l1 = 0;
                    for (int c = 0; c < size; c++) {
                        l1 += Math.abs(m[i][b * size + c] - m[j][b * size + c]);
                    }
                    o += Math.exp(-l1);
                }
                assertThat(out.getDouble(i, a + b)).isCloseTo(o, org.assertj.core.data.Offset.offset(1e-12));
            }
        }
    }

    @Test
    void examplesOfABatchInteract() {
        MultiLayerNetwork net = net(false);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 3);
        INDArray other = x.dup();
        other.putRow(3, Nd4j.rand(DataType.DOUBLE, 1, 3));
        double first = net.output(x).getDouble(0, 0);
        assertThat(net.output(other).getDouble(0, 0)).isNotEqualTo(first);
        // the same example alone in its batch scores differently again
        assertThat(net.output(x.getRows(0)).getDouble(0, 0)).isNotEqualTo(first);
    }

    @Test
    void parameterGradientsMatchFiniteDifferences() {
        assertThat(LayerChecks.parameterGradientsMatch(net(true), Nd4j.rand(DataType.DOUBLE, 5, 3), 1, Set.of()))
                .isTrue();
    }

    @Test
    void inputGradientMatchesFiniteDifferencesInAMultiLayerNetworkAndAGraph() {
        MultiLayerNetwork m = net(false);
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(11).dataType(DataType.DOUBLE)
                .updater(new NoOp()).graphBuilder().addInputs("in")
                .addLayer("h", new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.TANH).build(), "in")
                .addLayer("md", md(4, 3, 2), "h")
                .addLayer("out", new DenseLayer.Builder().nIn(7).nOut(1).activation(Activation.IDENTITY).build(), "md")
                .setOutputs("out").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        g.params().assign(m.params());
        INDArray x = Nd4j.rand(DataType.DOUBLE, 5, 3);
        INDArray eps = Nd4j.rand(DataType.DOUBLE, 5, 1).subi(0.5);
        GanNetwork a = Networks.wrap(m);
        GanNetwork b = Networks.wrap(g);
        assertThat(a.batchCoupled()).isTrue();
        assertThat(b.batchCoupled()).isTrue();
        LayerChecks.inputGradientMatches(a, x, eps, 1e-7);
        LayerChecks.inputGradientMatches(b, x, eps, 1e-7);
    }

    @Test
    void takesItsInputSizeFromTheInputType() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new MinibatchDiscrimination.Builder().kernels(6).kernelSize(3).build())
                .layer(new DenseLayer.Builder().nOut(1).build())
                .setInputType(InputType.feedForward(10)).build());
        net.init();
        assertThat(net.getParam("0_T").shape()).containsExactly(10, 18);
        assertThat(net.getParam("1_W").shape()).containsExactly(16, 1);
    }

    @Test
    void builderRejectsBadSizes() {
        assertThatThrownBy(() -> new MinibatchDiscrimination.Builder().kernels(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
        assertThatThrownBy(() -> new MinibatchDiscrimination.Builder().kernelSize(-2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-2");
        assertThatThrownBy(() -> new MinibatchDiscrimination.Builder().kernels(3).build())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void trainsInAGanDiscriminatorOnTheDigits() {
        MultiLayerNetwork d = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(2)
                .updater(new Adam(2e-4, 0.5, 0.999, 1e-8)).weightInit(WeightInit.UNIFORM).list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(64).activation(Activation.LEAKYRELU).build())
                .layer(new MinibatchDiscrimination.Builder().kernels(16).kernelSize(4).build())
                .layer(new DenseLayer.Builder().nOut(1).activation(Activation.IDENTITY).build())
                .setInputType(InputType.feedForward(784)).build());
        d.init();
        INDArray before = d.getParam("1_T").dup();
        LayerChecks.trainOnDigits(d, 8);
        assertThat(d.getParam("1_T")).isNotEqualTo(before);
    }
}
