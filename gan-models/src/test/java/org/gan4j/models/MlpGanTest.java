package org.gan4j.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.gan4j.core.GanTrainer;
import org.gan4j.core.StepResult;
import org.gan4j.core.data.ImageDataset;
import org.junit.jupiter.api.Test;

class MlpGanTest {

    @Test
    void mnistRecipeHasTheReferenceArchitecture() {
        MlpGan r = MlpGan.mnist();
        MultiLayerNetwork g = r.generatorNetwork(1);
        MultiLayerNetwork d = r.discriminatorNetwork(2);
        // torch: Linear(100,256) BN(256) Linear(256,512) BN(512) Linear(512,1024) BN(1024) Linear(1024,784)
        long gExpected = (100 * 256 + 256) + (256 * 512 + 512) + (512 * 1024 + 1024) + (1024 * 784 + 784);
        long bnTrainable = 2 * (256 + 512 + 1024);
        long bnStats = 2 * (256 + 512 + 1024);
        assertThat(g.numParams()).isEqualTo(gExpected + bnTrainable + bnStats);
        assertThat(d.numParams()).isEqualTo((784 * 512 + 512) + (512 * 256 + 256) + (256 + 1));
        assertThat(g.getLayerWiseConfigurations().getConf(1).getLayer()).isInstanceOf(BatchNormalization.class);
        assertThat(((BatchNormalization) g.getLayerWiseConfigurations().getConf(1).getLayer()).getDecay())
                .isEqualTo(0.8);
        assertThat(((DenseLayer) g.getLayerWiseConfigurations().getConf(6).getLayer()).getActivationFn().toString())
                .containsIgnoringCase("tanh");
        assertThat(r.latent().size()).isEqualTo(100);
    }

    /** Same seed, same losses: two runs of 50 steps on the bundled digits give identical histories. */
    @Test
    void sameSeedGivesIdenticalHistories() {
        ImageDataset digits = ImageDataset.bundledDigits().slice(0, 2000);
        List<StepResult> a = run(digits);
        List<StepResult> b = run(digits);
        assertThat(a).hasSize(50);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).discriminatorLoss()).isEqualTo(a.get(i).discriminatorLoss());
            assertThat(b.get(i).generatorLoss()).isEqualTo(a.get(i).generatorLoss());
            assertThat(b.get(i).dReal()).isEqualTo(a.get(i).dReal());
            assertThat(b.get(i).dFake()).isEqualTo(a.get(i).dFake());
        }
        // and the run is not trivially constant
        assertThat(a.get(0).generatorLoss()).isNotEqualTo(a.get(49).generatorLoss());
    }

    private static List<StepResult> run(ImageDataset digits) {
        GanTrainer t = MlpGan.mnist().trainer(3).maxSteps(50).build();
        return t.fit(digits.iterator(64, ImageDataset.Layout.FLAT, 3)).history();
    }
}
