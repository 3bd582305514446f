package org.gan4j.core;

import java.nio.file.Path;

/**
 * The mutable position of a training run: counters from which every random draw of the run is
 * derived (so a run resumed from a checkpoint continues exactly), and the last checkpoint. Create
 * with {@link GanTrainer#newState()} or {@link GanTrainer#restore(Path)}; not thread-safe.
 */
public final class TrainingState {

    long step;
    long discriminatorSteps;
    int criticStepsSinceGenerator;
    int epoch;
    long batchInEpoch;
    Path lastCheckpoint;
    /** D's input for the real batch of the last discriminator update (feature matching); not checkpointed. */
    org.nd4j.linalg.api.ndarray.INDArray lastRealInput;
    private org.nd4j.linalg.api.rng.Random rng;

    TrainingState() {
    }

    TrainingState(long step, long discriminatorSteps, int criticStepsSinceGenerator, int epoch, long batchInEpoch) {
        this.step = step;
        this.discriminatorSteps = discriminatorSteps;
        this.criticStepsSinceGenerator = criticStepsSinceGenerator;
        this.epoch = epoch;
        this.batchInEpoch = batchInEpoch;
    }

    /** @return generator updates done */
    public long step() {
        return step;
    }

    /** @return discriminator updates done */
    public long discriminatorSteps() {
        return discriminatorSteps;
    }

    /** @return discriminator updates since the last generator update */
    public int criticStepsSinceGenerator() {
        return criticStepsSinceGenerator;
    }

    /** @return the current epoch (0-based) */
    public int epoch() {
        return epoch;
    }

    /** @return batches of the current epoch consumed so far */
    public long batchInEpoch() {
        return batchInEpoch;
    }

    /** @return the last checkpoint written or restored in this run, or null */
    public Path lastCheckpoint() {
        return lastCheckpoint;
    }

    /** The state's random stream, re-seeded: every draw of a step derives from the seed given here. */
    org.nd4j.linalg.api.rng.Random rng(long streamSeed) {
        if (rng == null) {
            rng = org.nd4j.linalg.factory.Nd4j.getRandomFactory().getNewRandomInstance(streamSeed);
        } else {
            rng.setSeed(streamSeed);
        }
        return rng;
    }

    void lastCheckpoint(Path path) {
        this.lastCheckpoint = path;
    }

    @Override
    public String toString() {
        return "TrainingState[step=" + step + ", dSteps=" + discriminatorSteps + ", epoch=" + epoch + ", batch="
                + batchInEpoch + "]";
    }
}
