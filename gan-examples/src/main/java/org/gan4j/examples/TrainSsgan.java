package org.gan4j.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gan4j.core.Provenance;
import org.gan4j.core.checkpoint.OutputDirectories;
import org.gan4j.core.data.ImageDataset;
import org.gan4j.core.data.LabelledSplit;
import org.gan4j.core.listen.ImageGrid;
import org.gan4j.models.SemiSupervisedGan;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Semi-supervised learning on the bundled digits with the semi-supervised GAN
 * ({@link SemiSupervisedGan#mnist}): it trains on the first 8,000 digits, of which only
 * {@code --labels-per-class} per class keep their labels, and measures the discriminator's
 * accuracy as a classifier on the fixed held-out digits 8,000 to 9,999. Under the output
 * directory it writes {@code samples/samples-<step>.png} (the generator on fixed latent vectors),
 * {@code history.jsonl} (a provenance line, one object per step, and a {@code test_accuracy}
 * record after every {@code --every} steps), {@code checkpoint.zip} (rewritten after every
 * {@code --every} steps; {@link SemiSupervisedGan#restore} continues from it) and
 * {@code metrics.json}.
 *
 * <p>Options: {@code --labels-per-class N} (default 10), {@code --steps N} (default 1500),
 * {@code --out DIR} (default runs/ssgan-digits), {@code --seed S} (default 42), {@code --every N}
 * (default 250), {@code --threads T} (default 1), and the flag {@code --compare}, which also trains
 * the same discriminator architecture on the labelled digits alone for as many steps
 * ({@link SemiSupervisedGan#mnistSupervisedOnly}) and reports its held-out accuracy beside the
 * semi-supervised one.
 */
public final class TrainSsgan {

    private static final Logger LOG = LoggerFactory.getLogger(TrainSsgan.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private TrainSsgan() {
    }

    /**
     * Runs the job.
     *
     * @param args options as described in the class documentation
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args, Map.of("labels-per-class", "10", "steps", "1500", "out", "runs/ssgan-digits",
                "seed", "42", "every", "250", "threads", "1"), List.of("compare"));
        Threads.configure(o.integer("threads"));
        int perClass = o.integer("labels-per-class");
        long steps = o.integer("steps");
        int every = o.integer("every");
        if (steps <= 0 || every <= 0) {
            throw new IllegalArgumentException("--steps and --every must be positive, got " + steps + " and " + every);
        }
        long seed = o.integer("seed");
        Path out = OutputDirectories.prepare(Path.of(o.get("out")), "output directory");
        ImageDataset digits = ImageDataset.bundledDigits();
        ImageDataset test = digits.slice(8000, 10000);
        LabelledSplit split = digits.slice(0, 8000).labelledSplit(perClass, seed);

        SemiSupervisedGan ssgan = SemiSupervisedGan.mnist(seed).build();
        INDArray fixedNoise = ssgan.latent().sample(100, ssgan.generator().network().params().dataType(), seed ^ 0x5A4D504CL);
        long t0 = System.nanoTime();
        try (BufferedWriter history = Files.newBufferedWriter(out.resolve("history.jsonl"), StandardCharsets.UTF_8)) {
            line(history, Map.of("provenance", provenance(ssgan, split)));
            while (ssgan.step() < steps) {
                for (SemiSupervisedGan.Step s : ssgan.fit(split.labelled(), split.unlabelled(),
                        Math.min(every, steps - ssgan.step()))) {
                    line(history, s.toMap());
                }
                double accuracy = ssgan.accuracy(test);
                line(history, Map.of("step", ssgan.step(), "test_accuracy", accuracy));
                ImageGrid.write(ssgan.generator().generate(fixedNoise), new int[] {1, 28, 28}, 10,
                        out.resolve("samples").resolve(String.format("samples-%07d.png", ssgan.step())));
                ssgan.save(out.resolve("checkpoint.zip"));
                LOG.info("step {}: held-out accuracy {}", ssgan.step(), String.format("%.4f", accuracy));
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("labels_per_class", perClass);
        metrics.put("labelled", split.labelled().size());
        metrics.put("unlabelled", split.unlabelled().size());
        metrics.put("steps", ssgan.step());
        metrics.put("seconds", secs);
        metrics.put("test_images", test.size());
        metrics.put("test_accuracy", ssgan.accuracy(test));
        if (o.flag("compare")) {
            long b0 = System.nanoTime();
            SemiSupervisedGan supervised = SemiSupervisedGan.mnistSupervisedOnly(seed);
            supervised.fit(split.labelled(), split.unlabelled(), steps);
            metrics.put("supervised_only_test_accuracy", supervised.accuracy(test));
            metrics.put("supervised_only_seconds", (System.nanoTime() - b0) / 1e9);
        }
        metrics.put("provenance", provenance(ssgan, split));
        Files.write(out.resolve("metrics.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(metrics));
        LOG.info("done: {} steps in {} s, held-out accuracy {}; outputs in {}", ssgan.step(),
                String.format("%.1f", secs), metrics.get("test_accuracy"), out.toAbsolutePath());
    }

    private static Map<String, Object> provenance(SemiSupervisedGan ssgan, LabelledSplit split) {
        Map<String, Object> m = new LinkedHashMap<>(Provenance.environment());
        m.put("configuration", ssgan.configuration());
        m.put("labelled", split.labelled().description());
        m.put("unlabelled", split.unlabelled().description());
        return m;
    }

    private static void line(BufferedWriter out, Map<String, ?> record) throws java.io.IOException {
        out.write(JSON.writeValueAsString(record));
        out.newLine();
        out.flush();
    }
}
