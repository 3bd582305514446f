package org.gan4j.models.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
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

class VirtualBatchNormalizationTest {

    private static final double EPS = 1e-5;

    /** VBN(reference of 6 examples, 4 features) - Dense 4 -> 1. */
    private static MultiLayerNetwork net(INDArray reference, Object updater, boolean outputLayer) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(31).dataType(DataType.DOUBLE)
                .updater((org.nd4j.linalg.learning.config.IUpdater) updater).list();
        VirtualBatchNormalization.Builder vbn = new VirtualBatchNormalization.Builder().eps(EPS);
        b.layer(reference == null ? vbn.nIn(4).build() : vbn.reference(reference).build());
        b.layer(outputLayer
                ? new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(4).nOut(1)
                        .activation(Activation.IDENTITY).build()
                : new DenseLayer.Builder().nIn(4).nOut(1).activation(Activation.IDENTITY).build());
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();
        return net;
    }

    @Test
    void eachExampleIsNormalisedWithTheReferenceJoinedWithIt() {
        INDArray ref = Nd4j.rand(DataType.DOUBLE, 6, 4).muli(3).subi(1);
        MultiLayerNetwork net = net(ref, new NoOp(), false);
        INDArray gamma = net.getParam("0_gamma").assign(Nd4j.rand(DataType.DOUBLE, 1, 4).addi(0.5));
        INDArray beta = net.getParam("0_beta").assign(Nd4j.rand(DataType.DOUBLE, 1, 4));
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 4).muli(4);
        INDArray y = net.feedForward(x, false).get(1);
        for (int i = 0; i < 3; i++) {
            for (int k = 0; k < 4; k++) {
                double mean = x.getDouble(i, k);
                for (int r = 0; r < 6; r++) {
                    mean += ref.getDouble(r, k);
                }
                mean /= 7;
                double var = Math.pow(x.getDouble(i, k) - mean, 2);
                for (int r = 0; r < 6; r++) {
                    var += Math.pow(ref.getDouble(r, k) - mean, 2);
                }
                var /= 7;
                double expected = gamma.getDouble(0, k) * (x.getDouble(i, k) - mean) / Math.sqrt(var + EPS)
                        + beta.getDouble(0, k);
                assertThat(y.getDouble(i, k)).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-10));
            }
        }
        assertThat(net.getParam("0_refSize").getDouble(0)).isEqualTo(6.0);
    }

    @Test
    void anExamplesOutputDoesNotDependOnTheOtherExamplesOfItsBatch() {
        MultiLayerNetwork net = net(Nd4j.rand(DataType.DOUBLE, 6, 4), new NoOp(), false);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 5, 4);
        INDArray other = Nd4j.rand(DataType.DOUBLE, 5, 4);
        other.putRow(2, x.getRow(2));
        for (boolean training : new boolean[] {true, false}) {
            double a = net.output(x, training).getDouble(2, 0);
            assertThat(net.output(other, training).getDouble(2, 0))
                    .isCloseTo(a, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(net.output(x.getRows(2), training).getDouble(0, 0))
                    .isCloseTo(a, org.assertj.core.data.Offset.offset(1e-12));
        }
        assertThat(Networks.wrap(net).batchCoupled()).isFalse();
    }

    @Test
    void firstAccumulatingPassCapturesTheReferenceAndNothingElseChangesIt() {
        MultiLayerNetwork net = net(null, new Adam(0.01), false);
        GanNetwork d = Networks.wrap(net);
        assertThat(d.trainableParams()).containsKeys("0_gamma", "0_beta").doesNotContainKeys("0_refMean",
                "0_refMeanSq", "0_refSize");
        INDArray x1 = Nd4j.rand(DataType.DOUBLE, 8, 4);
        INDArray eps = Nd4j.rand(DataType.DOUBLE, 8, 1);
        d.output(x1, true);
        d.forward(x1);
        d.backward(eps, false);
        assertThat(net.getParam("0_refSize").getDouble(0)).isZero();
        d.forward(x1);
        d.backward(eps, true);
        assertThat(net.getParam("0_refSize").getDouble(0)).isEqualTo(8.0);
        assertThat(net.getParam("0_refMean").equalsWithEps(x1.mean(true, 0), 1e-14)).isTrue();
        assertThat(net.getParam("0_refMeanSq").equalsWithEps(x1.mul(x1).mean(true, 0), 1e-14)).isTrue();
        INDArray state = net.getParam("0_refMean").dup();
        INDArray gamma = net.getParam("0_gamma").dup();
        d.forward(Nd4j.rand(DataType.DOUBLE, 8, 4));
        d.backward(eps, true);
        d.applyUpdate();
        assertThat(net.getParam("0_refMean")).isEqualTo(state);
        assertThat(net.getParam("0_refSize").getDouble(0)).isEqualTo(8.0);
        assertThat(net.getParam("0_gamma").equalsWithEps(gamma, 1e-6)).isFalse();
    }

    @Test
    void parameterGradientsMatchFiniteDifferences() {
        MultiLayerNetwork net = net(Nd4j.rand(DataType.DOUBLE, 6, 4), new NoOp(), true);
        net.getParam("0_gamma").assign(Nd4j.rand(DataType.DOUBLE, 1, 4).addi(0.5));
        assertThat(LayerChecks.parameterGradientsMatch(net, Nd4j.rand(DataType.DOUBLE, 5, 4), 1,
                Set.of("0_refMean", "0_refMeanSq", "0_refSize"))).isTrue();
    }

    @Test
    void inputGradientMatchesFiniteDifferencesInAMultiLayerNetworkAndAGraph() {
        INDArray ref = Nd4j.rand(DataType.DOUBLE, 6, 3);
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(8).dataType(DataType.DOUBLE)
                .updater(new NoOp()).graphBuilder().addInputs("in")
                .addLayer("vbn", new VirtualBatchNormalization.Builder().reference(ref).build(), "in")
                .addLayer("act", new ActivationLayer.Builder().activation(Activation.TANH).build(), "vbn")
                .addLayer("out", new DenseLayer.Builder().nIn(3).nOut(1).activation(Activation.IDENTITY).build(), "act")
                .setOutputs("out").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        g.getParam("vbn_gamma").assign(Nd4j.rand(DataType.DOUBLE, 1, 3).addi(0.5));
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 3);
        INDArray eps = Nd4j.rand(DataType.DOUBLE, 4, 1).subi(0.5);
        LayerChecks.inputGradientMatches(Networks.wrap(g), x, eps, 1e-7);
        LayerChecks.inputGradientMatches(Networks.wrap(net(Nd4j.rand(DataType.DOUBLE, 6, 4), new NoOp(), false)),
                Nd4j.rand(DataType.DOUBLE, 4, 4), eps, 1e-7);
    }

    @Test
    void builderRejectsBadValues() {
        assertThatThrownBy(() -> new VirtualBatchNormalization.Builder().eps(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0.0");
        assertThatThrownBy(() -> new VirtualBatchNormalization.Builder().reference(Nd4j.create(DataType.DOUBLE, 0, 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 3]");
        INDArray nan = Nd4j.ones(DataType.DOUBLE, 2, 2);
        nan.putScalar(1, 1, Double.NaN);
        assertThatThrownBy(() -> new VirtualBatchNormalization.Builder().reference(nan))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-finite");
    }

    @Test
    void trainsInAGanDiscriminatorOnTheDigits() {
        MultiLayerNetwork d = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(2)
                .updater(new Adam(2e-4, 0.5, 0.999, 1e-8)).weightInit(WeightInit.UNIFORM).list()
                .layer(new DenseLayer.Builder().nOut(64).activation(Activation.IDENTITY).build())
                .layer(new VirtualBatchNormalization.Builder().build())
                .layer(new ActivationLayer.Builder().activation(Activation.LEAKYRELU).build())
                .layer(new DenseLayer.Builder().nOut(1).activation(Activation.IDENTITY).build())
                .setInputType(InputType.feedForward(784)).build());
        d.init();
        assertThat(Networks.wrap(d).batchCoupled()).isFalse();
        LayerChecks.trainOnDigits(d, 8);
        // captured on the first update: real and fake examples of batch 32 together
        assertThat(d.getParam("1_refSize").getDouble(0)).isEqualTo(64.0);
    }
}
