package org.gan4j.core.listen;

import org.gan4j.core.StepResult;
import org.gan4j.core.TrainingContext;
import org.gan4j.core.TrainingResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a progress line through SLF4J (logger {@code org.gan4j.progress}, INFO) every N steps:
 * step, losses, D(x), D(G(z)), iterations per second over the interval and the ETA when the run
 * has a step limit.
 */
public final class ProgressLogger implements TrainingListener {

    private static final Logger LOG = LoggerFactory.getLogger("org.gan4j.progress");

    private final int everySteps;
    private final long totalSteps;
    private long lastNanos;
    private long lastStep;

    /**
     * @param everySteps positive
     * @param totalSteps the run's step limit for the ETA, or 0 when unknown
     */
    public ProgressLogger(int everySteps, long totalSteps) {
        if (everySteps <= 0) {
            throw new IllegalArgumentException("progress interval must be positive, got " + everySteps);
        }
        if (totalSteps < 0) {
            throw new IllegalArgumentException("total steps must be >= 0, got " + totalSteps);
        }
        this.everySteps = everySteps;
        this.totalSteps = totalSteps;
    }

    @Override
    public void onStart(TrainingContext context) {
        lastNanos = System.nanoTime();
        lastStep = context.state().step();
        LOG.info("training from step {}: {}", lastStep, context.trainer().configuration());
    }

    @Override
    public void onStep(TrainingContext context, StepResult s) {
        if (s.step() % everySteps != 0) {
            return;
        }
        long now = System.nanoTime();
        double itPerS = (s.step() - lastStep) / ((now - lastNanos) / 1e9);
        lastNanos = now;
        lastStep = s.step();
        String eta = "";
        if (totalSteps > 0 && itPerS > 0) {
            long secs = Math.round((totalSteps - s.step()) / itPerS);
            eta = String.format(" | ETA %dm%02ds", secs / 60, secs % 60);
        }
        LOG.info(String.format("step %d%s | epoch %d | D %.4f G %.4f | D(x) %.3f D(G(z)) %.3f | %.1f it/s%s",
                s.step(), totalSteps > 0 ? "/" + totalSteps : "", s.epoch(), s.discriminatorLoss(),
                s.generatorLoss(), s.dReal(), s.dFake(), itPerS, eta));
    }

    @Override
    public void onFinish(TrainingContext context, TrainingResult result) {
        LOG.info("training finished at step {} ({})", result.steps(), result.stopReason());
    }
}
