package org.gan4j.core;

/**
 * A training run failed after it started: a non-finite loss, or a listener that threw. The
 * message says what happened and at which step; {@link #partialResult()} holds the history up to
 * the failure.
 */
public class GanTrainingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient TrainingResult partialResult;

    /**
     * @param message what happened, with the step
     * @param cause the underlying exception, or null
     * @param partialResult the history up to the failure
     */
    public GanTrainingException(String message, Throwable cause, TrainingResult partialResult) {
        super(message, cause);
        this.partialResult = partialResult;
    }

    /** @return the history up to the failure */
    public TrainingResult partialResult() {
        return partialResult;
    }
}
