package org.gan4j.core.penalty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.gan4j.core.Discriminator;
import org.gan4j.core.GanTrainer;
import org.gan4j.core.Generator;
import org.gan4j.core.LatentSpace;
import org.gan4j.core.TrainingState;
import org.gan4j.core.loss.Losses;
import org.gan4j.core.net.GanNetwork;
import org.gan4j.core.net.Networks;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

/** Gradient penalties: value and parameter gradient against finite differences, and their effect in training. */
class GradientPenaltyTest {

    private static MultiLayerNetwork critic(int in, DataType type, IUpdater updater, long seed, Activation act,
            boolean batchNorm) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(seed).dataType(type)
                .updater(updater).list()
                .layer(new DenseLayer.Builder().nIn(in).nOut(6).activation(act).build());
        if (batchNorm) {
            b.layer(new BatchNormalization.Builder().nOut(6).build());
        }
        b.layer(new DenseLayer.Builder().nIn(6).nOut(6).activation(act).build())
                .layer(new DenseLayer.Builder().nIn(6).nOut(1).activation(Activation.IDENTITY).build());
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();
        return net;
    }

    /**
     * With SGD(lr=1) the applied update equals the penalty's parameter gradient; it must match
     * central finite differences of the penalty's value over every parameter (double precision).
     */
    @Test
    void parameterGradientMatchesFiniteDifferences() {
        for (GradientPenalty p : List.of(GradientPenalty.r1(3.0), GradientPenalty.wassersteinGp(2.0))) {
            for (Activation act : List.of(Activation.TANH, Activation.SOFTPLUS)) {
                GanNetwork d = Networks.wrap(critic(4, DataType.DOUBLE, new Sgd(1.0), 5, act, false));
                INDArray real = Nd4j.rand(DataType.DOUBLE, 7, 4).muli(2).subi(1);
                INDArray fake = Nd4j.rand(DataType.DOUBLE, 7, 4).muli(2).subi(1);
                INDArray realCopy = real.dup();
                long seed = 99;
                INDArray params = d.params();
                INDArray before = params.dup();
                double value = p.apply(d, real, fake, seed);
                assertThat(value).isEqualTo(p.value(d, real, fake, seed));
                d.applyUpdate();
                INDArray analytic = before.sub(params);
                params.assign(before);

                double h = 1e-6;
                double maxRel = 0;
                double floor = 1e-6 * analytic.amaxNumber().doubleValue();
                for (long i = 0; i < params.length(); i++) {
                    double v = params.getDouble(i);
                    params.putScalar(i, v + h);
                    double up = p.value(d, real, fake, seed);
                    params.putScalar(i, v - h);
                    double down = p.value(d, real, fake, seed);
                    params.putScalar(i, v);
                    double numeric = (up - down) / (2 * h);
                    double a = analytic.getDouble(i);
                    double rel = Math.abs(a - numeric) / Math.max(floor, Math.abs(a) + Math.abs(numeric));
                    maxRel = Math.max(maxRel, rel);
                }
                System.out.println(p + " " + act + ": max relative error of the parameter gradient " + maxRel);
                assertThat(maxRel).as("%s with %s", p, act).isLessThan(1e-5);
                assertThat(real).isEqualTo(realCopy);
            }
        }
    }

    /** R1's value is gamma/2 times the mean squared input-gradient norm, checked against finite differences in x. */
    @Test
    void valueIsHalfGammaTimesMeanSquaredInputGradientNorm() {
        GanNetwork d = Networks.wrap(critic(3, DataType.DOUBLE, new Sgd(1.0), 8, Activation.TANH, false));
        INDArray real = Nd4j.rand(DataType.DOUBLE, 4, 3);
        double h = 1e-6;
        double sum = 0;
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 3; j++) {
                INDArray up = real.getRow(i, true).dup();
                INDArray down = up.dup();
                up.putScalar(0, j, up.getDouble(0, j) + h);
                down.putScalar(0, j, down.getDouble(0, j) - h);
                double g = (d.output(up, true).getDouble(0) - d.output(down, true).getDouble(0)) / (2 * h);
                sum += g * g;
            }
        }
        double expected = 10.0 / 2 * sum / 4;
        assertThat(GradientPenalty.r1(10.0).value(d, real, real, 1L)).isCloseTo(expected,
                org.assertj.core.data.Percentage.withPercentage(1e-4));
    }

    /** Training with R1 makes D much smoother on real data than the same run without it. */
    @Test
    void r1ShrinksTheDiscriminatorsInputGradientOnRealData() {
        double plain = inputGradientAfterTraining(null);
        double penalised = inputGradientAfterTraining(GradientPenalty.r1(10.0));
        System.out.println("mean squared |grad_x D(real)| after 300 steps: plain " + plain + ", with R1(10) " + penalised);
        assertThat(penalised).isLessThan(plain / 4);
    }

    private static double inputGradientAfterTraining(DiscriminatorPenalty penalty) {
        MultiLayerNetwork g = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).updater(new Adam(2e-3))
                .list()
                .layer(new DenseLayer.Builder().nIn(2).nOut(16).activation(Activation.LEAKYRELU).build())
                .layer(new DenseLayer.Builder().nIn(16).nOut(2).activation(Activation.IDENTITY).build())
                .build());
        g.init();
        GanNetwork dNet = Networks.wrap(critic(2, DataType.FLOAT, new Adam(2e-3), 2, Activation.LEAKYRELU, false));
        GanTrainer.Builder b = GanTrainer.builder().generator(Generator.of(g)).discriminator(Discriminator.of(dNet))
                .latent(LatentSpace.normal(2)).batchSize(32).maxSteps(300).seed(3).loss(Losses.nonSaturating());
        if (penalty != null) {
            b.discriminatorPenalty(penalty);
        }
        GanTrainer t = b.build();
        TrainingState s = t.newState();
        org.nd4j.linalg.api.rng.Random rng = Nd4j.getRandomFactory().getNewRandomInstance(17);
        INDArray real = null;
        for (int i = 0; i < 300; i++) {
            real = Nd4j.randn(rng, 32, 2).castTo(DataType.FLOAT).muli(0.3).addi(2.0);
            t.trainDiscriminator(s, real);
            t.trainGenerator(s);
        }
        return GradientPenalty.r1(2.0).value(dNet, real, real, 0L);
    }

    @Test
    void trainerRefusesPenaltiesOnABatchNormDiscriminatorAndRecordsThem() {
        MultiLayerNetwork g = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new DenseLayer.Builder().nIn(2).nOut(4).activation(Activation.TANH).build()).build());
        g.init();
        GanTrainer.Builder b = GanTrainer.builder().generator(Generator.of(g))
                .discriminator(Discriminator.of(critic(4, DataType.FLOAT, new Adam(1e-3), 2, Activation.TANH, true)))
                .latent(LatentSpace.normal(2)).maxSteps(1).discriminatorPenalty(GradientPenalty.wassersteinGp(10));
        assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("batch normalisation");
        assertThatThrownBy(() -> GradientPenalty.r1(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0.0");
        assertThatThrownBy(() -> GanTrainer.builder().discriminatorPenalty(null))
                .isInstanceOf(IllegalArgumentException.class);

        GanTrainer t = GanTrainer.builder().generator(Generator.of(g))
                .discriminator(Discriminator.of(critic(4, DataType.FLOAT, new Adam(1e-3), 2, Activation.TANH, false)))
                .latent(LatentSpace.normal(2)).maxSteps(1).discriminatorPenalty(GradientPenalty.wassersteinGp(10)).build();
        Map<String, Object> config = t.configuration();
        assertThat(config.get("discriminatorPenalties")).isEqualTo(List.of("wgan-gp(lambda=10.0)"));
    }
}
