package org.gan4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gan4j.core.checkpoint.CheckpointListener;
import org.gan4j.core.data.ImageDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

class CheckpointResumeTest {

    static final ImageDataset DIGITS = ImageDataset.bundledDigits().slice(0, 100);

    static GanTrainer.Builder trainer(long maxSteps) {
        return GanTrainer.builder()
                .generator(Generator.of(TinyNets.generator(3, 784, DataType.FLOAT, new Adam(1e-3), 1)))
                .discriminator(Discriminator.of(TinyNets.discriminator(784, DataType.FLOAT, new Adam(1e-3), 2, true)))
                .latent(LatentSpace.normal(3)).batchSize(8).maxSteps(maxSteps).seed(5).criticSteps(2);
    }

    static org.nd4j.linalg.dataset.api.iterator.DataSetIterator data() {
        return DIGITS.iterator(8, ImageDataset.Layout.FLAT, 3);
    }

    @Test
    void resumedRunRepeatsTheUninterruptedOne(@TempDir Path dir) throws IOException {
        // 100 examples / batch 8 = 12 batches an epoch, 2 per step: epochs end mid-run
        TrainingResult first = trainer(17).checkpoints(dir, 17, 2).build().fit(data());
        assertThat(first.steps()).isEqualTo(17);
        Path cp = CheckpointListener.latest(dir);
        assertThat(cp.getFileName().toString()).isEqualTo("checkpoint-000000017.zip");

        List<StepResult> full = trainer(40).build().fit(data()).history();

        GanTrainer resumed = trainer(40).build();
        TrainingState state = resumed.restore(cp);
        assertThat(state.step()).isEqualTo(17);
        List<StepResult> rest = resumed.fit(data(), state).history();
        assertThat(rest).hasSize(23);
        for (int i = 0; i < rest.size(); i++) {
            StepResult a = full.get(17 + i);
            StepResult b = rest.get(i);
            assertThat(b.step()).isEqualTo(a.step());
            assertThat(b.epoch()).isEqualTo(a.epoch());
            assertThat(b.discriminatorLoss()).as("D loss at step %d", a.step()).isEqualTo(a.discriminatorLoss());
            assertThat(b.generatorLoss()).as("G loss at step %d", a.step()).isEqualTo(a.generatorLoss());
        }
    }

    /** A run that stopped exactly at the end of an epoch resumes with the next epoch. */
    @Test
    void aCheckpointAtAnEpochBoundaryResumes(@TempDir Path dir) throws IOException {
        // 12 batches an epoch, 2 per step: step 6 ends epoch 0 with every batch consumed
        trainer(6).checkpoints(dir, 6, 1).build().fit(data());
        GanTrainer resumed = trainer(9).build();
        TrainingState state = resumed.restore(CheckpointListener.latest(dir));
        List<StepResult> rest = resumed.fit(data(), state).history();
        List<StepResult> full = trainer(9).build().fit(data()).history();
        assertThat(rest).hasSize(3);
        for (int i = 0; i < rest.size(); i++) {
            assertThat(rest.get(i).epoch()).isEqualTo(1);
            assertThat(rest.get(i).generatorLoss()).isEqualTo(full.get(6 + i).generatorLoss());
        }
    }

    @Test
    void keepsTheLastKCheckpoints(@TempDir Path dir) throws IOException {
        trainer(10).checkpoints(dir, 2, 3).build().fit(data());
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(
                    "checkpoint-000000006.zip", "checkpoint-000000008.zip", "checkpoint-000000010.zip");
        }
    }

    @Test
    void corruptOrTruncatedCheckpointGivesAClearError(@TempDir Path dir) throws IOException {
        GanTrainer t = trainer(3).checkpoints(dir, 3, 1).build();
        t.fit(data());
        Path cp = CheckpointListener.latest(dir);
        byte[] bytes = Files.readAllBytes(cp);
        Path truncated = dir.resolve("truncated.zip");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> trainer(3).build().restore(truncated)).isInstanceOf(IOException.class)
                .hasMessageContaining(truncated.toString());
        Path garbage = dir.resolve("garbage.zip");
        Files.writeString(garbage, "not a checkpoint");
        assertThatThrownBy(() -> trainer(3).build().restore(garbage)).isInstanceOf(IOException.class)
                .hasMessageContaining(garbage.toString());
        // the good one still loads
        assertThat(trainer(3).build().restore(cp).step()).isEqualTo(3);
    }

    @Test
    void checkpointOfAnotherArchitectureIsRejected(@TempDir Path dir) throws IOException {
        trainer(2).checkpoints(dir, 2, 1).build().fit(data());
        GanTrainer other = GanTrainer.builder()
                .generator(Generator.of(TinyNets.generator(4, 784, DataType.FLOAT, new Adam(1e-3), 1)))
                .discriminator(Discriminator.of(TinyNets.discriminator(784, DataType.FLOAT, new Adam(1e-3), 2, true)))
                .latent(LatentSpace.normal(4)).batchSize(8).maxSteps(2).build();
        assertThatThrownBy(() -> other.restore(CheckpointListener.latest(dir)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("generator");
    }

    @Test
    void savedGeneratorSamplesLikeTheTrainedOne(@TempDir Path dir) throws IOException {
        GanTrainer t = trainer(5).latent(LatentSpace.uniform(3)).checkpoints(dir, 5, 1).build();
        t.fit(data());
        SavedGenerator saved = SavedGenerator.load(CheckpointListener.latest(dir));
        assertThat(saved.step()).isEqualTo(5);
        assertThat(saved.latent().size()).isEqualTo(3);
        assertThat(saved.latent().distribution()).isEqualTo(LatentSpace.Distribution.UNIFORM);
        assertThat(saved.sample(6, 11)).isEqualTo(t.generator().sample(6, t.latent(), 11));
        // a generator that moved on after the checkpoint no longer matches it
        t.generator().network().params().addi(0.01);
        assertThat(saved.sample(6, 11)).isNotEqualTo(t.generator().sample(6, t.latent(), 11));
    }

    @Test
    void savedGeneratorOfAComputationGraph(@TempDir Path dir) throws IOException {
        GanTrainer t = GanTrainer.builder().generator(Generator.of(ComputationGraphTrainingTest.generatorGraph()))
                .discriminator(Discriminator.of(ComputationGraphTrainingTest.discriminatorGraph()))
                .latent(LatentSpace.normal(3)).batchSize(8).maxSteps(2).seed(5)
                .checkpoints(dir, 2, 1).build();
        t.fit(data());
        SavedGenerator saved = SavedGenerator.load(CheckpointListener.latest(dir));
        assertThat(saved.generator().network().describe()).startsWith("ComputationGraph");
        assertThat(saved.sample(4, 3)).isEqualTo(t.generator().sample(4, t.latent(), 3));
    }

    @Test
    void savedGeneratorFromABadFileNamesIt(@TempDir Path dir) throws IOException {
        Path garbage = dir.resolve("garbage.zip");
        Files.writeString(garbage, "not a checkpoint");
        assertThatThrownBy(() -> SavedGenerator.load(garbage)).isInstanceOf(IOException.class)
                .hasMessageContaining(garbage.toString());
    }
}
