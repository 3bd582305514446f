package org.gan4j.core.listen;

import org.gan4j.core.StepResult;
import org.gan4j.core.TrainingContext;
import org.gan4j.core.TrainingResult;

/**
 * Receives training events on the training thread. A listener that throws stops the run with a
 * {@link org.gan4j.core.GanTrainingException} naming the listener and the step; nothing is
 * swallowed. All methods default to doing nothing.
 *
 * <p>Every run ends with exactly one of {@link #onFinish} (normal end) or {@link #onFailure}
 * (the run threw), so a listener can release what it holds in either case.
 */
public interface TrainingListener {

    /**
     * Called once before the first step of {@code fit}.
     *
     * @param context the run
     * @throws Exception to abort the run
     */
    default void onStart(TrainingContext context) throws Exception {
    }

    /**
     * Called after every generator update.
     *
     * @param context the run
     * @param step what the iteration measured
     * @throws Exception to abort the run
     */
    default void onStep(TrainingContext context, StepResult step) throws Exception {
    }

    /**
     * Called after each complete pass over the data.
     *
     * @param context the run
     * @param epoch the epoch that ended (0-based)
     * @throws Exception to abort the run
     */
    default void onEpochEnd(TrainingContext context, int epoch) throws Exception {
    }

    /**
     * Called once when {@code fit} ends normally.
     *
     * @param context the run
     * @param result the outcome
     * @throws Exception to report a failure
     */
    default void onFinish(TrainingContext context, TrainingResult result) throws Exception {
    }

    /**
     * Called once when {@code fit} fails (a bad batch, a non-finite loss, a failing listener or
     * any other exception), before the exception propagates. Exceptions thrown here are added to
     * the failure as suppressed exceptions; they do not replace it.
     *
     * @param context the run
     * @param failure what {@code fit} is about to throw
     * @throws Exception when releasing resources fails
     */
    default void onFailure(TrainingContext context, RuntimeException failure) throws Exception {
    }
}
