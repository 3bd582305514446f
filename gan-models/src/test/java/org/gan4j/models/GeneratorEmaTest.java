package org.gan4j.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.gan4j.core.GanTrainer;
import org.gan4j.core.StepResult;
import org.gan4j.core.TrainingContext;
import org.gan4j.core.data.ImageDataset;
import org.gan4j.core.listen.TrainingListener;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class GeneratorEmaTest {

    @Test
    void averagesTheParameterTrajectoryAndSamplesWithoutTouchingG() {
        List<INDArray> trajectory = new ArrayList<>();
        TrainingListener recorder = new TrainingListener() {
            @Override
            public void onStart(TrainingContext c) {
                trajectory.add(c.trainer().generator().network().params().dup());
            }

            @Override
            public void onStep(TrainingContext c, StepResult s) {
                trajectory.add(c.trainer().generator().network().params().dup());
            }
        };
        GeneratorEma ema = new GeneratorEma(0.5);
        MlpGan recipe = MlpGan.of(8, 784, new int[] {16}, new int[] {16});
        GanTrainer t = recipe.trainer(1).batchSize(16).maxSteps(4).listener(recorder).listener(ema).build();
        t.fit(ImageDataset.bundledDigits().slice(0, 64).iterator(16, ImageDataset.Layout.FLAT, 1));

        INDArray expected = trajectory.get(0).dup();
        for (int i = 1; i < trajectory.size(); i++) {
            expected.muli(0.5).addi(trajectory.get(i).mul(0.5));
        }
        assertThat(ema.averagedParams().equalsWithEps(expected, 1e-6)).isTrue();
        assertThat(ema.averagedParams().equalsWithEps(t.generator().network().params(), 1e-6)).isFalse();

        INDArray before = t.generator().network().params().dup();
        INDArray z = t.latent().sample(4, DataType.FLOAT, 3L);
        INDArray averaged = ema.generate(t.generator(), z);
        assertThat(t.generator().network().params()).isEqualTo(before);
        assertThat(averaged).isNotEqualTo(t.generator().generate(z));
        ema.applyTo(t.generator());
        assertThat(t.generator().generate(z).equalsWithEps(averaged, 1e-6)).isTrue();
    }

    @Test
    void rejectsBadDecayAndUseBeforeARun() {
        assertThatThrownBy(() -> new GeneratorEma(1.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1.0");
        assertThatThrownBy(() -> new GeneratorEma(0.9).averagedParams()).isInstanceOf(IllegalStateException.class);
    }
}
