package org.gan4j.core.listen;

import java.nio.file.Path;
import java.util.List;
import org.gan4j.core.checkpoint.CheckpointListener;

/** Named listener presets. */
public final class Listeners {

    private Listeners() {
    }

    /**
     * The standard set for a run writing to {@code outDir}: a progress line every
     * {@code everySteps}, {@code history.jsonl}, an 8x8 sample grid under {@code samples/} and a
     * checkpoint under {@code checkpoints/} (last 3 kept) every {@code everySteps}.
     *
     * @param outDir output directory (created; must be writable)
     * @param everySteps interval of progress lines, grids and checkpoints; positive
     * @param totalSteps the run's step limit for the ETA, or 0
     * @return the listeners, in call order
     * @throws IllegalArgumentException for an unusable directory or a non-positive interval
     */
    public static List<TrainingListener> standard(Path outDir, int everySteps, long totalSteps) {
        return List.of(new ProgressLogger(everySteps, totalSteps),
                new HistoryWriter(outDir.resolve("history.jsonl")),
                new SampleGridWriter(outDir.resolve("samples"), everySteps, 64, 8),
                new CheckpointListener(outDir.resolve("checkpoints"), everySteps, 3));
    }

    /**
     * Console only: a progress line every {@code everySteps}.
     *
     * @param everySteps positive
     * @return the listeners
     */
    public static List<TrainingListener> console(int everySteps) {
        return List.of(new ProgressLogger(everySteps, 0));
    }
}
