package org.gan4j.core;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The generator of a checkpoint with the latent space it was trained with, for sampling and
 * evaluation without rebuilding the trainer. Holds the generator's parameters only (no optimizer
 * state); to continue training, use {@link GanTrainer#restore} instead.
 *
 * @param generator the restored generator, of the network kind that was saved (MultiLayerNetwork
 *     or ComputationGraph); conditioned on the checkpoint's labels when the GAN was conditional
 * @param latent the latent space from the checkpoint's configuration
 * @param step the training step at which the checkpoint was written
 */
public record SavedGenerator(Generator generator, LatentSpace latent, long step) {

    /**
     * Loads the generator and its latent space from a checkpoint.
     *
     * @param checkpoint a checkpoint written by {@link GanTrainer#saveCheckpoint} (or a
     *     {@link org.gan4j.core.checkpoint.CheckpointListener})
     * @return the generator, its latent space and the checkpoint's step
     * @throws IOException when the file cannot be read, or is corrupt or truncated (the message
     *     names it)
     */
    public static SavedGenerator load(Path checkpoint) throws IOException {
        return Checkpoints.readGenerator(checkpoint);
    }

    /**
     * Samples reproducibly from the saved generator, as {@link Generator#sample} does (a
     * conditional generator cycles through its classes).
     *
     * @param n number of examples, positive
     * @param seed the seed of the latent draw
     * @return generated examples, {@code [n, ...]}
     */
    public org.nd4j.linalg.api.ndarray.INDArray sample(int n, long seed) {
        return generator.sample(n, latent, seed);
    }
}
