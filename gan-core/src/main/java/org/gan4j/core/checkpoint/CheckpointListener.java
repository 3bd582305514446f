package org.gan4j.core.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.gan4j.core.StepResult;
import org.gan4j.core.TrainingContext;
import org.gan4j.core.TrainingResult;
import org.gan4j.core.listen.TrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a checkpoint ({@code checkpoint-<step>.zip}) every N steps and at the end of the run,
 * atomically, and deletes all but the newest K. A failed write stops the run with an error; the
 * checkpoints already on disk stay readable.
 */
public final class CheckpointListener implements TrainingListener {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointListener.class);
    private static final String PREFIX = "checkpoint-";
    private static final String SUFFIX = ".zip";

    private final Path directory;
    private final int everySteps;
    private final int keepLast;

    /**
     * @param directory where checkpoints go; created now, must be writable
     * @param everySteps positive
     * @param keepLast positive
     * @throws IllegalArgumentException when a count is not positive or the directory is unusable
     */
    public CheckpointListener(Path directory, int everySteps, int keepLast) {
        if (everySteps <= 0) {
            throw new IllegalArgumentException("checkpoint interval must be positive, got " + everySteps);
        }
        if (keepLast <= 0) {
            throw new IllegalArgumentException("number of checkpoints to keep must be positive, got " + keepLast);
        }
        this.directory = OutputDirectories.prepare(directory, "checkpoint directory");
        this.everySteps = everySteps;
        this.keepLast = keepLast;
    }

    /** @return the checkpoint directory */
    public Path directory() {
        return directory;
    }

    /**
     * @param directory a checkpoint directory
     * @return the newest checkpoint in it (highest step), or null when there is none
     * @throws IOException when the directory cannot be listed
     */
    public static Path latest(Path directory) throws IOException {
        List<Path> all = list(directory);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    @Override
    public void onStep(TrainingContext context, StepResult step) throws IOException {
        if (step.step() % everySteps == 0) {
            save(context);
        }
    }

    @Override
    public void onFinish(TrainingContext context, TrainingResult result) throws IOException {
        Path last = context.state().lastCheckpoint();
        if (last == null || !last.equals(fileFor(context.state().step()))) {
            save(context);
        }
    }

    private Path fileFor(long step) {
        return directory.resolve(String.format("%s%09d%s", PREFIX, step, SUFFIX)).toAbsolutePath();
    }

    private void save(TrainingContext context) throws IOException {
        Path file = context.trainer().saveCheckpoint(context.state(), fileFor(context.state().step()));
        LOG.debug("checkpoint written: {}", file);
        List<Path> all = list(directory);
        for (int i = 0; i < all.size() - keepLast; i++) {
            Files.deleteIfExists(all.get(i));
        }
    }

    private static List<Path> list(Path directory) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(directory)) {
            s.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(PREFIX) && n.endsWith(SUFFIX);
            }).sorted().forEach(out::add);
        }
        return out;
    }
}
