package org.gan4j.core;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;

/** Small networks for engine tests. */
final class TinyNets {

    private TinyNets() {
    }

    /** G: z(latent) - Dense 6 tanh - BatchNorm - Dense out tanh. */
    static MultiLayerNetwork generator(int latent, int out, DataType type, IUpdater updater, long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(seed).dataType(type)
                .updater(updater).list()
                .layer(new DenseLayer.Builder().nIn(latent).nOut(6).activation(Activation.TANH).build())
                .layer(new BatchNormalization.Builder().nOut(6).decay(0.8).build())
                .layer(new DenseLayer.Builder().nIn(6).nOut(out).activation(Activation.TANH).build())
                .build());
        net.init();
        return net;
    }

    /** D: x(in) - Dense 5 - BatchNorm - leaky ReLU - Dense 1 identity. */
    static MultiLayerNetwork discriminator(int in, DataType type, IUpdater updater, long seed, boolean batchNorm) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(seed).dataType(type)
                .updater(updater).list()
                .layer(new DenseLayer.Builder().nIn(in).nOut(5).activation(Activation.IDENTITY).build());
        if (batchNorm) {
            b.layer(new BatchNormalization.Builder().nOut(5).decay(0.8).build());
        }
        b.layer(new ActivationLayer.Builder().activation(Activation.LEAKYRELU).build())
                .layer(new DenseLayer.Builder().nIn(5).nOut(1).activation(Activation.IDENTITY).build());
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();
        return net;
    }
}
