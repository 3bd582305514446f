package org.gan4j.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.gan4j.core.GanTrainer;
import org.gan4j.core.data.ImageDataset;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class DcganTest {

    @Test
    void mnistRecipeHasTheReferenceArchitecture() {
        MultiLayerNetwork g = Dcgan.mnist().generatorNetwork(1);
        MultiLayerNetwork d = Dcgan.mnist().discriminatorNetwork(2);
        // torch: Linear(100, 6272) BN1d(6272) ConvT(128,64,4) BN2d(64) ConvT(64,1,4)
        long gTrainable = (100 * 6272 + 6272) + 2 * 6272 + (128 * 64 * 16 + 64) + 2 * 64 + (64 * 16 + 1);
        long gStats = 2 * 6272 + 2 * 64;
        assertThat(g.numParams()).isEqualTo(gTrainable + gStats);
        // torch: Conv(1,64,5) Conv(64,128,5) BN2d(128) Linear(6272, 1)
        long dTrainable = (25 * 64 + 64) + (64 * 25 * 128 + 128) + 2 * 128 + (6272 + 1);
        assertThat(d.numParams()).isEqualTo(dTrainable + 2 * 128);
        assertThat(g.output(Nd4j.randn(DataType.FLOAT, 3, 100)).shape()).containsExactly(3, 1, 28, 28);
        assertThat(d.output(Nd4j.rand(DataType.FLOAT, 3, 1, 28, 28)).shape()).containsExactly(3, 1);
    }

    @Test
    void builderMakesOtherSizesThatFitTogether() {
        Dcgan rgb32 = Dcgan.of(32, 3, 64, 16, 3);
        assertThat(rgb32.generatorNetwork(1).output(Nd4j.randn(DataType.FLOAT, 2, 64)).shape())
                .containsExactly(2, 3, 32, 32);
        GanTrainer t = rgb32.trainer(1).batchSize(4).maxSteps(1).build();
        assertThat(t.sampleShape()).containsExactly(3, 32, 32);
        assertThat(Dcgan.of(64, 3, 100, 8, 4).discriminatorNetwork(1)
                .output(Nd4j.rand(DataType.FLOAT, 2, 3, 64, 64)).shape()).containsExactly(2, 1);
        assertThatThrownBy(() -> Dcgan.of(30, 1, 100, 64, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("30");
    }

    @Test
    void trainsAFewStepsOnTheDigits() {
        GanTrainer t = Dcgan.mnist().trainer(3).batchSize(16).maxSteps(3).build();
        var r = t.fit(ImageDataset.bundledDigits().slice(0, 64).iterator(16, ImageDataset.Layout.NCHW, 1));
        assertThat(r.steps()).isEqualTo(3);
        assertThat(r.last().discriminatorLoss()).isFinite();
    }
}
