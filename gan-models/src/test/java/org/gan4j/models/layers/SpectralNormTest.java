package org.gan4j.models.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
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

class SpectralNormTest {

    private static MultiLayerNetwork net(DataType type, Object updater, Layer... layers) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(21).dataType(type)
                .updater((org.nd4j.linalg.learning.config.IUpdater) updater).list();
        for (Layer l : layers) {
            b.layer(l);
        }
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();
        return net;
    }

    /** Largest singular value of {@code m} by 2,000 plain power iterations. */
    private static double sigma(double[][] m) {
        int rows = m.length;
        int cols = m[0].length;
        double[] v = new double[cols];
        java.util.Arrays.fill(v, 1.0);
        double s = 0;
        for (int it = 0; it < 2000; it++) {
            double[] u = new double[rows];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    u[i] += m[i][j] * v[j];
                }
            }
            s = norm(u);
            double[] w = new double[cols];
            for (int j = 0; j < cols; j++) {
                for (int i = 0; i < rows; i++) {
                    w[j] += m[i][j] * u[i] / s;
                }
            }
            double nw = norm(w);
            for (int j = 0; j < cols; j++) {
                v[j] = w[j] / nw;
            }
        }
        return s;
    }

    private static double norm(double[] x) {
        double s = 0;
        for (double d : x) {
            s += d * d;
        }
        return Math.sqrt(s);
    }

    @Test
    void denseOutputUsesTheWeightDividedByItsLargestSingularValue() {
        MultiLayerNetwork net = net(DataType.DOUBLE, new NoOp(), new SpectralNormDense.Builder().nIn(6).nOut(4)
                .activation(Activation.IDENTITY).powerIterations(60).build());
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 6);
        INDArray w = net.getParam("0_W");
        double s = sigma(w.toDoubleMatrix());
        assertThat(s).isGreaterThan(1.2); // the normalisation is not a no-op here
        INDArray expected = x.mmul(w.div(s)).addRowVector(net.getParam("0_b"));
        assertThat(net.output(x, true).equalsWithEps(expected, 1e-10)).isTrue();
        // inference: the stored u after the 15 initial iterations already gives sigma to 1e-3
        assertThat(net.output(x, false).equalsWithEps(expected, 1e-3 * expected.amaxNumber().doubleValue())).isTrue();
        assertThat(net.numParams()).isEqualTo(6 * 4 + 4 + 4);
    }

    @Test
    void convolutionOutputUsesTheReshapedKernelsLargestSingularValue() {
        MultiLayerNetwork sn = net(DataType.DOUBLE, new NoOp(), new SpectralNormConvolution.Builder(3, 3)
                .powerIterations(60).nIn(2).nOut(3).stride(1, 1).activation(Activation.IDENTITY).build());
        MultiLayerNetwork plain = net(DataType.DOUBLE, new NoOp(), new ConvolutionLayer.Builder(3, 3).nIn(2).nOut(3)
                .stride(1, 1).activation(Activation.IDENTITY).build());
        assertThat(sn.numParams()).isEqualTo(3 * 2 * 9 + 3 + 3);
        INDArray w = sn.getParam("0_W");
        double s = sigma(w.reshape('c', 3, 18).toDoubleMatrix());
        plain.getParam("0_W").assign(w.div(s));
        plain.getParam("0_b").assign(sn.getParam("0_b"));
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 2, 5, 5);
        assertThat(sn.output(x, true).equalsWithEps(plain.output(x), 1e-10)).isTrue();
    }

    @Test
    void uChangesOnlyOnAccumulatingBackwardPassesAndNeverThroughTheOptimizer() {
        MultiLayerNetwork net = net(DataType.DOUBLE, new Adam(0.01), new SpectralNormDense.Builder().nIn(5).nOut(3)
                .activation(Activation.TANH).build(), new DenseLayer.Builder().nIn(3).nOut(1)
                .activation(Activation.IDENTITY).build());
        GanNetwork d = Networks.wrap(net);
        assertThat(d.batchCoupled()).isFalse();
        assertThat(d.trainableParams()).containsKeys("0_W", "0_b").doesNotContainKey("0_u");
        INDArray u = net.getParam("0_u");
        INDArray u0 = u.dup();
        INDArray w0 = net.getParam("0_W").dup();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 5);
        INDArray eps = Nd4j.rand(DataType.DOUBLE, 4, 1);
        d.output(x, false);
        d.output(x, true);
        d.forward(x);
        d.backward(eps, false);
        assertThat(u).isEqualTo(u0);
        d.forward(x);
        d.backward(eps, true);
        // one power iteration from u0: v = W u0 / |W u0|, u1 = W^T v / |W^T v|
        INDArray v = w0.mmul(u0);
        v.divi(v.norm2Number());
        INDArray u1 = w0.transpose().mmul(v);
        u1.divi(u1.norm2Number());
        assertThat(u.equalsWithEps(u1, 1e-14)).isTrue();
        assertThat(u.equalsWithEps(u0, 1e-6)).isFalse();
        d.applyUpdate();
        assertThat(u.equalsWithEps(u1, 1e-14)).isTrue();
        assertThat(net.getParam("0_W").equalsWithEps(w0, 1e-6)).isFalse();
    }

    @Test
    void denseParameterGradientsMatchFiniteDifferences() {
        MultiLayerNetwork net = net(DataType.DOUBLE, new NoOp(),
                new SpectralNormDense.Builder().nIn(4).nOut(5).activation(Activation.TANH).powerIterations(100).build(),
                new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(5).nOut(2).activation(Activation.IDENTITY)
                        .build());
        assertThat(LayerChecks.parameterGradientsMatch(net, Nd4j.rand(DataType.DOUBLE, 6, 4), 2, Set.of("0_u")))
                .isTrue();
    }

    @Test
    void convolutionParameterGradientsMatchFiniteDifferences() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(4)
                .dataType(DataType.DOUBLE).updater(new NoOp()).list()
                .layer(new SpectralNormConvolution.Builder(3, 3).powerIterations(100).nOut(3).stride(2, 2)
                        .activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).activation(Activation.IDENTITY)
                        .build())
                .setInputType(InputType.convolutional(5, 5, 2)).build());
        net.init();
        assertThat(LayerChecks.parameterGradientsMatch(net, Nd4j.rand(DataType.DOUBLE, 3, 2, 5, 5), 2, Set.of("0_u")))
                .isTrue();
    }

    @Test
    void inputGradientMatchesFiniteDifferencesInAGraph() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(8).dataType(DataType.DOUBLE)
                .updater(new NoOp()).graphBuilder().addInputs("in")
                .addLayer("sn", new SpectralNormDense.Builder().nIn(4).nOut(6).activation(Activation.TANH).build(),
                        "in")
                .addLayer("out", new SpectralNormDense.Builder().nIn(6).nOut(1).activation(Activation.IDENTITY).build(),
                        "sn")
                .setOutputs("out").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        GanNetwork d = Networks.wrap(g);
        assertThat(d.batchCoupled()).isFalse();
        LayerChecks.inputGradientMatches(d, Nd4j.rand(DataType.DOUBLE, 3, 4),
                Nd4j.rand(DataType.DOUBLE, 3, 1).subi(0.5), 1e-7);
    }

    @Test
    void builderRejectsBadIterationCounts() {
        assertThatThrownBy(() -> new SpectralNormDense.Builder().powerIterations(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
        assertThatThrownBy(() -> new SpectralNormConvolution.Builder(3, 3).powerIterations(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }

    @Test
    void trainsInAGanDiscriminatorOnTheDigits() {
        MultiLayerNetwork d = net(DataType.FLOAT, new Adam(2e-4, 0.5, 0.999, 1e-8),
                new SpectralNormDense.Builder().nIn(784).nOut(64).activation(Activation.LEAKYRELU).build(),
                new SpectralNormDense.Builder().nIn(64).nOut(1).activation(Activation.IDENTITY).build());
        INDArray u = d.getParam("0_u");
        INDArray u0 = u.dup();
        LayerChecks.trainOnDigits(d, 8);
        assertThat(u.equalsWithEps(u0, 1e-7)).isFalse();
        assertThat(u.norm2Number().doubleValue()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    }
}
