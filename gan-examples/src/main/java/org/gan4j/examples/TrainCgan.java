package org.gan4j.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gan4j.core.Conditioning;
import org.gan4j.core.GanTrainer;
import org.gan4j.core.Provenance;
import org.gan4j.core.TrainingResult;
import org.gan4j.core.checkpoint.CheckpointListener;
import org.gan4j.core.data.ImageDataset;
import org.gan4j.core.listen.Listeners;
import org.gan4j.metrics.Classifier;
import org.gan4j.metrics.ConditionalAccuracy;
import org.gan4j.models.Dcgan;
import org.gan4j.models.MlpGan;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Conditional GAN (Mirza &amp; Osindero 2014) on the first 8,000 bundled digits: G gets
 * {@code [z | one-hot digit]}, D gets the image joined with the label. Writes under the output
 * directory {@code samples/samples-<step>.png} (one row per digit, 0 at the top),
 * {@code history.jsonl}, {@code checkpoints/} and {@code metrics.json} with the conditional
 * accuracy: the fraction of 100 samples per digit that the bundled digit classifier recognises as
 * the digit that was asked for.
 *
 * <p>Options: {@code --model mlp|dcgan} (default mlp: the reference MLP GAN with conditioning;
 * dcgan: the reference DCGAN with 10 label channels in D), {@code --steps N} (default 4000),
 * {@code --out DIR} (default runs/cgan-digits), {@code --seed S} (default 42), {@code --every N}
 * (default 250), {@code --threads T} (default 1), {@code --resume}, {@code --plain-discriminator}
 * (turns off the matching-aware discriminator, which also shows D real digits with wrong labels as
 * fakes so that it learns to check the label from the start).
 */
public final class TrainCgan {

    private static final Logger LOG = LoggerFactory.getLogger(TrainCgan.class);

    private TrainCgan() {
    }

    /**
     * Runs the example.
     *
     * @param args options as described in the class documentation
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args, Map.of("model", "mlp", "steps", "4000", "out", "runs/cgan-digits", "seed", "42",
                "every", "250", "threads", "1"), List.of("resume", "plain-discriminator"));
        Threads.configure(o.integer("threads"));
        long steps = o.integer("steps");
        Path out = Path.of(o.get("out"));
        long seed = o.integer("seed");
        Conditioning labels = Conditioning.oneHot(10);
        GanTrainer.Builder b;
        ImageDataset.Layout layout;
        switch (o.get("model")) {
            case "mlp" -> {
                b = MlpGan.mnist().withConditioning(labels).trainer(seed);
                layout = ImageDataset.Layout.FLAT;
            }
            case "dcgan" -> {
                b = Dcgan.mnist().withConditioning(labels).trainer(seed);
                layout = ImageDataset.Layout.NCHW;
            }
            default -> throw new IllegalArgumentException("--model must be mlp or dcgan, got " + o.get("model"));
        }
        ImageDataset digits = ImageDataset.bundledDigits().slice(0, 8000);
        if (!o.flag("plain-discriminator")) {
            b.matchingAwareDiscriminator();
        }
        GanTrainer trainer = b.maxSteps(steps).epochs(Integer.MAX_VALUE).dataDescription(digits.description())
                .listeners(Listeners.standard(out, o.integer("every"), steps)).build();
        var data = digits.iterator(trainer.batchSize(), layout, seed);
        long t0 = System.nanoTime();
        Path latest = CheckpointListener.latest(out.resolve("checkpoints"));
        TrainingResult result = o.flag("resume") && latest != null ? trainer.fit(data, trainer.restore(latest))
                : trainer.fit(data);
        double secs = (System.nanoTime() - t0) / 1e9;

        ConditionalAccuracy accuracy = conditionalAccuracy(trainer, Classifier.digits(), 100, seed + 1);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("model", o.get("model"));
        metrics.put("steps", result.steps());
        metrics.put("seconds", secs);
        metrics.put("it_per_s", result.history().size() / secs);
        metrics.put("conditional_accuracy", accuracy.overall());
        metrics.put("conditional_accuracy_per_digit", accuracy.perClass());
        metrics.put("samples_per_digit", 100);
        metrics.put("provenance", Provenance.of(trainer));
        Files.write(out.resolve("metrics.json"),
                new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(metrics));
        LOG.info("done: {} steps in {} s; {}; outputs in {}", result.steps(), String.format("%.1f", secs), accuracy,
                out.toAbsolutePath());
    }

    /**
     * Samples {@code perClass} examples of every class and asks a classifier which class each is.
     *
     * @param trainer the trainer of a conditional GAN (its generator, latent space and classes)
     * @param classifier judges the samples
     * @param perClass samples per class
     * @param seed seed of the latent draw
     * @return the fraction recognised as the requested class, overall and per class
     */
    static ConditionalAccuracy conditionalAccuracy(GanTrainer trainer, Classifier classifier, int perClass, long seed) {
        Conditioning c = trainer.conditioning().orElseThrow(() -> new IllegalArgumentException("GAN is unconditional"));
        int[] requested = new int[perClass * c.numClasses()];
        for (int i = 0; i < requested.length; i++) {
            requested[i] = i / perClass;
        }
        INDArray samples = trainer.generator().sample(requested, trainer.latent(), seed);
        return ConditionalAccuracy.of(requested, classifier.predict(samples), c.numClasses());
    }
}
