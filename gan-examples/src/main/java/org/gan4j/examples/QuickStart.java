package org.gan4j.examples;

import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.gan4j.core.Discriminator;
import org.gan4j.core.GanTrainer;
import org.gan4j.core.Generator;
import org.gan4j.core.LatentSpace;
import org.gan4j.core.TrainingResult;
import org.gan4j.core.data.ImageDataset;
import org.gan4j.core.listen.Listeners;
import org.gan4j.core.loss.Losses;
import org.gan4j.models.MlpGan;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The README's code example as a program: any two DL4J networks (here the MLP GAN recipe's)
 * trained with an explicit builder. Option: {@code --steps N} (default 300), {@code --out DIR}
 * (default runs/quickstart).
 */
public final class QuickStart {

    private QuickStart() {
    }

    /**
     * Runs the example.
     *
     * @param args options as described in the class documentation
     */
    public static void main(String[] args) {
        Options o = Options.parse(args, java.util.Map.of("steps", "300", "out", "runs/quickstart"), java.util.List.of());
        Threads.configure(1);
        int steps = o.integer("steps");
        MultiLayerNetwork g = MlpGan.mnist().generatorNetwork(1);
        MultiLayerNetwork d = MlpGan.mnist().discriminatorNetwork(2);
        GanTrainer trainer = GanTrainer.builder()
                .generator(Generator.of(g))
                .discriminator(Discriminator.of(d))
                .latent(LatentSpace.normal(100))
                .loss(Losses.nonSaturating())
                .generatorUpdater(new Adam(2e-4, 0.5, 0.999, 1e-8))
                .discriminatorUpdater(new Adam(2e-4, 0.5, 0.999, 1e-8))
                .batchSize(64).maxSteps(steps).seed(42)
                .listeners(Listeners.standard(Path.of(o.get("out")), 100, steps))
                .build();
        ImageDataset digits = ImageDataset.bundledDigits();
        TrainingResult result = trainer.fit(digits.iterator(64, ImageDataset.Layout.FLAT, 42));
        INDArray samples = trainer.generator().sample(16, trainer.latent(), 7);
        System.out.println("trained " + result.steps() + " steps; samples " + java.util.Arrays.toString(samples.shape()));
    }
}
