package org.gan4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.gan4j.core.loss.Losses;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/** Weight clipping and instance noise do what they say. */
class TricksTest {

    static GanTrainer.Builder builder() {
        return GanTrainer.builder()
                .generator(Generator.of(TinyNets.generator(3, 4, DataType.FLOAT, new Adam(1e-1), 1)))
                .discriminator(Discriminator.of(TinyNets.discriminator(4, DataType.FLOAT, new Adam(1e-1), 2, true)))
                .latent(LatentSpace.normal(3)).batchSize(8).maxSteps(10);
    }

    @Test
    void weightClippingBoundsTrainableParametersButNotBatchNormStatistics() {
        GanTrainer t = builder().loss(Losses.wasserstein()).weightClipping(0.01).build();
        TrainingState s = t.newState();
        INDArray real = Nd4j.rand(DataType.FLOAT, 8, 4).muli(50);
        for (int i = 0; i < 3; i++) {
            t.trainDiscriminator(s, real);
        }
        for (INDArray p : t.discriminator().network().trainableParams().values()) {
            assertThat(Math.abs(p.maxNumber().doubleValue())).isLessThanOrEqualTo(0.01 + 1e-7);
            assertThat(Math.abs(p.minNumber().doubleValue())).isLessThanOrEqualTo(0.01 + 1e-7);
        }
        // the batch-norm running variance (initialised at 1) is a statistic, not clipped
        assertThat(t.discriminator().network().params().maxNumber().doubleValue()).isGreaterThan(0.5);
    }

    @Test
    void instanceNoiseChangesWhatDSeesAndAnnealsToNothing() {
        INDArray real = Nd4j.rand(DataType.FLOAT, 8, 4);
        double plain = builder().build().trainDiscriminator(new TrainingState(), real).loss();
        double noisy = builder().instanceNoise(5.0, 4).build().trainDiscriminator(new TrainingState(), real).loss();
        assertThat(noisy).isNotEqualTo(plain);
        // at step 4 of a 4-step anneal the noise is gone: identical to training without it
        double plainLate = builder().build().trainDiscriminator(new TrainingState(4, 0, 0, 0, 0), real).loss();
        double annealed = builder().instanceNoise(5.0, 4).build()
                .trainDiscriminator(new TrainingState(4, 0, 0, 0, 0), real).loss();
        assertThat(annealed).isEqualTo(plainLate);
    }
}
