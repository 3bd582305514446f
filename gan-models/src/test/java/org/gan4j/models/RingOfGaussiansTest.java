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
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The standard mode-collapse benchmark: 8 Gaussians (std 0.02) on a circle of radius 2. The MLP
 * GAN must cover at least 7 modes with at least 70% of its samples within 3 std of a mode.
 *
 * <p>Tagged slow (about 3.5 minutes on 2 cores; run with {@code -Pslow}). The settings can be
 * varied through RING_* environment variables (see the test body) to explore configurations.
 */
@org.junit.jupiter.api.Tag("slow")
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

    static int env(String k, int d) {
        return Integer.parseInt(System.getenv().getOrDefault(k, String.valueOf(d)));
    }

    @Test
    void mlpGanCoversTheRing() {
        int w = env("RING_WIDTH", 128);
        int layers = env("RING_LAYERS", 3);
        int[] hidden = new int[layers];
        java.util.Arrays.fill(hidden, w);
        int steps = env("RING_STEPS", 10000);
        double lr = Double.parseDouble(System.getenv().getOrDefault("RING_LR", "5e-4"));
        org.nd4j.linalg.learning.config.IUpdater adam = env("RING_DECAY", 1) == 1
                ? Adam.builder().learningRateSchedule(new org.nd4j.linalg.schedule.PolySchedule(
                        org.nd4j.linalg.schedule.ScheduleType.ITERATION, lr, 1.0, steps + 1)).beta1(0.5).beta2(0.999)
                        .epsilon(1e-8).build()
                : new Adam(lr, 0.5, 0.999, 1e-8);
        MlpGan recipe = MlpGan.of(env("RING_Z", 16), 2, hidden, hidden).withPacking(env("RING_PACK", 2))
                .withOutputActivation(Activation.IDENTITY).withBatchNorm(env("RING_BN", 0) == 1)
                .withUpdater(adam);
        int batch = env("RING_BATCH", 256);
        GanTrainer trainer = recipe.trainer(env("RING_SEED", 7)).batchSize(batch).maxSteps(steps).epochs(1000)
                .loss(env("RING_LOSS", 0) == 1 ? org.gan4j.core.loss.Losses.leastSquares()
                        : env("RING_LOSS", 0) == 2 ? org.gan4j.core.loss.Losses.hinge()
                        : org.gan4j.core.loss.Losses.nonSaturating())
                .criticSteps(env("RING_CRITIC", 1)).build();
        DataSet data = new DataSet(ring(batch * 100, 11), Nd4j.zeros(DataType.FLOAT, batch * 100, 1));
        long t0 = System.nanoTime();
        TrainingResult result = trainer.fit(new ViewIterator(data, batch));
        double secs = (System.nanoTime() - t0) / 1e9;
        double[] eval = evaluate(trainer.generator().sample(2000, trainer.latent(), 99));
        System.out.printf("ring: %d steps in %.1f s, modes covered %d/8, within 3 std %.3f, last %s%n",
                result.steps(), secs, (int) eval[0], eval[1], result.last());
        assertThat(result.steps()).isEqualTo(steps);
        assertThat((int) eval[0]).isGreaterThanOrEqualTo(7);
        assertThat(eval[1]).isGreaterThanOrEqualTo(0.70);
    }
}
