package org.gan4j.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gan4j.core.Provenance;
import org.gan4j.core.SavedGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates a trained generator: loads it from a gan4j checkpoint, generates N samples and
 * measures them with the bundled classifier of the dataset ({@link SampleQuality}): FID, KID
 * (mean, std), Inception Score (mean, std), class coverage, precision/recall, each beside the
 * real-vs-real floor (N training images against the same test split). Prints the figures as
 * JSON and writes them to a file.
 *
 * <p>Options: {@code --checkpoint FILE} (required), {@code --dataset digits|fashion} (default
 * digits), {@code --samples N} (default 2000 for digits, 10000 for Fashion: the size of the test
 * split), {@code --out FILE} (default {@code evaluation.json}), {@code --seed S} (default 42),
 * {@code --kid-subsets K} (default 100), {@code --threads T} (default 1),
 * {@code --fashion-dir DIR} (default {@code /usr/share/datasets/fashion-mnist}).
 */
public final class Evaluate {

    private static final Logger LOG = LoggerFactory.getLogger(Evaluate.class);

    private Evaluate() {
    }

    /**
     * Runs the command.
     *
     * @param args options as described in the class documentation
     * @throws Exception when the checkpoint or data cannot be read or the output cannot be written
     * @throws IllegalArgumentException for a missing checkpoint option or a bad option value
     */
    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args, Map.of("checkpoint", "", "dataset", "digits", "samples", "0", "out",
                "evaluation.json", "seed", "42", "kid-subsets", "100", "threads", "1", "fashion-dir",
                Splits.FASHION_DIR), List.of());
        if (o.get("checkpoint").isEmpty()) {
            throw new IllegalArgumentException("--checkpoint FILE is required");
        }
        Threads.configure(o.integer("threads"));
        Path checkpoint = Path.of(o.get("checkpoint"));
        long t0 = System.nanoTime();
        SavedGenerator saved = SavedGenerator.load(checkpoint);
        Splits splits = Splits.load(o.get("dataset"), Path.of(o.get("fashion-dir")));
        int n = o.integer("samples") > 0 ? o.integer("samples") : splits.test().size();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("checkpoint", checkpoint.toAbsolutePath().toString());
        m.put("step", saved.step());
        m.put("latent", saved.latent().toString());
        m.putAll(SampleQuality.evaluate(saved.generator(), saved.latent(), splits, n, o.integer("kid-subsets"),
                o.integer("seed")));
        m.put("seconds", (System.nanoTime() - t0) / 1e9);
        m.put("provenance", Provenance.environment());
        byte[] json = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(m);
        Path out = Path.of(o.get("out"));
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Files.write(out, json);
        System.out.println(new String(json, java.nio.charset.StandardCharsets.UTF_8));
        LOG.info("wrote {}", out.toAbsolutePath());
    }
}
