package org.gan4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.gan4j.core.loss.Losses;
import org.gan4j.core.net.GanNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;

/** G learns through D by chained gradients; each update touches only its own network. */
class GradientChainTest {

    /**
     * With SGD(lr=1) the update equals the gradient; it must match central finite differences of
     * G's loss through D (double precision, both nets with batch norm in training mode).
     */
    @Test
    void generatorGradientMatchesFiniteDifferences() {
        MultiLayerNetwork gNet = TinyNets.generator(3, 4, DataType.DOUBLE, new Sgd(1.0), 1);
        MultiLayerNetwork dNet = TinyNets.discriminator(4, DataType.DOUBLE, new Sgd(1.0), 2, true);
        GanTrainer t = GanTrainer.builder().generator(Generator.of(gNet)).discriminator(Discriminator.of(dNet))
                .latent(LatentSpace.normal(3)).batchSize(5).maxSteps(1).build();
        INDArray z = t.latent().sample(5, DataType.DOUBLE, 3L);
        Map<String, INDArray> trainable = t.generator().network().trainableParams();
        Map<String, INDArray> before = copy(trainable);

        double maxRel = 0;
        double h = 1e-6;
        Map<String, INDArray> fd = copy(trainable);
        for (Map.Entry<String, INDArray> e : trainable.entrySet()) {
            INDArray p = e.getValue();
            INDArray grad = fd.get(e.getKey());
            long[] shape = p.shape();
            for (long i = 0; i < p.length(); i++) {
                long[] idx = org.nd4j.linalg.api.shape.Shape.ind2subC(shape, i);
                double v = p.getDouble(idx);
                p.putScalar(idx, v + h);
                double up = gLoss(t, z);
                p.putScalar(idx, v - h);
                double down = gLoss(t, z);
                p.putScalar(idx, v);
                grad.putScalar(idx, (up - down) / (2 * h));
            }
        }
        t.trainGenerator(t.newState(), z, null);
        for (Map.Entry<String, INDArray> e : trainable.entrySet()) {
            INDArray analytic = before.get(e.getKey()).sub(e.getValue());
            INDArray numeric = fd.get(e.getKey());
            for (long i = 0; i < analytic.length(); i++) {
                long[] idx = org.nd4j.linalg.api.shape.Shape.ind2subC(analytic.shape(), i);
                double a = analytic.getDouble(idx);
                double n = numeric.getDouble(idx);
                double rel = Math.abs(a - n) / Math.max(1e-8, Math.abs(a) + Math.abs(n));
                maxRel = Math.max(maxRel, rel);
            }
        }
        System.out.println("max relative error of G's gradient vs finite differences: " + maxRel);
        assertThat(maxRel).isLessThan(1e-5);
    }

    private static double gLoss(GanTrainer t, INDArray z) {
        INDArray fake = t.generator().network().output(z, true);
        return t.loss().generator(t.discriminator().network().output(fake, true)).value();
    }

    private static Map<String, INDArray> copy(Map<String, INDArray> m) {
        Map<String, INDArray> c = new java.util.LinkedHashMap<>();
        m.forEach((k, v) -> c.put(k, v.dup()));
        return c;
    }

    private static GanTrainer adamTrainer(boolean dBatchNorm) {
        MultiLayerNetwork gNet = TinyNets.generator(3, 4, DataType.FLOAT, new Adam(1e-2), 1);
        MultiLayerNetwork dNet = TinyNets.discriminator(4, DataType.FLOAT, new Adam(1e-2), 2, dBatchNorm);
        return GanTrainer.builder().generator(Generator.of(gNet)).discriminator(Discriminator.of(dNet))
                .latent(LatentSpace.normal(3)).batchSize(8).maxSteps(10).loss(Losses.nonSaturating()).build();
    }

    @Test
    void generatorStepLeavesDiscriminatorBitIdentical() {
        GanTrainer t = adamTrainer(true);
        TrainingState s = t.newState();
        INDArray real = Nd4j.rand(DataType.FLOAT, 8, 4);
        t.trainDiscriminator(s, real); // D's optimizer state and BN statistics are non-trivial now
        INDArray dParams = t.discriminator().network().params().dup();
        INDArray dState = t.discriminator().network().updaterState().dup();
        long dIter = t.discriminator().network().iteration();
        INDArray gParams = t.generator().network().params().dup();
        t.trainGenerator(s);
        assertThat(t.discriminator().network().params()).isEqualTo(dParams);
        assertThat(t.discriminator().network().updaterState()).isEqualTo(dState);
        assertThat(t.discriminator().network().iteration()).isEqualTo(dIter);
        assertThat(t.generator().network().params()).isNotEqualTo(gParams);
    }

