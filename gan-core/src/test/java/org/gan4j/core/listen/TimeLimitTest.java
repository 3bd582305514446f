package org.gan4j.core.listen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.gan4j.core.Discriminator;
import org.gan4j.core.GanTrainer;
import org.gan4j.core.Generator;
import org.gan4j.core.LatentSpace;
import org.gan4j.core.StopReason;
import org.gan4j.core.TrainingResult;
import org.gan4j.core.data.ImageDataset;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;

class TimeLimitTest {

    private static MultiLayerNetwork dense(int in, int out, Activation act) {
        MultiLayerNetwork n = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new DenseLayer.Builder().nIn(in).nOut(out).activation(act).build()).build());
        n.init();
        return n;
    }

    @Test
    void aSpentBudgetStopsTheRunAfterTheCurrentStep() {
        GanTrainer t = GanTrainer.builder().generator(Generator.of(dense(4, 784, Activation.TANH)))
                .discriminator(Discriminator.of(dense(784, 1, Activation.IDENTITY))).latent(LatentSpace.normal(4))
                .batchSize(16).maxSteps(1000).listener(new TimeLimit(Duration.ofNanos(1))).build();
        TrainingResult r = t.fit(ImageDataset.bundledDigits().slice(0, 64).iterator(16, ImageDataset.Layout.FLAT, 1));
        assertThat(r.steps()).isEqualTo(1);
        assertThat(r.stopReason()).isEqualTo(StopReason.REQUESTED);
        assertThatThrownBy(() -> new TimeLimit(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT0S");
    }

    @Test
    void explicitlyUnlimitedRunsGoOnUntilAListenerStopsThem() {
        TrainingListener stopAt3 = new TrainingListener() {
            @Override
            public void onStep(org.gan4j.core.TrainingContext c, org.gan4j.core.StepResult s) {
                if (s.step() == 3) {
                    c.requestStop("enough");
                }
            }
        };
        GanTrainer t = GanTrainer.builder().generator(Generator.of(dense(4, 784, Activation.TANH)))
                .discriminator(Discriminator.of(dense(784, 1, Activation.IDENTITY))).latent(LatentSpace.normal(4))
                .batchSize(16).epochs(Integer.MAX_VALUE).maxSteps(Long.MAX_VALUE).listener(stopAt3).build();
        // one batch per epoch: three steps span three epochs
        TrainingResult r = t.fit(ImageDataset.bundledDigits().slice(0, 16).iterator(16, ImageDataset.Layout.FLAT, 1));
        assertThat(r.steps()).isEqualTo(3);
        assertThat(r.stopReason()).isEqualTo(StopReason.REQUESTED);
    }
}
