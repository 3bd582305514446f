package org.gan4j.core;

import org.gan4j.core.listen.TrainingListener;

/** What a {@link TrainingListener} sees of the run it listens to. */
public interface TrainingContext {

    /** @return the trainer that runs */
    GanTrainer trainer();

    /** @return the live state of the run (read it; do not keep it past the callback) */
    TrainingState state();

    /**
     * Asks the run to stop after the current step; {@link GanTrainer#fit} then returns with
     * {@link StopReason#REQUESTED}.
     *
     * @param reason logged with the stop
     */
    void requestStop(String reason);
}
