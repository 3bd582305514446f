package org.gan4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.gan4j.core.data.ImageDataset;
import org.gan4j.core.net.Networks;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

/** A GAN of ComputationGraphs trains exactly like the same GAN of MultiLayerNetworks. */
class ComputationGraphTrainingTest {

    static ComputationGraph generatorGraph() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT)
                .updater(new Adam(1e-3)).graphBuilder().addInputs("z")
                .addLayer("d0", new DenseLayer.Builder().nIn(3).nOut(6).activation(Activation.TANH).build(), "z")
                .addLayer("bn", new BatchNormalization.Builder().nOut(6).decay(0.8).build(), "d0")
                .addLayer("out", new DenseLayer.Builder().nIn(6).nOut(784).activation(Activation.TANH).build(), "bn")
                .setOutputs("out").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    static ComputationGraph discriminatorGraph() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(2).dataType(DataType.FLOAT)
                .updater(new Adam(1e-3)).graphBuilder().addInputs("x")
                .addLayer("d0", new DenseLayer.Builder().nIn(784).nOut(5).activation(Activation.IDENTITY).build(), "x")
                .addLayer("bn", new BatchNormalization.Builder().nOut(5).decay(0.8).build(), "d0")
                .addLayer("act", new ActivationLayer.Builder().activation(Activation.LEAKYRELU).build(), "bn")
                .addLayer("out", new DenseLayer.Builder().nIn(5).nOut(1).activation(Activation.IDENTITY).build(), "act")
                .setOutputs("out").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    @Test
    void graphsAndMultiLayerNetworksGiveTheSameHistory() {
        MultiLayerNetwork gNet = TinyNets.generator(3, 784, DataType.FLOAT, new Adam(1e-3), 1);
        MultiLayerNetwork dNet = TinyNets.discriminator(784, DataType.FLOAT, new Adam(1e-3), 2, true);
        ComputationGraph gGraph = generatorGraph();
        ComputationGraph dGraph = discriminatorGraph();
        gGraph.params().assign(gNet.params());
        dGraph.params().assign(dNet.params());
        ImageDataset digits = ImageDataset.bundledDigits().slice(0, 64);
        // both through DL4J's layers (Generator.of(MultiLayerNetwork) would pick the native path, whose
        // float rounding differs: Adam turns that noise into full steps for the bias before batch
        // normalisation, whose true gradient is zero)
        List<StepResult> a = GanTrainer.builder().generator(Generator.of(Networks.wrap(gNet)))
                .discriminator(Discriminator.of(Networks.wrap(dNet)))
                .latent(LatentSpace.normal(3)).batchSize(8).maxSteps(6).build()
                .fit(digits.iterator(8, ImageDataset.Layout.FLAT, 1)).history();
        List<StepResult> b = GanTrainer.builder().generator(Generator.of(gGraph))
                .discriminator(Discriminator.of(dGraph)).latent(LatentSpace.normal(3)).batchSize(8).maxSteps(6)
                .build().fit(digits.iterator(8, ImageDataset.Layout.FLAT, 1)).history();
        assertThat(b).hasSize(6);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).discriminatorLoss()).isCloseTo(a.get(i).discriminatorLoss(),
                    org.assertj.core.data.Offset.offset(1e-5));
            assertThat(b.get(i).generatorLoss()).isCloseTo(a.get(i).generatorLoss(),
                    org.assertj.core.data.Offset.offset(1e-5));
        }
        assertThat(dGraph.params().equalsWithEps(dNet.params(), 1e-4)).isTrue();
        assertThat(gGraph.params().equalsWithEps(gNet.params(), 1e-4)).isTrue();
    }
}
