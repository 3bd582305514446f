package org.gan4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.gan4j.core.loss.FeatureMatching;
import org.gan4j.core.net.GanNetwork;
import org.gan4j.core.net.Networks;
import org.gan4j.core.net.SplitNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/** Feature matching as G's objective in the trainer: exact gradient, D untouched, clear misuse errors. */
class FeatureMatchingTrainingTest {

    private static GanTrainer trainer(SplitNetwork d, MultiLayerNetwork g) {
        return GanTrainer.builder().generator(Generator.of(g)).discriminator(Discriminator.of(d))
                .latent(LatentSpace.normal(3)).batchSize(5).maxSteps(2).featureMatching(d.trunk()).build();
    }

    /**
     * With SGD(lr=1) G's update equals its gradient; it must match central finite differences of
     * the feature-matching loss against the real batch of the preceding D update (double precision).
     */
    @Test
    void generatorGradientMatchesFiniteDifferencesOfTheFeatureMatchingLoss() {
        MultiLayerNetwork gNet = TinyNets.generator(3, 4, DataType.DOUBLE, new Sgd(1.0), 1);
        SplitNetwork d = Networks.split(TinyNets.discriminator(4, DataType.DOUBLE, new Sgd(0.1), 2, false), 2);
        GanTrainer t = trainer(d, gNet);
        assertThat(t.configuration().get("generatorObjective").toString()).startsWith("feature matching on");
        TrainingState s = t.newState();
        INDArray real = Nd4j.rand(DataType.DOUBLE, 5, 4);
        t.trainDiscriminator(s, real);
        INDArray dParams = d.params().dup();
        INDArray z = t.latent().sample(5, DataType.DOUBLE, 3L);
        GanNetwork g = t.generator().network();
        INDArray params = g.params();
        INDArray realFeatures = d.trunk().output(real, true);
        double h = 1e-6;
        INDArray numeric = params.dup();
        for (long i = 0; i < params.length(); i++) {
            double v = params.getDouble(i);
            params.putScalar(i, v + h);
            double up = FeatureMatching.loss(realFeatures, d.trunk().output(g.output(z, true), true)).value();
            params.putScalar(i, v - h);
            double down = FeatureMatching.loss(realFeatures, d.trunk().output(g.output(z, true), true)).value();
            params.putScalar(i, v);
            numeric.putScalar(i, (up - down) / (2 * h));
        }
        INDArray before = params.dup();
        t.trainGenerator(s, z, null);
        INDArray analytic = before.sub(params);
        double maxRel = 0;
        long base = params.offset();
        for (INDArray p : g.trainableParams().values()) {
            for (long i = 0; i < p.length(); i++) {
                long k = p.offset() - base + i;
                double a = analytic.getDouble(k);
                double n = numeric.getDouble(k);
                maxRel = Math.max(maxRel, Math.abs(a - n) / Math.max(1e-8, Math.abs(a) + Math.abs(n)));
            }
        }
        System.out.println("max relative error of G's feature-matching gradient vs finite differences: " + maxRel);
        assertThat(maxRel).isLessThan(1e-5);
        assertThat(d.params()).as("the G step leaves D untouched").isEqualTo(dParams);
    }

    @Test
    void featureMatchingNeedsARealBatchFirst() {
        SplitNetwork d = Networks.split(TinyNets.discriminator(4, DataType.FLOAT, new Sgd(0.1), 2, false), 2);
        GanTrainer t = trainer(d, TinyNets.generator(3, 4, DataType.FLOAT, new Sgd(0.1), 1));
        assertThatThrownBy(() -> t.trainGenerator(t.newState())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("call trainDiscriminator before trainGenerator");
        assertThatThrownBy(() -> GanTrainer.builder().featureMatching(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
