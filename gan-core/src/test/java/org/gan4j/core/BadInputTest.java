package org.gan4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gan4j.core.checkpoint.CheckpointListener;
import org.gan4j.core.listen.HistoryWriter;
import org.gan4j.core.listen.TrainingListener;
import org.gan4j.core.loss.AdversarialLoss;
import org.gan4j.core.loss.DiscriminatorLoss;
import org.gan4j.core.loss.GeneratorLoss;
import org.gan4j.core.loss.Losses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.dataset.adapter.SingletonDataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;

class BadInputTest {

    static GanTrainer.Builder builder() {
        return GanTrainer.builder()
                .generator(Generator.of(TinyNets.generator(3, 4, DataType.FLOAT, new Adam(1e-3), 1)))
                .discriminator(Discriminator.of(TinyNets.discriminator(4, DataType.FLOAT, new Adam(1e-3), 2, false)))
                .latent(LatentSpace.normal(3)).batchSize(4).maxSteps(5);
    }

    static DataSetIterator data(INDArray features) {
        return new ViewIterator(new DataSet(features, Nd4j.zeros(features.size(0), 1)), 4);
    }

    @Test
    void setterValuesAreValidatedAtOnce() {
        GanTrainer.Builder b = GanTrainer.builder();
        assertThatThrownBy(() -> b.batchSize(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batch size").hasMessageContaining("0");
        assertThatThrownBy(() -> b.maxSteps(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> b.epochs(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.criticSteps(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.generatorUpdater(new Adam(-1e-3))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("learning rate").hasMessageContaining("-0.001");
        assertThatThrownBy(() -> b.discriminatorUpdater(new Sgd(0))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("learning rate");
        assertThatThrownBy(() -> b.weightClipping(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.instanceNoise(-0.1, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LatentSpace.normal(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void missingPartsAreNamedAtBuild() {
        assertThatThrownBy(() -> GanTrainer.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("generator");
        assertThatThrownBy(() -> GanTrainer.builder()
                .generator(Generator.of(TinyNets.generator(3, 4, DataType.FLOAT, new Adam(1e-3), 1)))
                .discriminator(Discriminator.of(TinyNets.discriminator(4, DataType.FLOAT, new Adam(1e-3), 2, false)))
                .build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("latent");
    }

    @Test
    void generatorDiscriminatorShapeMismatchNamesBothShapes() {
        assertThatThrownBy(() -> GanTrainer.builder()
                .generator(Generator.of(TinyNets.generator(3, 5, DataType.FLOAT, new Adam(1e-3), 1)))
                .discriminator(Discriminator.of(TinyNets.discriminator(4, DataType.FLOAT, new Adam(1e-3), 2, false)))
                .latent(LatentSpace.normal(3)).build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("[64, 5]").hasMessageContaining("discriminator");
        assertThatThrownBy(() -> builder().latent(LatentSpace.normal(7)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("[4, 7]");
    }

    @Test
    void wrongDataShapeIsNamed() {
        GanTrainer t = builder().build();
        assertThatThrownBy(() -> t.fit(data(Nd4j.rand(DataType.FLOAT, 8, 6))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[4, 6]")
                .hasMessageContaining("[n, 4]");
    }

    @Test
    void wrongIteratorBatchSizeIsNamed() {
        GanTrainer t = builder().batchSize(8).build();
        assertThatThrownBy(() -> t.fit(data(Nd4j.rand(DataType.FLOAT, 8, 4))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4").hasMessageContaining("8");
    }

    @Test
    void nanOrInfiniteValuesInABatchAreRejected() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 4);
        x.putScalar(5, 2, Double.NaN);
        assertThatThrownBy(() -> builder().build().fit(data(x))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN").hasMessageContaining("batch 2");
        INDArray y = Nd4j.rand(DataType.FLOAT, 8, 4);
        y.putScalar(0, 0, Double.POSITIVE_INFINITY);
        assertThatThrownBy(() -> builder().build().fit(data(y))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("infinite");
    }

    @Test
    void emptyIteratorIsRejected() {
        DataSetIterator empty = new SingletonDataSetIterator(new DataSet(Nd4j.rand(DataType.FLOAT, 2, 4),
                Nd4j.zeros(2, 1))) {
            @Override
            public int batch() {
                return 4;
            }
        };
        assertThatThrownBy(() -> builder().build().fit(empty)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no complete batch");
    }

    @Test
    void unwritableOutputDirectoryFailsEarly(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");
        assertThatThrownBy(() -> new CheckpointListener(file.resolve("sub"), 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(file.resolve("sub").toString());
        assertThatThrownBy(() -> new HistoryWriter(file.resolve("h.jsonl")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not writable");
    }

    /** A loss that turns NaN at the 4th generator update. */
    private static final class NanAfter implements AdversarialLoss {
        private final AdversarialLoss inner = Losses.nonSaturating();
        private int calls;

        @Override
        public DiscriminatorLoss discriminator(INDArray r, INDArray f) {
            return inner.discriminator(r, f);
        }

        @Override
        public GeneratorLoss generator(INDArray f) {
            GeneratorLoss g = inner.generator(f);
            return ++calls >= 4 ? new GeneratorLoss(Double.NaN, g.fakeGradient()) : g;
        }

        @Override
        public double meanOutput(INDArray scores) {
            return inner.meanOutput(scores);
        }

        @Override
        public String describe() {
            return "nan-after-3";
        }
    }

    @Test
    void nanLossStopsTheRunAndTheLastCheckpointStaysLoadable(@TempDir Path dir) throws IOException {
        GanTrainer t = builder().loss(new NanAfter()).maxSteps(10).checkpoints(dir, 2, 5).build();
        assertThatThrownBy(() -> t.fit(data(Nd4j.rand(DataType.FLOAT, 64, 4))))
                .isInstanceOf(GanTrainingException.class).hasMessageContaining("generator loss became NaN at step 4")
                .hasMessageContaining("checkpoint-000000002.zip");
        Path last = CheckpointListener.latest(dir);
        assertThat(last.getFileName().toString()).isEqualTo("checkpoint-000000002.zip");
        assertThat(builder().build().restore(last).step()).isEqualTo(2);
    }

    @Test
    void aFailingListenerStopsTheRunWithItsName() {
        TrainingListener broken = new TrainingListener() {
            @Override
            public void onStep(TrainingContext c, StepResult s) {
                if (s.step() == 2) {
                    throw new IllegalStateException("disk full");
                }
            }
        };
        assertThatThrownBy(() -> builder().listeners(List.of(broken)).build()
                .fit(data(Nd4j.rand(DataType.FLOAT, 64, 4))))
                .isInstanceOf(GanTrainingException.class).hasMessageContaining("onStep")
                .hasMessageContaining("step 2").hasMessageContaining("disk full")
                .satisfies(e -> assertThat(((GanTrainingException) e).partialResult().steps()).isEqualTo(2));
    }

    @Test
    void everyListenerHearsOfAFailureAndTheHistoryFileIsComplete(@TempDir Path dir) throws IOException {
        List<RuntimeException> heard = new java.util.ArrayList<>();
        TrainingListener recorder = new TrainingListener() {
            @Override
            public void onFailure(TrainingContext c, RuntimeException failure) {
                heard.add(failure);
            }
        };
        TrainingListener brokenCleanup = new TrainingListener() {
            @Override
            public void onFailure(TrainingContext c, RuntimeException failure) throws IOException {
                throw new IOException("cleanup failed too");
            }
        };
        Path history = dir.resolve("history.jsonl");
        GanTrainer t = builder().loss(new NanAfter()).maxSteps(10)
                .listeners(List.of(new HistoryWriter(history), recorder, brokenCleanup)).build();
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> t.fit(data(Nd4j.rand(DataType.FLOAT, 64, 4))));
        assertThat(thrown).isInstanceOf(GanTrainingException.class).hasMessageContaining("NaN");
        assertThat(heard).containsExactly((RuntimeException) thrown);
        assertThat(thrown.getSuppressed()).singleElement().satisfies(s -> assertThat(s).hasMessage("cleanup failed too"));
        // provenance line + 3 good steps, all flushed and closed
        assertThat(java.nio.file.Files.readAllLines(history)).hasSize(4);
    }
}
