package org.gan4j.core;

import java.util.List;

/**
 * The outcome of {@link GanTrainer#fit}: the step count, the history of this call's iterations
 * and why it stopped. Immutable.
 *
 * @param steps generator updates done in total (a resumed run counts the steps before it too)
 * @param history one entry per iteration of this call, in order
 * @param stopReason why the run ended
 */
public record TrainingResult(long steps, List<StepResult> history, StopReason stopReason) {

    /** Copies the history so the result stays immutable. */
    public TrainingResult {
        history = List.copyOf(history);
    }

    /** @return the last iteration's record, or null when the call trained no step */
    public StepResult last() {
        return history.isEmpty() ? null : history.get(history.size() - 1);
    }
}
