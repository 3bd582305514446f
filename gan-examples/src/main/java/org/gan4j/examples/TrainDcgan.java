package org.gan4j.examples;

import org.gan4j.core.data.ImageDataset;
import org.gan4j.models.Dcgan;

/**
 * The DCGAN example: trains the reference DCGAN (the DCGAN rules: strided convolutions, batch norm,
 * ReLU/tanh in G, LeakyReLU in D) on the 10,000 bundled digits and writes, under the output
 * directory, {@code samples/samples-<step>.png} grids, {@code history.jsonl},
 * {@code checkpoints/}, {@code real.png} (real digits for comparison) and {@code metrics.json}.
 *
 * <p>Options: {@code --steps N} (default 600, about 25 minutes on one core), {@code --out DIR}
 * (default runs/dcgan-digits), {@code --seed S} (default 42), {@code --every N} (default 250), {@code --threads T} (default 1),
 * {@code --resume} (continue from the newest checkpoint in DIR/checkpoints).
 */
public final class TrainDcgan {

    private TrainDcgan() {
    }

    /**
     * Runs the example.
     *
     * @param args options as described in the class documentation
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        ImageGanJob.run(args, "runs/dcgan-digits", 600, seed -> Dcgan.mnist().trainer(seed),
                ImageDataset.Layout.NCHW);
    }
}
