package org.gan4j.core.listen;

import java.time.Duration;
import org.gan4j.core.StepResult;
import org.gan4j.core.TrainingContext;

/**
 * Stops a run once a wall-clock budget is spent (measured from the run's start, checked after
 * every step), so different models can be compared at the same training time.
 */
public final class TimeLimit implements TrainingListener {

    private final Duration budget;
    private long startNanos;

    /**
     * @param budget positive wall-clock time the run may take
     * @throws IllegalArgumentException when the budget is null, zero or negative
     */
    public TimeLimit(Duration budget) {
        if (budget == null || budget.isZero() || budget.isNegative()) {
            throw new IllegalArgumentException("time budget must be positive, got " + budget);
        }
        this.budget = budget;
    }

    @Override
    public void onStart(TrainingContext context) {
        startNanos = System.nanoTime();
    }

    @Override
    public void onStep(TrainingContext context, StepResult step) {
        if (System.nanoTime() - startNanos >= budget.toNanos()) {
            context.requestStop("time budget of " + budget.toSeconds() + " s spent");
        }
    }
}
