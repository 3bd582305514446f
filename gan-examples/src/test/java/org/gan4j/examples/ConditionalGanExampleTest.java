package org.gan4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.gan4j.core.Conditioning;
import org.gan4j.core.GanTrainer;
import org.gan4j.core.data.ImageDataset;
import org.gan4j.metrics.Classifier;
import org.gan4j.metrics.ConditionalAccuracy;
import org.gan4j.models.MlpGan;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The conditional GAN example and its proof: the digit classifier recognises the requested digits. */
class ConditionalGanExampleTest {

    @Test
    void exampleWritesOneGridRowPerDigitAndItsConditionalAccuracy(@TempDir Path dir) throws Exception {
        TrainCgan.main(new String[] {"--steps", "4", "--every", "4", "--out", dir.toString()});
        // 10 rows (one per digit) of 8 samples, 28 px each plus 2 px borders
        var grid = ImageIO.read(dir.resolve("samples/samples-0000004.png").toFile());
        assertThat(grid.getWidth()).isEqualTo(8 * 30 + 2);
        assertThat(grid.getHeight()).isEqualTo(10 * 30 + 2);
        JsonNode metrics = new ObjectMapper().readTree(dir.resolve("metrics.json").toFile());
        assertThat(metrics.get("conditional_accuracy_per_digit")).hasSize(10);
        assertThat(metrics.get("provenance").toString()).contains("one-hot(10)");
    }

    @Test
    void dcganRecipeTrainsConditionally(@TempDir Path dir) throws Exception {
        TrainCgan.main(new String[] {"--model", "dcgan", "--steps", "2", "--every", "2", "--out", dir.toString()});
        assertThat(dir.resolve("checkpoints/checkpoint-000000002.zip")).exists();
    }

    /**
     * The reference MLP GAN with conditioning and a matching-aware D, 4,000 steps on the 8,000
     * training digits: the bundled classifier must recognise at least 90% of 100 samples per digit
     * as the digit asked for.
     */
    @Test
    @Tag("slow")
    void conditionalSamplesAreRecognisedAsTheRequestedDigit() {
        ImageDataset train = ImageDataset.bundledDigits().slice(0, 8000);
        GanTrainer t = MlpGan.mnist().withConditioning(Conditioning.oneHot(10)).trainer(42)
                .matchingAwareDiscriminator().maxSteps(4000).epochs(Integer.MAX_VALUE).build();
        t.fit(train.iterator(64, ImageDataset.Layout.FLAT, 42));
        ConditionalAccuracy a = TrainCgan.conditionalAccuracy(t, Classifier.digits(), 100, 43);
        System.out.println(a);
        assertThat(a.overall()).isGreaterThanOrEqualTo(0.9);
    }
}
