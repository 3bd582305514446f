package org.gan4j.models.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.gan4j.core.Discriminator;
import org.gan4j.core.GanTrainer;
import org.gan4j.core.Generator;
import org.gan4j.core.StepResult;
import org.gan4j.core.data.ImageDataset;
import org.gan4j.core.net.GanNetwork;
import org.gan4j.models.MlpGan;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Checks shared by the layer tests: finite differences and a short GAN run on the bundled digits. */
final class LayerChecks {

    private LayerChecks() {
    }

    /**
     * DL4J's parameter gradient check in double precision; the network must end in an output
     * layer with {@code nOut} outputs and MSE loss.
     */
    static boolean parameterGradientsMatch(MultiLayerNetwork net, INDArray x, long nOut, Set<String> exclude) {
        INDArray labels = Nd4j.rand(DataType.DOUBLE, x.size(0), nOut);
        DataType global = Nd4j.dataType();
        DataType floating = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            return GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(labels)
                    .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9).excludeParams(exclude));
        } finally {
            Nd4j.setDefaultDataTypes(global, floating);
        }
    }

    /**
     * Compares the input gradient of {@code d} for loss {@code sum(eps * output)} with central
     * differences of {@code d.output(x, true)}, element by element.
     */
    static void inputGradientMatches(GanNetwork d, INDArray x, INDArray eps, double tolerance) {
        d.forward(x);
        INDArray analytic = d.backward(eps, false);
        double h = 1e-6;
        for (long i = 0; i < x.size(0); i++) {
            for (long j = 0; j < x.size(1); j++) {
                INDArray xp = x.dup();
                xp.putScalar(i, j, x.getDouble(i, j) + h);
                INDArray xm = x.dup();
                xm.putScalar(i, j, x.getDouble(i, j) - h);
                double fd = (d.output(xp, true).mul(eps).sumNumber().doubleValue()
                        - d.output(xm, true).mul(eps).sumNumber().doubleValue()) / (2 * h);
                assertThat(analytic.getDouble(i, j)).as("input gradient [%d, %d]", i, j)
                        .isCloseTo(fd, org.assertj.core.data.Offset.offset(tolerance));
            }
        }
    }

    /**
     * Trains {@code d} (784 inputs, 1 raw score) against a small MLP generator for {@code steps}
     * steps of batch 32 on the bundled digits.
     *
     * @return the run's history
     */
    static List<StepResult> trainOnDigits(MultiLayerNetwork d, int steps) {
        MlpGan recipe = MlpGan.of(16, 784, new int[] {64}, new int[] {64});
        GanTrainer t = GanTrainer.builder().generator(Generator.of(recipe.generatorNetwork(5)))
                .discriminator(Discriminator.of(d)).latent(recipe.latent()).batchSize(32).maxSteps(steps).seed(5)
                .build();
        List<StepResult> history = t.fit(ImageDataset.bundledDigits().slice(0, 512)
                .iterator(32, ImageDataset.Layout.FLAT, 5)).history();
        assertThat(history).hasSize(steps);
        for (StepResult s : history) {
            assertThat(Double.isFinite(s.discriminatorLoss()) && Double.isFinite(s.generatorLoss()))
                    .as("finite losses at %s", s).isTrue();
        }
        return history;
    }
}
