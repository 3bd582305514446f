package org.gan4j.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;

class NetworkAdapterTest {

    static MultiLayerNetwork mlp(long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(seed)
                .dataType(DataType.DOUBLE).updater(new Sgd(0.1)).list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(5).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nIn(5).nOut(1).activation(Activation.IDENTITY).build())
                .build());
        net.init();
        return net;
    }

    static ComputationGraph graph(long seed) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed)
                .dataType(DataType.DOUBLE).updater(new Sgd(0.1)).graphBuilder().addInputs("in")
                .addLayer("h", new DenseLayer.Builder().nIn(3).nOut(5).activation(Activation.TANH).build(), "in")
                .addLayer("out", new DenseLayer.Builder().nIn(5).nOut(1).activation(Activation.IDENTITY).build(), "h")
                .setOutputs("out").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    @Test
    void graphAndMultiLayerGiveTheSameInputGradient() {
        MultiLayerNetwork m = mlp(1);
        ComputationGraph g = graph(1);
        g.params().assign(m.params());
        GanNetwork a = Networks.wrap(m);
        GanNetwork b = Networks.wrap(g);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 3);
        INDArray eps = Nd4j.rand(DataType.DOUBLE, 4, 1);
        assertThat(a.forward(x)).isEqualTo(b.forward(x));
        INDArray ga = a.backward(eps, false);
        INDArray gb = b.backward(eps, false);
        assertThat(ga).isNotNull();
        assertThat(gb.shape()).containsExactly(4, 3);
        assertThat(ga.equalsWithEps(gb, 1e-12)).isTrue();

        // finite differences of sum(eps * f(x)) with respect to x
        double h = 1e-6;
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 3; j++) {
                INDArray xp = x.dup();
                xp.putScalar(i, j, x.getDouble(i, j) + h);
                INDArray xm = x.dup();
                xm.putScalar(i, j, x.getDouble(i, j) - h);
                double fd = (m.output(xp).mul(eps).sumNumber().doubleValue()
                        - m.output(xm).mul(eps).sumNumber().doubleValue()) / (2 * h);
                assertThat(gb.getDouble(i, j)).isCloseTo(fd, org.assertj.core.data.Offset.offset(1e-7));
            }
        }
    }

    @Test
    void rejectsNetworksEndingInAnOutputLayer() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new OutputLayer.Builder().nIn(3).nOut(2).build()).build());
        net.init();
        assertThatThrownBy(() -> Networks.wrap(net)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("output layer");
    }

    /** Dense 3-5, batch norm, tanh, Dense 5-1, with Adam. */
    private static MultiLayerNetwork batchNormMlp(long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(seed)
                .dataType(DataType.DOUBLE).updater(new Adam(0.01, 0.5, 0.999, 1e-8)).list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(5).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().nOut(5).decay(0.8).build())
                .layer(new ActivationLayer.Builder().activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nIn(5).nOut(1).activation(Activation.IDENTITY).build())
                .build());
        net.init();
        return net;
    }

    @Test
    void updatesEqualDl4jsOwnUpdaterStepOnTheBackpropGradient() {
        MultiLayerNetwork ours = batchNormMlp(7);
        MultiLayerNetwork reference = batchNormMlp(7);
        GanNetwork wrapped = Networks.wrap(ours);
        for (int step = 0; step < 4; step++) {
            Nd4j.getRandom().setSeed(100 + step);
            INDArray x = Nd4j.randn(DataType.DOUBLE, 8, 3);
            INDArray eps = Nd4j.randn(DataType.DOUBLE, 8, 1);
            wrapped.forward(x);
            wrapped.backward(eps, true);
            wrapped.applyUpdate();

            reference.setInput(x);
            reference.feedForward(true, false);
            Gradient g = reference.backpropGradient(eps.dup(), LayerWorkspaceMgr.noWorkspaces()).getFirst();
            int it = reference.getIterationCount();
            reference.getUpdater().update(reference, g, it, reference.getEpochCount(), 1,
                    LayerWorkspaceMgr.noWorkspaces());
            reference.params().subi(g.gradient());
            reference.setIterationCount(it + 1);

            assertThat(ours.params()).as("parameters and running statistics after step %d", step)
                    .isEqualTo(reference.params());
            assertThat(ours.getUpdater().getStateViewArray()).as("Adam state after step %d", step)
                    .isEqualTo(reference.getUpdater().getStateViewArray());
        }
    }
}
