package org.gan4j.models.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.gan4j.core.net.GanNetwork;
import org.gan4j.core.net.Networks;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

class LayerCheckpointTest {

    private static MultiLayerNetwork net(long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(seed)
                .dataType(DataType.DOUBLE).updater(new Adam(0.01)).list()
                .layer(new SpectralNormDense.Builder().nOut(6).activation(Activation.TANH).powerIterations(2).build())
                .layer(new VirtualBatchNormalization.Builder().eps(1e-3).build())
                .layer(new MinibatchDiscrimination.Builder().kernels(3).kernelSize(2).build())
                .layer(new DenseLayer.Builder().nOut(1).activation(Activation.IDENTITY).build())
                .setInputType(InputType.feedForward(5)).build());
        net.init();
        return net;
    }

    @Test
    void configurationsSurviveJson() {
        org.deeplearning4j.nn.conf.MultiLayerConfiguration conf = net(1).getLayerWiseConfigurations();
        org.deeplearning4j.nn.conf.MultiLayerConfiguration back =
                org.deeplearning4j.nn.conf.MultiLayerConfiguration.fromJson(conf.toJson());
        SpectralNormDense sn = (SpectralNormDense) back.getConf(0).getLayer();
        VirtualBatchNormalization vbn = (VirtualBatchNormalization) back.getConf(1).getLayer();
        MinibatchDiscrimination md = (MinibatchDiscrimination) back.getConf(2).getLayer();
        assertThat(sn.getPowerIterations()).isEqualTo(2);
        assertThat(vbn.getEps()).isEqualTo(1e-3);
        assertThat(md.getKernels()).isEqualTo(3);
        assertThat(md.getKernelSize()).isEqualTo(2);
        assertThat(md.getNOut()).isEqualTo(9);
        assertThat(back).isEqualTo(conf);
    }

    /** Configuration, parameters, layer state and optimizer state survive a checkpoint. */
    @Test
    void aNetworkWithAllThreeLayersRestoresExactly() throws IOException {
        GanNetwork a = Networks.wrap(net(1));
        INDArray x = Nd4j.rand(DataType.DOUBLE, 6, 5);
        for (int i = 0; i < 3; i++) {
            a.forward(x);
            a.backward(Nd4j.rand(DataType.DOUBLE, 6, 1), true);
            a.applyUpdate();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        a.write(bytes);
        MultiLayerNetwork restored = net(2);
        GanNetwork b = Networks.wrap(restored);
        b.restore(new ByteArrayInputStream(bytes.toByteArray()));
        assertThat(b.params()).isEqualTo(a.params());
        assertThat(b.updaterState()).isEqualTo(a.updaterState());
        assertThat(restored.getParam("1_refSize").getDouble(0)).isEqualTo(6.0);
        assertThat(b.output(x, true)).isEqualTo(a.output(x, true));
        assertThat(b.batchCoupled()).isTrue();
    }
}
