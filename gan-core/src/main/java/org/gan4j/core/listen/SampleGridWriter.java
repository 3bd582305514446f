package org.gan4j.core.listen;

import java.io.IOException;
import java.nio.file.Path;
import org.gan4j.core.GanTrainer;
import org.gan4j.core.StepResult;
import org.gan4j.core.TrainingContext;
import org.gan4j.core.TrainingResult;
import org.gan4j.core.checkpoint.OutputDirectories;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Every N steps (and at the end) writes {@code samples-<step>.png}: G's output in inference mode
 * on a fixed set of latent vectors (drawn once from the trainer's seed), so successive grids show
 * the same "test vectors" as training progresses. For a conditional generator the grid has one
 * row per class instead: K rows of {@code columns} samples, row r showing class r.
 */
public final class SampleGridWriter implements TrainingListener {

    private final Path directory;
    private final int everySteps;
    private final int count;
    private final int columns;
    private INDArray fixedNoise;
    private INDArray fixedLabels;
    private long lastWritten = -1;

    /**
     * @param directory where PNGs go; created now, must be writable
     * @param everySteps positive
     * @param count images per grid, positive (e.g. 64); a conditional generator's grid has
     *     {@code K * columns} instead
     * @param columns images per row, positive
     * @throws IllegalArgumentException for non-positive counts or an unusable directory
     */
    public SampleGridWriter(Path directory, int everySteps, int count, int columns) {
        if (everySteps <= 0 || count <= 0 || columns <= 0) {
            throw new IllegalArgumentException("sample grid interval, count and columns must be positive, got "
                    + everySteps + ", " + count + ", " + columns);
        }
        this.directory = OutputDirectories.prepare(directory, "sample directory");
        this.everySteps = everySteps;
        this.count = count;
        this.columns = columns;
    }

    @Override
    public void onStart(TrainingContext context) throws IOException {
        GanTrainer t = context.trainer();
        int n = t.conditioning().map(c -> c.numClasses() * columns).orElse(count);
        fixedNoise = t.latent().sample(n, t.generator().network().params().dataType(), t.seed() ^ 0x5A4D504CL);
        fixedLabels = t.conditioning().map(c -> {
            int[] rows = new int[n];
            for (int i = 0; i < n; i++) {
                rows[i] = i / columns;
            }
            return c.oneHot(rows, fixedNoise.dataType());
        }).orElse(null);
        ImageGrid.imageShape(t.sampleShape());
    }

    @Override
    public void onStep(TrainingContext context, StepResult step) throws IOException {
        if (step.step() % everySteps == 0) {
            write(context, step.step());
        }
    }

    @Override
    public void onFinish(TrainingContext context, TrainingResult result) throws IOException {
        if (lastWritten != result.steps()) {
            write(context, result.steps());
        }
    }

    /**
     * @param step a step number
     * @return the file the grid of that step is written to
     */
    public Path fileFor(long step) {
        return directory.resolve(String.format("samples-%07d.png", step));
    }

    private void write(TrainingContext context, long step) throws IOException {
        GanTrainer t = context.trainer();
        INDArray images = fixedLabels == null ? t.generator().generate(fixedNoise)
                : t.generator().generate(fixedNoise, fixedLabels);
        ImageGrid.write(images, ImageGrid.imageShape(t.sampleShape()), columns, fileFor(step));
        lastWritten = step;
    }
}
