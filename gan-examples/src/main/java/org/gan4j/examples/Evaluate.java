package org.gan4j.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gan4j.core.Provenance;
import org.gan4j.core.SavedGenerator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates a trained generator: loads it from a gan4j checkpoint, generates N samples and
 * measures them (or measures samples made elsewhere, for example by another library, given as a
 * float32 {@code .npy} file of shape {@code [n, 784]} or {@code [n, 1, 28, 28]} with values in
 * [-1, 1]) with the bundled classifier of the dataset ({@link SampleQuality}): FID, KID
 * (mean, std), Inception Score (mean, std), class coverage, precision/recall, each beside the
 * real-vs-real floor (N training images against the same test split). Prints the figures as
 * JSON and writes them to a file.
 *
 * <p>Options: {@code --checkpoint FILE} or {@code --samples-file FILE.npy} (one is required),
 * {@code --dataset digits|fashion} (default
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
        Options o = Options.parse(args, Map.of("checkpoint", "", "samples-file", "", "dataset", "digits", "samples",
                "0", "out", "evaluation.json", "seed", "42", "kid-subsets", "100", "threads", "1", "fashion-dir",
                Splits.FASHION_DIR), List.of());
        if (o.get("checkpoint").isEmpty() == o.get("samples-file").isEmpty()) {
            throw new IllegalArgumentException("give exactly one of --checkpoint FILE and --samples-file FILE.npy");
        }
        Threads.configure(o.integer("threads"));
        long t0 = System.nanoTime();
        Splits splits = Splits.load(o.get("dataset"), Path.of(o.get("fashion-dir")));
        Map<String, Object> m = new LinkedHashMap<>();
        if (!o.get("samples-file").isEmpty()) {
            Path file = Path.of(o.get("samples-file"));
            INDArray samples = Nd4j.createFromNpyFile(file.toFile()).castTo(DataType.FLOAT);
            if (samples.length() != samples.size(0) * 784L) {
                throw new IllegalArgumentException(file + " holds shape " + java.util.Arrays.toString(samples.shape())
                        + "; expected [n, 784] or [n, 1, 28, 28]");
            }
            m.put("samples_file", file.toAbsolutePath().toString());
            m.putAll(SampleQuality.measure(samples.reshape(samples.size(0), 784), splits, o.integer("kid-subsets"),
                    o.integer("seed")));
        } else {
            Path checkpoint = Path.of(o.get("checkpoint"));
            SavedGenerator saved = SavedGenerator.load(checkpoint);
            int n = o.integer("samples") > 0 ? o.integer("samples") : splits.test().size();
            m.put("checkpoint", checkpoint.toAbsolutePath().toString());
            m.put("step", saved.step());
            m.put("latent", saved.latent().toString());
            m.putAll(SampleQuality.evaluate(saved.generator(), saved.latent(), splits, n, o.integer("kid-subsets"),
                    o.integer("seed")));
        }
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