    @Test
    void discriminatorStepLeavesGeneratorUntouched() {
        GanTrainer t = adamTrainer(true);
        TrainingState s = t.newState();
        t.trainGenerator(s);
        INDArray gParams = t.generator().network().params().dup();
        INDArray gState = t.generator().network().updaterState().dup();
        INDArray dParams = t.discriminator().network().params().dup();
        t.trainDiscriminator(s, Nd4j.rand(DataType.FLOAT, 8, 4));
        assertThat(t.generator().network().params()).isEqualTo(gParams);
        assertThat(t.generator().network().updaterState()).isEqualTo(gState);
        assertThat(t.discriminator().network().params()).isNotEqualTo(dParams);
    }

    /** Joining real and fake in one pass (no batch norm in D) changes nothing but speed. */
    @Test
    void joinedAndSeparatePassesGiveTheSameDiscriminatorUpdate() {
        GanTrainer joined = adamTrainer(false);
        GanTrainer separate = adamTrainer(false);
        GanNetwork forced = new SeparatePasses(separate.discriminator().network());
        GanTrainer sep = GanTrainer.builder().generator(separate.generator()).discriminator(Discriminator.of(forced))
                .latent(LatentSpace.normal(3)).batchSize(8).maxSteps(1).build();
        INDArray real = Nd4j.rand(DataType.FLOAT, 8, 4);
        GanTrainer.DiscriminatorStep a = joined.trainDiscriminator(joined.newState(), real);
        GanTrainer.DiscriminatorStep b = sep.trainDiscriminator(sep.newState(), real);
        assertThat(a.loss()).isCloseTo(b.loss(), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(joined.discriminator().network().params()
                .equalsWithEps(separate.discriminator().network().params(), 1e-6)).isTrue();
    }

    /**
     * A batch-coupled D that keeps two passes (real and fake each in its own slot) updates exactly
     * as the same D restricted to one slot, which runs the real batch forward a second time.
     */
    @Test
    void twoKeptPassesGiveTheRecomputedDiscriminatorUpdate() {
        GanTrainer twoSlots = adamTrainer(true);
        GanTrainer oneSlot = adamTrainer(true);
        assertThat(twoSlots.discriminator().network().keptPasses()).isEqualTo(2);
        GanTrainer forced = GanTrainer.builder().generator(oneSlot.generator())
                .discriminator(Discriminator.of(new SeparatePasses(oneSlot.discriminator().network())))
                .latent(LatentSpace.normal(3)).batchSize(8).maxSteps(10).loss(Losses.nonSaturating()).build();
        TrainingState a = twoSlots.newState();
        TrainingState b = forced.newState();
        for (int step = 0; step < 3; step++) {
            INDArray real = Nd4j.rand(DataType.FLOAT, 8, 4);
            assertThat(twoSlots.trainDiscriminator(a, real)).isEqualTo(forced.trainDiscriminator(b, real));
            assertThat(twoSlots.discriminator().network().params()).isEqualTo(oneSlot.discriminator().network().params());
            assertThat(twoSlots.trainGenerator(a)).isEqualTo(forced.trainGenerator(b));
        }
    }

    /** Delegating network that claims batch coupling and keeps one pass, to force the separate-pass path. */
    private record SeparatePasses(GanNetwork d) implements GanNetwork {
        public long numParams() { return d.numParams(); }
        public INDArray params() { return d.params(); }
        public Map<String, INDArray> trainableParams() { return d.trainableParams(); }
        public INDArray updaterState() { return d.updaterState(); }
        public long iteration() { return d.iteration(); }
        public INDArray output(INDArray input, boolean training) { return d.output(input, training); }
        public INDArray forward(INDArray input) { return d.forward(input); }
        public INDArray backward(INDArray g, boolean acc) { return d.backward(g, acc); }
        public void applyUpdate() { d.applyUpdate(); }
        public void write(java.io.OutputStream out) throws java.io.IOException { d.write(out); }
        public void restore(java.io.InputStream in) throws java.io.IOException { d.restore(in); }
        public boolean batchCoupled() { return true; }
        public String describe() { return d.describe(); }
    }
}
