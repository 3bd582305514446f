package org.gan4j.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gan4j.core.GanTrainer;
import org.gan4j.core.StepResult;
import org.gan4j.core.TrainingContext;
import org.gan4j.core.data.ImageDataset;
import org.gan4j.core.listen.ProgressLogger;
import org.gan4j.core.listen.SampleGridWriter;
import org.gan4j.core.listen.TrainingListener;
import org.gan4j.metrics.Classifier;
import org.gan4j.metrics.SampleReport;
import org.gan4j.models.Dcgan;
import org.gan4j.models.GeneratorEma;
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
 * {@code --samples N} (default 2000), {@code --models mlp,dcgan} (which to train, in order),
 * {@code --dcgan-base C} (channels of the DCGAN's first D layer; default 64, the reference pair),
 * {@code --measure-every S} (also measure every S seconds of training, for a curve of quality
 * against training time; 0, the default, measures at the end only; measuring pauses the clock),
 * {@code --ema D} (sample from an exponential moving average of G's weights with decay D, for
 * both models; 0, the default, samples G itself).
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
                "threads", "1", "samples", "2000", "models", "mlp,dcgan", "dcgan-base", "64", "measure-every", "0",
                "ema", "0"), List.of());
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
        int base = Math.toIntExact(o.integer("dcgan-base"));
        all.put("dcgan_base_channels", base);
        long every = o.integer("measure-every");
        double ema = Double.parseDouble(o.get("ema"));
        if (every < 0 || every > budget.toSeconds()) {
            throw new IllegalArgumentException("--measure-every must be in [0, --seconds], got " + every);
        }
        if (ema < 0 || ema >= 1) {
            throw new IllegalArgumentException("--ema must be in [0, 1) (0: off), got " + o.get("ema"));
        }
        all.put("measure_every_seconds", every);
        all.put("generator_ema", ema);
        for (String model : o.get("models").split(",")) {
            if (!model.equals("mlp") && !model.equals("dcgan")) {
                throw new IllegalArgumentException("--models lists mlp and/or dcgan, got " + model);
            }
            boolean mlp = model.equals("mlp");
            GanTrainer.Builder b = mlp ? MlpGan.mnist().trainer(seed)
                    : (base == 64 ? Dcgan.mnist() : Dcgan.of(28, 1, 100, base, 2)).trainer(seed);
            Path dir = out.resolve(model);
            GeneratorEma average = ema > 0 ? new GeneratorEma(ema) : null;
            Curve curve = new Curve(budget, every == 0 ? budget : Duration.ofSeconds(every), n, seed, model,
                    (trainer, z) -> average != null ? average.generate(trainer.generator(), z) : trainer.generator().generate(z),
                    samples -> SampleReport.measure(classifier, reference, floor, samples, 100, seed));
            b.epochs(Integer.MAX_VALUE).maxSteps(Long.MAX_VALUE).dataDescription(train.description())
                    .listener(curve).listener(new ProgressLogger(100, 0))
                    .listener(new SampleGridWriter(dir.resolve("samples"), 1_000_000, 64, 8));
            if (average != null) {
                b.listener(average);
            }
            GanTrainer trainer = b.build();
            trainer.fit(train.iterator(trainer.batchSize(), mlp ? ImageDataset.Layout.FLAT : ImageDataset.Layout.NCHW, seed));
            Map<String, Object> report = new LinkedHashMap<>(curve.points.get(curve.points.size() - 1));
            report.put("curve", curve.points);
            all.put(model, report);
        }
        Files.createDirectories(out);
        Files.write(out.resolve("compare.json"), new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(all));
        LOG.info("written {}", out.resolve("compare.json").toAbsolutePath());
    }

    /**
     * Measures the samples at each mark of training time and stops the run at the budget. Training
     * time excludes the measurements themselves.
     */
    private static final class Curve implements TrainingListener {
        private final Duration budget;
        private final Duration every;
        private final int samples;
        private final long seed;
        private final String model;
        private final java.util.function.BiFunction<GanTrainer, INDArray, INDArray> generate;
        private final java.util.function.Function<INDArray, Map<String, Object>> measure;
        private final List<Map<String, Object>> points = new java.util.ArrayList<>();
        private long start;
        private long paused;
        private long nextMark;

        Curve(Duration budget, Duration every, int samples, long seed, String model,
                java.util.function.BiFunction<GanTrainer, INDArray, INDArray> generate,
                java.util.function.Function<INDArray, Map<String, Object>> measure) {
            this.budget = budget;
            this.every = every;
            this.samples = samples;
            this.seed = seed;
            this.model = model;
            this.generate = generate;
            this.measure = measure;
        }

        @Override
        public void onStart(TrainingContext context) {
            start = System.nanoTime();
            nextMark = every.toNanos();
        }

        @Override
        public void onStep(TrainingContext context, StepResult step) {
            long pauseStart = System.nanoTime();
            long trained = pauseStart - start - paused;
            if (trained < nextMark && trained < budget.toNanos()) {
                return;
            }
            GanTrainer trainer = context.trainer();
            INDArray z = trainer.latent().sample(samples, trainer.generator().network().params().dataType(), seed + 1);
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("steps", step.step());
            point.put("train_seconds", trained / 1e9);
            point.putAll(measure.apply(generate.apply(trainer, z)));
            points.add(point);
            LOG.info("{}: {} steps in {} s; {}", model, step.step(), String.format("%.0f", trained / 1e9),
                    SampleReport.summary(point));
            nextMark += every.toNanos();
            paused += System.nanoTime() - pauseStart;
            if (trained >= budget.toNanos()) {
                context.requestStop("time budget of " + budget.toSeconds() + " s spent");
            }
        }
    }
}
