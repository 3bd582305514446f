package org.gan4j.core;

/** Why {@link GanTrainer#fit} returned. */
public enum StopReason {
    /** The configured number of generator steps was reached. */
    MAX_STEPS,
    /** The configured number of epochs was completed. */
    EPOCHS_COMPLETED,
    /** A listener asked the run to stop ({@link TrainingContext#requestStop(String)}). */
    REQUESTED
}
