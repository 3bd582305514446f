package org.gan4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.gan4j.core.data.ImageDataset;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.adapter.SingletonDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;

/** Class conditioning: how labels join G's and D's inputs, validation, and the chained gradient. */
class ConditioningTest {

    private static final Conditioning THREE = Conditioning.oneHot(3);

    @Test
    void labelsJoinLatentVectorsFlatExamplesAndImages() {
        INDArray y = THREE.oneHot(new int[] {2, 0}, DataType.FLOAT);
        assertThat(y).isEqualTo(Nd4j.createFromArray(new float[][] {{0, 0, 1}, {1, 0, 0}}));
        INDArray z = Nd4j.rand(DataType.FLOAT, 2, 4);
        INDArray zy = THREE.joinLatent(z, y);
        assertThat(zy.shape()).containsExactly(2, 7);
        assertThat(zy.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 4))).isEqualTo(z);
        assertThat(zy.get(NDArrayIndex.all(), NDArrayIndex.interval(4, 7))).isEqualTo(y);

        INDArray flat = Nd4j.rand(DataType.FLOAT, 2, 5);
        assertThat(THREE.joinExamples(flat, y).shape()).containsExactly(2, 8);

        INDArray images = Nd4j.rand(DataType.FLOAT, 2, 1, 4, 3);
        INDArray joined = THREE.joinExamples(images, y);
        assertThat(joined.shape()).containsExactly(2, 4, 4, 3);
        assertThat(joined.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 1), NDArrayIndex.all(), NDArrayIndex.all()))
                .isEqualTo(images);
        // label channels are constant planes equal to the one-hot entries
        assertThat(joined.get(NDArrayIndex.point(0), NDArrayIndex.point(3)).minNumber().doubleValue()).isEqualTo(1.0);
        assertThat(joined.get(NDArrayIndex.point(0), NDArrayIndex.point(1)).maxNumber().doubleValue()).isEqualTo(0.0);
        assertThat(joined.get(NDArrayIndex.point(1), NDArrayIndex.point(1)).minNumber().doubleValue()).isEqualTo(1.0);
        // the example part of a joined gradient is the image channels
        assertThat(THREE.exampleGradient(joined)).isEqualTo(images);
        assertThat(THREE.balancedLabels(7)).containsExactly(0, 1, 2, 0, 1, 2, 0);
    }

    @Test
    void badLabelsAreRejectedWithTheProblemNamed() {
        assertThatThrownBy(() -> Conditioning.oneHot(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 1");
        assertThatThrownBy(() -> THREE.oneHot(new int[] {0, 3}, DataType.FLOAT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label 3 at position 1");
        INDArray z = Nd4j.rand(DataType.FLOAT, 2, 4);
        assertThatThrownBy(() -> THREE.joinLatent(z, Nd4j.zeros(DataType.FLOAT, 2, 4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 3]");
        assertThatThrownBy(() -> THREE.joinLatent(z, Nd4j.zeros(DataType.FLOAT, 2, 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 0 sums to 0.0");
        assertThatThrownBy(() -> THREE.joinExamples(Nd4j.zeros(DataType.FLOAT, 2, 3, 3), THREE.oneHot(new int[] {0, 1},
                DataType.FLOAT))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 3, 3]");
    }

    private static GanTrainer.Builder builder(boolean conditionG, boolean conditionD, DataType type, long seed) {
        MultiLayerNetwork g = TinyNets.generator(3 + 3, 4, type, new Sgd(1.0), seed);
        MultiLayerNetwork d = TinyNets.discriminator(4 + 3, type, new Sgd(1.0), seed + 1, false);
        Generator gen = conditionG ? Generator.of(g).conditionedOn(THREE) : Generator.of(g);
        Discriminator disc = conditionD ? Discriminator.of(d).conditionedOn(THREE) : Discriminator.of(d);
        return GanTrainer.builder().generator(gen).discriminator(disc).latent(LatentSpace.normal(3)).batchSize(6)
                .maxSteps(3);
    }

    @Test
    void bothNetworksMustBeConditionedAlikeAndBatchesNeedLabels() {
        assertThatThrownBy(() -> builder(true, false, DataType.FLOAT, 1).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("discriminator on nothing");
        GanTrainer t = builder(true, true, DataType.FLOAT, 1).build();
        assertThat(t.conditioning()).contains(THREE);
        assertThat(t.configuration()).containsEntry("conditioning", "one-hot(3)");
        INDArray real = Nd4j.rand(DataType.FLOAT, 6, 4);
        assertThatThrownBy(() -> t.trainDiscriminator(t.newState(), real)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("trainDiscriminator(state, real, labels)");
        assertThatThrownBy(() -> t.fit(new SingletonDataSetIterator(new DataSet(real, null))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labels are null");
        assertThatThrownBy(() -> t.generator().generate(Nd4j.rand(DataType.FLOAT, 2, 3)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("generate(z, labels)");
        assertThatThrownBy(() -> Generator.of(TinyNets.generator(3, 4, DataType.FLOAT, new Sgd(1.0), 1))
                .sample(2, 1, LatentSpace.normal(3), 1L)).isInstanceOf(IllegalStateException.class);

        INDArray labels = THREE.oneHot(THREE.balancedLabels(6), DataType.FLOAT);
        GanTrainer.DiscriminatorStep step = t.trainDiscriminator(t.newState(), real, labels);
        assertThat(step.loss()).isFinite();
        INDArray ofClass = t.generator().sample(5, 2, t.latent(), 9L);
        assertThat(ofClass.shape()).containsExactly(5, 4);
        // the same latent vectors with the same labels give the same examples; another label changes them
        INDArray again = t.generator().sample(new int[] {2, 2, 2, 2, 2}, t.latent(), 9L);
        assertThat(again).isEqualTo(ofClass);
        assertThat(t.generator().sample(5, 0, t.latent(), 9L)).isNotEqualTo(ofClass);
    }

    /**
     * With SGD(lr=1) the G update equals its gradient; it must match central finite differences of
     * G's loss through a conditional D (double precision), with labels drawn as the trainer draws them.
     */
    @Test
    void conditionalGeneratorGradientMatchesFiniteDifferences() {
        GanTrainer t = builder(true, true, DataType.DOUBLE, 4).build();
        INDArray z = t.latent().sample(6, DataType.DOUBLE, 3L);
        INDArray labels = THREE.randomLabels(6, DataType.DOUBLE, Nd4j.getRandomFactory().getNewRandomInstance(77));
        Map<String, INDArray> trainable = t.generator().network().trainableParams();
        INDArray params = t.generator().network().params();
        INDArray before = params.dup();
        double h = 1e-6;
        INDArray numeric = params.dup();
        for (long i = 0; i < params.length(); i++) {
            double v = params.getDouble(i);
            params.putScalar(i, v + h);
            double up = gLoss(t, z, labels);
            params.putScalar(i, v - h);
            double down = gLoss(t, z, labels);
            params.putScalar(i, v);
            numeric.putScalar(i, (up - down) / (2 * h));
        }
        t.trainGenerator(t.newState(), z, Nd4j.getRandomFactory().getNewRandomInstance(77));
        INDArray analytic = before.sub(params);
        double maxRel = 0;
        long offset = params.offset();
        for (INDArray p : trainable.values()) {
            for (long i = 0; i < p.length(); i++) {
                long k = p.offset() - offset + i;
                double a = analytic.getDouble(k);
                double n = numeric.getDouble(k);
                maxRel = Math.max(maxRel, Math.abs(a - n) / Math.max(1e-8, Math.abs(a) + Math.abs(n)));
            }
        }
        System.out.println("max relative error of the conditional G's gradient vs finite differences: " + maxRel);
        assertThat(maxRel).isLessThan(1e-5);
    }

    private static double gLoss(GanTrainer t, INDArray z, INDArray labels) {
        INDArray fake = t.generator().network().output(THREE.joinLatent(z, labels), true);
        return t.loss().generator(t.discriminator().network().output(THREE.joinExamples(fake, labels), true)).value();
    }

    @Test
    void aSavedConditionalGeneratorComesBackConditioned(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        GanTrainer t = builder(true, true, DataType.FLOAT, 1).build();
        java.nio.file.Path file = t.saveCheckpoint(t.newState(), dir.resolve("c.zip"));
        SavedGenerator saved = SavedGenerator.load(file);
        assertThat(saved.generator().conditioning()).contains(THREE);
        assertThat(saved.generator().sample(new int[] {2, 0, 1}, saved.latent(), 5L))
                .isEqualTo(t.generator().sample(new int[] {2, 0, 1}, t.latent(), 5L));
        assertThat(saved.sample(3, 5L)).isEqualTo(t.generator().sample(new int[] {0, 1, 2}, t.latent(), 5L));
    }

    @Test
    void aConditionalGanTrainsOnLabelledDigitsThroughFit() {
        ImageDataset digits = ImageDataset.bundledDigits().slice(0, 256);
        MultiLayerNetwork g = TinyNets.generator(8 + 10, 784, DataType.FLOAT, new Adam(1e-3), 1);
        MultiLayerNetwork d = TinyNets.discriminator(784 + 10, DataType.FLOAT, new Adam(1e-3), 2, false);
        Conditioning ten = Conditioning.oneHot(10);
        GanTrainer t = GanTrainer.builder().generator(Generator.of(g).conditionedOn(ten))
                .discriminator(Discriminator.of(d).conditionedOn(ten)).latent(LatentSpace.normal(8)).batchSize(32)
                .maxSteps(5).build();
        TrainingResult r = t.fit(digits.iterator(32, ImageDataset.Layout.FLAT, 1));
        assertThat(r.steps()).isEqualTo(5);
        assertThat(r.history()).allSatisfy(s -> assertThat(s.discriminatorLoss()).isFinite());
    }

    /**
     * A matching-aware D learns to tell a real digit with its own label from the same digit with a
     * wrong label within a few hundred steps; a plain conditional D with the same seed barely does.
     */
    @Test
    void aMatchingAwareDiscriminatorLearnsToCheckLabels() {
        double plain = labelMargin(false);
        double aware = labelMargin(true);
        System.out.println("D(real, right label) - D(real, wrong label), mean raw score after 300 steps: plain " + plain
                + ", matching-aware " + aware);
        assertThat(aware).isGreaterThan(0.1);
        assertThat(aware).isGreaterThan(4 * Math.abs(plain));
        assertThatThrownBy(() -> builder(false, false, DataType.FLOAT, 1).matchingAwareDiscriminator().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs a conditional GAN");
    }

    private static double labelMargin(boolean matchingAware) {
        Conditioning ten = Conditioning.oneHot(10);
        MultiLayerNetwork g = TinyNets.generator(8 + 10, 784, DataType.FLOAT, new Adam(1e-3), 1);
        MultiLayerNetwork d = new MultiLayerNetwork(new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder()
                .seed(2).updater(new Adam(2e-3)).list()
                .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(794).nOut(64)
                        .activation(org.nd4j.linalg.activations.Activation.LEAKYRELU).build())
                .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(64).nOut(1)
                        .activation(org.nd4j.linalg.activations.Activation.IDENTITY).build())
                .build());
        d.init();
        GanTrainer.Builder b = GanTrainer.builder().generator(Generator.of(g).conditionedOn(ten))
                .discriminator(Discriminator.of(d).conditionedOn(ten)).latent(LatentSpace.normal(8)).batchSize(32)
                .maxSteps(300).seed(5);
        if (matchingAware) {
            b.matchingAwareDiscriminator();
        }
        GanTrainer t = b.build();
        ImageDataset digits = ImageDataset.bundledDigits();
        t.fit(digits.slice(0, 2000).iterator(32, ImageDataset.Layout.FLAT, 1));
        ImageDataset test = digits.slice(8000, 8500);
        int[] idx = new int[test.size()];
        int[] right = new int[idx.length];
        int[] wrong = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
            right[i] = test.label(i);
            wrong[i] = (test.label(i) + 1 + i % 9) % 10;
        }
        INDArray x = test.features(idx, ImageDataset.Layout.FLAT);
        double r = t.discriminator().score(x, ten.oneHot(right, DataType.FLOAT)).meanNumber().doubleValue();
        double w = t.discriminator().score(x, ten.oneHot(wrong, DataType.FLOAT)).meanNumber().doubleValue();
        return r - w;
    }
}
