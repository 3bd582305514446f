package org.gan4j.examples;

import org.gan4j.core.data.ImageDataset;
import org.gan4j.models.MlpGan;

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

    private TrainMlpGan() {
    }

    /**
     * Runs the job.
     *
     * @param args options as described in the class documentation
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        ImageGanJob.run(args, "runs/mlp-digits", 3000, seed -> MlpGan.mnist().trainer(seed), ImageDataset.Layout.FLAT);
    }
}
