package org.gan4j.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gan4j.core.GanTrainer;
import org.gan4j.core.Provenance;
import org.gan4j.core.StepResult;
import org.gan4j.core.TrainingResult;
import org.gan4j.core.checkpoint.CheckpointListener;
import org.gan4j.core.data.ImageDataset;
import org.gan4j.core.listen.ImageGrid;
import org.gan4j.core.listen.Listeners;
import org.gan4j.core.listen.TrainingListener;
import org.gan4j.models.MlpGan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main job: trains the reference MLP GAN on the 10,000 bundled digits and writes, under the
 * output directory, {@code samples/samples-<step>.png} grids, {@code history.jsonl},
 * {@code checkpoints/}, {@code real.png} (real digits for comparison) and {@code metrics.json}.
 *
 * <p>Options: {@code --steps N} (default 3000), {@code --out DIR} (default runs/mlp-digits),
 * {@code --seed S} (default 42), {@code --every N} (default 250), {@code --threads T} (default 1),
 * {@code --resume} (continue from the newest checkpoint in DIR/checkpoints).
 */
public final class TrainMlpGan {

    private static final Logger LOG = LoggerFactory.getLogger(TrainMlpGan.class);

    private TrainMlpGan() {
    }

    /**
     * Runs the job.
     *
     * @param args options as described in the class documentation
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args, Map.of("steps", "3000", "out", "runs/mlp-digits", "seed", "42",
                "every", "250", "threads", "1"), List.of("resume"));
        Threads.configure(o.integer("threads"));
        long steps = o.integer("steps");
        Path out = Path.of(o.get("out"));
        long seed = o.integer("seed");
        ImageDataset digits = ImageDataset.bundledDigits();
        List<TrainingListener> listeners = Listeners.standard(out, o.integer("every"), steps);
        GanTrainer trainer = MlpGan.mnist().trainer(seed).maxSteps(steps).epochs(Integer.MAX_VALUE)
                .dataDescription(digits.description()).listeners(listeners).build();
        ImageGrid.write(digits.features(0, 64, ImageDataset.Layout.FLAT), new int[] {1, 28, 28}, 8,
                out.resolve("real.png"));
        var data = digits.iterator(trainer.batchSize(), ImageDataset.Layout.FLAT, seed);
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
        metrics.putAll(SampleQuality.evaluate(trainer, digits, seed));
        metrics.put("provenance", Provenance.of(trainer));
        Files.write(out.resolve("metrics.json"),
                new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(metrics));
        LOG.info("done: {} steps in {} s; outputs in {}", result.steps(), String.format("%.1f", secs),
                out.toAbsolutePath());
    }

}
