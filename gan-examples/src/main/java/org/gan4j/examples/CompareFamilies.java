package org.gan4j.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gan4j.core.GanTrainer;
import org.gan4j.core.TrainingResult;
import org.gan4j.core.data.ImageDataset;
import org.gan4j.core.listen.ProgressLogger;
import org.gan4j.core.listen.SampleGridWriter;
import org.gan4j.core.listen.TimeLimit;
import org.gan4j.metrics.Classifier;
import org.gan4j.metrics.SampleReport;
import org.gan4j.models.Dcgan;
import org.gan4j.models.MlpGan;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the reference MLP GAN and the reference DCGAN on the first 8,000 bundled digits for the
 * same wall-clock budget each, then measures both with the bundled digit classifier on 2,000
 * samples against the 2,000 held-out digits (FID, KID, IS, precision/recall, class coverage, and
 * the real-vs-real floor). Writes {@code OUT/mlp/samples}, {@code OUT/dcgan/samples} and
 * {@code OUT/compare.json}.
 *
 * <p>Options: {@code --seconds S} budget per model (default 600), {@code --out DIR} (default
 * runs/dcgan-vs-mlp), {@code --seed S} (default 42), {@code --threads T} (default 1),
 * {@code --samples N} (default 2000).
 */
public final class CompareFamilies {

    private static final Logger LOG = LoggerFactory.getLogger(CompareFamilies.class);

    private CompareFamilies() {
    }

    /**
     * Runs the comparison.
     *
     * @param args options as described in the class documentation
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args, Map.of("seconds", "600", "out", "runs/dcgan-vs-mlp", "seed", "42",
                "threads", "1", "samples", "2000"), List.of());
        Threads.configure(o.integer("threads"));
        Duration budget = Duration.ofSeconds(o.integer("seconds"));
        Path out = Path.of(o.get("out"));
        long seed = o.integer("seed");
        int n = Math.toIntExact(o.integer("samples"));
        ImageDataset digits = ImageDataset.bundledDigits();
        ImageDataset train = digits.slice(0, 8000);
        ImageDataset heldOut = digits.slice(8000, digits.size());
        if (n > heldOut.size()) {
            throw new IllegalArgumentException("--samples must be at most " + heldOut.size() + ", got " + n);
        }
        Classifier classifier = Classifier.digits();
        INDArray reference = heldOut.features(0, n, ImageDataset.Layout.NCHW);
        INDArray floor = train.features(0, n, ImageDataset.Layout.NCHW);
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("seconds_per_model", budget.toSeconds());
        all.put("samples", n);
        for (String model : List.of("mlp", "dcgan")) {
            boolean mlp = model.equals("mlp");
            GanTrainer.Builder b = mlp ? MlpGan.mnist().trainer(seed) : Dcgan.mnist().trainer(seed);
            Path dir = out.resolve(model);
            GanTrainer trainer = b.epochs(Integer.MAX_VALUE).maxSteps(Long.MAX_VALUE)
                    .dataDescription(train.description())
                    .listener(new TimeLimit(budget)).listener(new ProgressLogger(100, 0))
                    .listener(new SampleGridWriter(dir.resolve("samples"), 1_000_000, 64, 8)).build();
            long t0 = System.nanoTime();
            TrainingResult r = trainer.fit(train.iterator(trainer.batchSize(),
                    mlp ? ImageDataset.Layout.FLAT : ImageDataset.Layout.NCHW, seed));
            double secs = (System.nanoTime() - t0) / 1e9;
            INDArray samples = trainer.generator().sample(n, trainer.latent(), seed + 1);
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("steps", r.steps());
            report.put("train_seconds", secs);
            report.putAll(SampleReport.measure(classifier, reference, floor, samples, 100, seed));
            LOG.info("{}: {} steps in {} s; {}", model, r.steps(), String.format("%.0f", secs),
                    SampleReport.summary(report));
            all.put(model, report);
        }
        Files.createDirectories(out);
        Files.write(out.resolve("compare.json"), new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(all));
        LOG.info("written {}", out.resolve("compare.json").toAbsolutePath());
    }
}
