package org.gan4j.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.gan4j.core.GanTrainer;
import org.gan4j.core.TrainingResult;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.gan4j.core.EpochOrdered;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * The standard mode-collapse benchmark: 8 Gaussians (std 0.02) on a circle of radius 2, fresh
 * samples in every batch. The MLP GAN (3 hidden layers of 128 in G and D, D packed by 2,
 * non-saturating loss, Adam 5e-4 decayed linearly over the second half) must cover at least 7
 * modes with at least 70% of 2,000 samples within 3 std of a mode.
 */
class RingOfGaussiansTest {

    static final int MODES = 8;
    static final double RADIUS = 2.0;
    static final double STD = 0.02;

    static INDArray ring(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] xy = new float[2 * n];
        for (int i = 0; i < n; i++) {
            double a = 2 * Math.PI * r.nextInt(MODES) / MODES;
            xy[2 * i] = (float) (RADIUS * Math.cos(a) + STD * gaussian(r));
            xy[2 * i + 1] = (float) (RADIUS * Math.sin(a) + STD * gaussian(r));
        }
        return Nd4j.create(xy, new long[] {n, 2}, DataType.FLOAT);
    }

    /** Fresh ring samples for every batch, a function of (seed, epoch, batch): resumable. */
    static final class RingIterator implements DataSetIterator, EpochOrdered {
        private static final long serialVersionUID = 1L;
        private final int batch;
        private final int batchesPerEpoch;
        private final long seed;
        private int epoch;
        private int cursor;

        RingIterator(int batch, int batchesPerEpoch, long seed) {
            this.batch = batch;
            this.batchesPerEpoch = batchesPerEpoch;
            this.seed = seed;
        }

        @Override
        public void startEpoch(int e) {
            epoch = e;
            cursor = 0;
        }

        @Override
        public DataSet next(int num) {
            long s = seed * 1_000_003L + (long) epoch * batchesPerEpoch + cursor++;
            return new DataSet(ring(num, s), Nd4j.zeros(DataType.FLOAT, num, 1));
        }

        @Override
        public DataSet next() {
            return next(batch);
        }

        @Override
        public boolean hasNext() {
            return cursor < batchesPerEpoch;
        }

        @Override
        public int inputColumns() {
            return 2;
        }

        @Override
        public int totalOutcomes() {
            return 1;
        }

        @Override
        public boolean resetSupported() {
            return true;
        }

        @Override
        public boolean asyncSupported() {
            return false;
        }

        @Override
        public void reset() {
            startEpoch(epoch + 1);
        }

        @Override
        public int batch() {
            return batch;
        }

        @Override
        public void setPreProcessor(DataSetPreProcessor preProcessor) {
            throw new UnsupportedOperationException();
        }

        @Override
        public DataSetPreProcessor getPreProcessor() {
            return null;
        }

        @Override
        public java.util.List<String> getLabels() {
            return null;
        }
    }

    static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /** @return [modes covered, fraction of samples within 3 std of a mode] */
    static double[] evaluate(INDArray samples) {
        int n = (int) samples.size(0);
        int[] perMode = new int[MODES];
        int good = 0;
        for (int i = 0; i < n; i++) {
            double x = samples.getDouble(i, 0);
            double y = samples.getDouble(i, 1);
            double best = Double.MAX_VALUE;
            int mode = -1;
            for (int m = 0; m < MODES; m++) {
                double a = 2 * Math.PI * m / MODES;
                double d = Math.hypot(x - RADIUS * Math.cos(a), y - RADIUS * Math.sin(a));
                if (d < best) {
                    best = d;
                    mode = m;
                }
            }
            if (best <= 3 * STD) {
                good++;
                perMode[mode]++;
            }
        }
        int covered = 0;
        for (int c : perMode) {
            if (c >= n / 100) {
                covered++;
            }
        }
        return new double[] {covered, good / (double) n};
    }

    @Test
    void mlpGanCoversTheRing() {
        int steps = 6_000;
        double lr = 5e-4;
        // learning rate constant for the first half, then decaying linearly towards 0 in 20 steps
        MapSchedule.Builder schedule = new MapSchedule.Builder(ScheduleType.ITERATION).add(0, lr);
        for (int k = 0; k < 20; k++) {
            schedule.add(steps / 2 + k * steps / 40, lr * (1 - k / 20.0));
        }
        MlpGan recipe = MlpGan.of(16, 2, new int[] {128, 128, 128}, new int[] {128, 128, 128})
                .withOutputActivation(Activation.IDENTITY).withBatchNorm(false).withPacking(2)
                .withUpdater(Adam.builder().learningRateSchedule(schedule.build()).beta1(0.5).beta2(0.999)
                        .epsilon(1e-8).build());
        int batch = 256;
        GanTrainer trainer = recipe.trainer(7).batchSize(batch).maxSteps(steps).epochs(1000).build();
        long t0 = System.nanoTime();
        TrainingResult result = trainer.fit(new RingIterator(batch, 100, 11));
        double secs = (System.nanoTime() - t0) / 1e9;
        double[] eval = evaluate(trainer.generator().sample(2000, trainer.latent(), 99));
        System.out.printf("ring: %d steps in %.1f s, modes covered %d/8, within 3 std %.3f, last %s%n",
                result.steps(), secs, (int) eval[0], eval[1], result.last());
        assertThat(result.steps()).isEqualTo(steps);
        assertThat((int) eval[0]).isGreaterThanOrEqualTo(7);
        assertThat(eval[1]).isGreaterThanOrEqualTo(0.70);
    }
}
