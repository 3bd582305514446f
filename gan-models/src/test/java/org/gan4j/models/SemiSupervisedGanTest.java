package org.gan4j.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.GaussianNoise;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.gan4j.core.Generator;
import org.gan4j.core.LatentSpace;
import org.gan4j.core.data.ImageDataset;
import org.gan4j.core.data.LabelledSplit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

/** Construction, validation and reproducibility of the semi-supervised GAN, with small networks. */
class SemiSupervisedGanTest {

    private static final LabelledSplit DATA = ImageDataset.bundledDigits().slice(0, 400).labelledSplit(3, 1);

    private static MultiLayerNetwork generator(long seed) {
        MultiLayerNetwork g = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(seed)
                .dataType(DataType.FLOAT).updater(new Adam(1e-3)).list()
                .layer(new DenseLayer.Builder().nIn(8).nOut(16).activation(Activation.SOFTPLUS).build())
                .layer(new BatchNormalization.Builder().nOut(16).build())
                .layer(new DenseLayer.Builder().nIn(16).nOut(784).activation(Activation.TANH).build()).build());
        g.init();
        return g;
    }

    private static MultiLayerNetwork discriminator(long seed, int classes, boolean batchNorm) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT)
                .updater(new Adam(1e-3)).list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(16).activation(Activation.RELU)
                        .dropOut(new GaussianNoise(0.3)).build());
        if (batchNorm) {
            b.layer(new BatchNormalization.Builder().nOut(16).build());
        }
        b.layer(new DenseLayer.Builder().nIn(16).nOut(8).activation(Activation.RELU).dropOut(new GaussianNoise(0.5))
                .build())
                .layer(new DenseLayer.Builder().nIn(8).nOut(classes).activation(Activation.IDENTITY).build());
        MultiLayerNetwork d = new MultiLayerNetwork(b.build());
        d.init();
        return d;
    }

    private static SemiSupervisedGan.Builder small(long seed) {
        return SemiSupervisedGan.builder().generator(Generator.of(generator(seed)))
                .discriminator(discriminator(seed + 1, 10, false), 2).latent(LatentSpace.uniform(8)).batchSize(16)
                .labelledBatchSize(12).seed(seed);
    }

    @Test
    void sameSeedSameRunAndFitInPiecesEqualsOneFit() {
        SemiSupervisedGan a = small(3).build();
        List<SemiSupervisedGan.Step> whole = a.fit(DATA.labelled(), DATA.unlabelled(), 6);
        SemiSupervisedGan b = small(3).build();
        List<SemiSupervisedGan.Step> first = b.fit(DATA.labelled(), DATA.unlabelled(), 4);
        List<SemiSupervisedGan.Step> rest = b.fit(DATA.labelled(), DATA.unlabelled(), 2);
        assertThat(b.step()).isEqualTo(6);
        for (int i = 0; i < 6; i++) {
            SemiSupervisedGan.Step x = whole.get(i);
            SemiSupervisedGan.Step y = i < 4 ? first.get(i) : rest.get(i - 4);
            assertThat(y.step()).isEqualTo(i + 1);
            assertThat(y.discriminatorLoss()).isEqualTo(x.discriminatorLoss());
            assertThat(y.featureMatchingLoss()).isEqualTo(x.featureMatchingLoss());
            assertThat(y.dFake()).isEqualTo(x.dFake());
        }
        assertThat(b.discriminator().params()).isEqualTo(a.discriminator().params());
        assertThat(b.generator().network().params()).isEqualTo(a.generator().network().params());
        SemiSupervisedGan.Step s = whole.get(5);
        assertThat(s.discriminatorLoss()).isCloseTo(s.supervisedLoss() + s.unsupervisedLoss(), offset(1e-6));
        assertThat(s.featureMatchingLoss()).isPositive();
        assertThat(s.dReal()).isBetween(0.0, 1.0);
        assertThat(s.toMap()).containsKeys("step", "d_loss", "d_supervised", "d_unsupervised", "g_feature_matching",
                "d_real", "d_fake", "seconds");

        SemiSupervisedGan other = small(4).build();
        assertThat(other.fit(DATA.labelled(), DATA.unlabelled(), 1).get(0).discriminatorLoss())
                .isNotEqualTo(whole.get(0).discriminatorLoss());
    }

    @Test
    void checkpointResumesTheSameRun(@TempDir Path dir) throws Exception {
        SemiSupervisedGan a = small(7).build();
        a.fit(DATA.labelled(), DATA.unlabelled(), 3);
        Path file = dir.resolve("ssgan.zip");
        a.save(file);
        List<SemiSupervisedGan.Step> continued = a.fit(DATA.labelled(), DATA.unlabelled(), 3);
        SemiSupervisedGan b = small(7).build();
        b.restore(file);
        assertThat(b.step()).isEqualTo(3);
        List<SemiSupervisedGan.Step> resumed = b.fit(DATA.labelled(), DATA.unlabelled(), 3);
        for (int i = 0; i < 3; i++) {
            assertThat(resumed.get(i).step()).isEqualTo(4 + i);
            assertThat(resumed.get(i).discriminatorLoss()).isEqualTo(continued.get(i).discriminatorLoss());
            assertThat(resumed.get(i).featureMatchingLoss()).isEqualTo(continued.get(i).featureMatchingLoss());
        }
        assertThat(b.discriminator().params()).isEqualTo(a.discriminator().params());
        assertThat(b.generator().network().params()).isEqualTo(a.generator().network().params());
        // a different architecture is refused by name; a failed save leaves the file readable
        SemiSupervisedGan other = SemiSupervisedGan.builder().generator(Generator.of(generator(7)))
                .discriminator(discriminator(8, 5, false), 2).latent(LatentSpace.uniform(8)).batchSize(16)
                .labelledBatchSize(12).seed(7).build();
        assertThatThrownBy(() -> other.restore(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("discriminator");
        assertThatThrownBy(() -> a.save(dir.resolve("ssgan.zip").resolve("not-a-dir.zip")))
                .isInstanceOf(java.io.IOException.class);
        SemiSupervisedGan c = small(7).build();
        c.restore(file);
        assertThat(c.step()).isEqualTo(3);
        assertThatThrownBy(() -> c.restore(dir.resolve("missing.zip"))).isInstanceOf(java.nio.file.NoSuchFileException.class);
    }

    @Test
    void classifyGivesClassProbabilities() {
        SemiSupervisedGan ssgan = small(5).build();
        ssgan.fit(DATA.labelled(), DATA.unlabelled(), 2);
        INDArray p = ssgan.classify(DATA.unlabelled().features(0, 7, ImageDataset.Layout.FLAT));
        assertThat(p.shape()).containsExactly(7, 10);
        for (int i = 0; i < 7; i++) {
            assertThat(p.getRow(i).sumNumber().doubleValue()).isCloseTo(1.0, offset(1e-5));
        }
        assertThat(ssgan.accuracy(DATA.unlabelled())).isBetween(0.0, 1.0);
        assertThat(ssgan.numClasses()).isEqualTo(10);
    }

    @Test
    void supervisedOnlyLeavesTheGeneratorAlone() {
        SemiSupervisedGan ssgan = small(6).unsupervisedWeight(0).build();
        INDArray g = ssgan.generator().network().params().dup();
        INDArray d = ssgan.discriminator().params().dup();
        List<SemiSupervisedGan.Step> steps = ssgan.fit(DATA.labelled(), DATA.unlabelled(), 3);
        assertThat(ssgan.generator().network().params()).isEqualTo(g);
        assertThat(ssgan.discriminator().params()).isNotEqualTo(d);
        assertThat(steps.get(2).unsupervisedLoss()).isNaN();
        assertThat(steps.get(2).discriminatorLoss()).isEqualTo(steps.get(2).supervisedLoss());
    }

    @Test
    void badSettingsAreNamed() {
        SemiSupervisedGan.Builder b = SemiSupervisedGan.builder();
        assertThatThrownBy(() -> b.batchSize(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
        assertThatThrownBy(() -> b.labelledBatchSize(-2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-2");
        assertThatThrownBy(() -> b.unsupervisedWeight(-0.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-0.5");
        assertThatThrownBy(() -> b.unsupervisedWeight(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.discriminator(discriminator(1, 10, false), 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 3");
        assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("generator");
        assertThatThrownBy(() -> small(1).discriminator(discriminator(2, 10, true), 3).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("batch normalisation");
        assertThatThrownBy(() -> small(1).discriminator(discriminator(2, 1, false), 2).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("[2, 1]");
        assertThatThrownBy(() -> small(1).latent(LatentSpace.uniform(5)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("latent");
        SemiSupervisedGan ok = small(1).build();
        assertThatThrownBy(() -> ok.fit(DATA.labelled(), DATA.unlabelled(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
        assertThatThrownBy(() -> ok.fit(null, DATA.unlabelled(), 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("labelled");
    }
}
