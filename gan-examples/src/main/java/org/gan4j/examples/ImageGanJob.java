package org.gan4j.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.gan4j.core.GanTrainer;
import org.gan4j.core.Provenance;
import org.gan4j.core.StepResult;
import org.gan4j.core.TrainingResult;
import org.gan4j.core.checkpoint.CheckpointListener;
import org.gan4j.core.data.ImageDataset;
import org.gan4j.core.listen.ImageGrid;
import org.gan4j.core.listen.Listeners;
import org.gan4j.core.listen.TrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared body of the unconditional image examples ({@link TrainMlpGan}, {@link TrainDcgan}):
 * trains a recipe on the 10,000 bundled digits and writes, under the output directory,
 * {@code samples/samples-<step>.png} grids, {@code history.jsonl}, {@code checkpoints/},
 * {@code real.png} (real digits for comparison) and {@code metrics.json} (speed, final losses,
 * sample quality from the bundled digit classifier, provenance).
 *
 * <p>Options: {@code --steps N} and {@code --out DIR} (defaults given by the example),
 * {@code --seed S} (default 42), {@code --every N} (default 250), {@code --threads T} (default 1),
 * {@code --resume} (continue from the newest checkpoint in DIR/checkpoints).
 */
final class ImageGanJob {

    private static final Logger LOG = LoggerFactory.getLogger(ImageGanJob.class);

    private ImageGanJob() {
    }

    /**
     * @param args command-line options
     * @param defaultOut default output directory
     * @param defaultSteps default number of steps
     * @param recipe the trainer builder of a recipe for a seed
     * @param layout the layout the recipe's D takes
     * @throws Exception on failure
     */
    static void run(String[] args, String defaultOut, int defaultSteps, LongFunction<GanTrainer.Builder> recipe,
            ImageDataset.Layout layout) throws Exception {
        Options o = Options.parse(args, Map.of("steps", String.valueOf(defaultSteps), "out", defaultOut, "seed", "42",
                "every", "250", "threads", "1"), List.of("resume"));
        Threads.configure(o.integer("threads"));
        long steps = o.integer("steps");
        Path out = Path.of(o.get("out"));
        long seed = o.integer("seed");
        ImageDataset digits = ImageDataset.bundledDigits();
        List<TrainingListener> listeners = Listeners.standard(out, o.integer("every"), steps);
        GanTrainer trainer = recipe.apply(seed).maxSteps(steps).epochs(Integer.MAX_VALUE)
                .dataDescription(digits.description()).listeners(listeners).build();
        ImageGrid.write(digits.features(0, 64, ImageDataset.Layout.FLAT), new int[] {1, 28, 28}, 8,
                out.resolve("real.png"));
        var data = digits.iterator(trainer.batchSize(), layout, seed);
        long t0 = System.nanoTime();
        TrainingResult result;
        Path latest = CheckpointListener.latest(out.resolve("checkpoints"));
        if (o.flag("resume") && latest != null) {
            LOG.info("resuming from {}", latest);
            result = trainer.fit(data, trainer.restore(latest));
        } else {
            result = trainer.fit(data);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("steps", result.steps());
        metrics.put("stop_reason", result.stopReason().name());
        metrics.put("seconds", secs);
        metrics.put("it_per_s", result.history().size() / secs);
        StepResult last = result.last();
        if (last != null) {
            metrics.put("final_d_loss", last.discriminatorLoss());
            metrics.put("final_g_loss", last.generatorLoss());
            metrics.put("final_d_real", last.dReal());
            metrics.put("final_d_fake", last.dFake());
        }
        Splits splits = Splits.digits(digits);
        metrics.putAll(SampleQuality.evaluate(trainer.generator(), trainer.latent(), splits, splits.test().size(), 10,
                seed + 1));
        metrics.put("provenance", Provenance.of(trainer));
        Files.write(out.resolve("metrics.json"),
                new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(metrics));
        LOG.info("done: {} steps in {} s; outputs in {}", result.steps(), String.format("%.1f", secs),
                out.toAbsolutePath());
    }
}
