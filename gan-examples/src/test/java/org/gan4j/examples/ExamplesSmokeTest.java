package org.gan4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.gan4j.core.checkpoint.CheckpointListener;
import org.gan4j.core.data.ImageDataset;
import org.gan4j.models.MlpGan;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.junit.jupiter.api.io.TempDir;

class ExamplesSmokeTest {

    @Test
    void mainJobWritesSamplesHistoryCheckpointsAndMetrics(@TempDir Path dir) throws Exception {
        TrainMlpGan.main(new String[] {"--steps", "20", "--every", "10", "--out", dir.toString()});
        assertThat(ImageIO.read(dir.resolve("samples/samples-0000020.png").toFile()).getWidth()).isEqualTo(242);
        assertThat(dir.resolve("samples/samples-0000010.png")).exists();
        assertThat(dir.resolve("real.png")).exists();
        List<String> history = Files.readAllLines(dir.resolve("history.jsonl"));
        assertThat(history).hasSize(21);
        assertThat(history.get(0)).contains("\"provenance\"").contains("\"seed\":42");
        assertThat(history.get(20)).contains("\"step\":20");
        assertThat(dir.resolve("checkpoints/checkpoint-000000020.zip")).exists();
        JsonNode metrics = new ObjectMapper().readTree(dir.resolve("metrics.json").toFile());
        assertThat(metrics.get("steps").asInt()).isEqualTo(20);
        assertThat(metrics.get("classifier_test_accuracy").asDouble()).isGreaterThanOrEqualTo(0.985);
        assertThat(metrics.get("predicted_class_histogram")).hasSize(10);
        assertThat(metrics.get("fid").asDouble()).isGreaterThan(metrics.get("fid_real_floor").asDouble());

        // --resume continues from the newest checkpoint
        TrainMlpGan.main(new String[] {"--steps", "30", "--every", "10", "--out", dir.toString(), "--resume"});
        assertThat(new ObjectMapper().readTree(dir.resolve("metrics.json").toFile()).get("steps").asInt())
                .isEqualTo(30);
        assertThat(dir.resolve("checkpoints/checkpoint-000000030.zip")).exists();
    }

    @Test
    void semiSupervisedJobWritesSamplesHistoryAndAccuracy(@TempDir Path dir) throws Exception {
        TrainSsgan.main(new String[] {"--labels-per-class", "2", "--steps", "6", "--every", "4", "--out",
                dir.toString(), "--compare"});
        assertThat(ImageIO.read(dir.resolve("samples/samples-0000006.png").toFile()).getWidth()).isEqualTo(302);
        assertThat(dir.resolve("samples/samples-0000004.png")).exists();
        List<String> history = Files.readAllLines(dir.resolve("history.jsonl"));
        assertThat(history).hasSize(1 + 6 + 2);
        assertThat(history.get(0)).contains("\"provenance\"").contains("\"seed\":42");
        assertThat(history.get(5)).contains("\"test_accuracy\"").contains("\"step\":4");
        assertThat(history.get(8)).contains("\"test_accuracy\"").contains("\"step\":6");
        JsonNode metrics = new ObjectMapper().readTree(dir.resolve("metrics.json").toFile());
        assertThat(metrics.get("steps").asInt()).isEqualTo(6);
        assertThat(metrics.get("labelled").asInt()).isEqualTo(20);
        org.gan4j.models.SemiSupervisedGan restored = org.gan4j.models.SemiSupervisedGan.mnist(42).build();
        restored.restore(dir.resolve("checkpoint.zip"));
        assertThat(restored.step()).isEqualTo(6);
        assertThat(metrics.get("unlabelled").asInt()).isEqualTo(7980);
        assertThat(metrics.get("test_accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(metrics.get("supervised_only_test_accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThatThrownBy(() -> TrainSsgan.main(new String[] {"--labels-per-class", "0", "--out", dir.toString()}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
    }

    @Test
    void badOptionsAreNamed() {
        assertThatThrownBy(() -> TrainMlpGan.main(new String[] {"--stepz", "3"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--stepz");
        assertThatThrownBy(() -> TrainMlpGan.main(new String[] {"--steps", "many"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("many");
    }

    @Test
    void benchmarkRunsAndPrintsOneJsonLine() throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            Bench.main(new String[] {"--iters", "5", "--warmup", "2", "--batch", "16"});
        } finally {
            System.setOut(old);
        }
        JsonNode line = new ObjectMapper().readTree(buf.toString(StandardCharsets.UTF_8).trim());
        assertThat(line.get("impl").asText()).isEqualTo("gan4j");
        assertThat(line.get("it_per_s").asDouble()).isPositive();
        assertThat(line.get("batch").asInt()).isEqualTo(16);
    }

    @Test
    void evaluateMeasuresACheckpointBesideTheRealFloor(@TempDir Path dir) throws Exception {
        ImageDataset digits = ImageDataset.bundledDigits();
        MlpGan.mnist().trainer(42).maxSteps(3).checkpoints(dir.resolve("cp"), 3, 1).build()
                .fit(digits.iterator(64, ImageDataset.Layout.FLAT, 42));
        Path out = dir.resolve("eval/evaluation.json");
        Evaluate.main(new String[] {"--checkpoint", CheckpointListener.latest(dir.resolve("cp")).toString(),
            "--samples", "300", "--kid-subsets", "5", "--out", out.toString()});
        JsonNode e = new ObjectMapper().readTree(out.toFile());
        assertThat(e.get("step").asInt()).isEqualTo(3);
        assertThat(e.get("latent").asText()).isEqualTo("normal(100)");
        assertThat(e.get("samples").asInt()).isEqualTo(300);
        assertThat(e.get("reference_images").asInt()).isEqualTo(2000);
        assertThat(e.get("classifier_test_accuracy").asDouble()).isGreaterThanOrEqualTo(0.985);
        // 3 steps of training are far from real digits
        assertThat(e.get("fid").asDouble()).isGreaterThan(10 * e.get("fid_real_floor").asDouble());
        assertThat(e.get("kid").asDouble()).isGreaterThan(e.get("kid_real_floor").asDouble());
        assertThat(e.get("inception_score_real_floor").asDouble()).isGreaterThan(e.get("inception_score").asDouble());
        assertThat(e.get("precision_real_floor").asDouble()).isBetween(0.5, 1.0);
        int total = 0;
        for (JsonNode h : e.get("predicted_class_histogram")) {
            total += h.asInt();
        }
        assertThat(total).isEqualTo(300);
        assertThatThrownBy(() -> Evaluate.main(new String[] {"--samples", "10"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--checkpoint");
    }

    @Test
    void evaluatesSamplesFromAnNpyFile(@TempDir Path dir) throws Exception {
        // the first 300 training digits, as another library would save them: their FID is the floor itself
        INDArray real = org.gan4j.core.data.ImageDataset.bundledDigits().features(0, 300,
                org.gan4j.core.data.ImageDataset.Layout.NCHW);
        java.io.File npy = dir.resolve("samples.npy").toFile();
        Nd4j.writeAsNumpy(real, npy);
        Path out = dir.resolve("eval.json");
        Evaluate.main(new String[] {"--samples-file", npy.toString(), "--kid-subsets", "5", "--out", out.toString()});
        JsonNode e = new ObjectMapper().readTree(out.toFile());
        assertThat(e.get("samples").asInt()).isEqualTo(300);
        assertThat(e.get("fid").asDouble()).isCloseTo(e.get("fid_real_floor").asDouble(), within(1e-6));
        Nd4j.writeAsNumpy(Nd4j.zeros(DataType.FLOAT, 10, 3, 28, 28), npy);
        assertThatThrownBy(() -> Evaluate.main(new String[] {"--samples-file", npy.toString(), "--out", out.toString()}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[n, 784]");
        assertThatThrownBy(() -> Evaluate.main(new String[] {"--samples-file", npy.toString(), "--checkpoint", "x"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exactly one");
    }

    @Test
    void classifierTrainingIsReproducible(@TempDir Path dir) throws Exception {
        String[] args = {"--train", "1024", "--epochs", "1", "--out", dir.resolve("a.zip").toString()};
        TrainClassifier.main(args);
        args[args.length - 1] = dir.resolve("b.zip").toString();
        TrainClassifier.main(args);
        MultiLayerNetwork a = ModelSerializer.restoreMultiLayerNetwork(dir.resolve("a.zip").toFile(), false);
        MultiLayerNetwork b = ModelSerializer.restoreMultiLayerNetwork(dir.resolve("b.zip").toFile(), false);
        assertThat(a.params()).isEqualTo(b.params());
        JsonNode prov = new ObjectMapper().readTree(dir.resolve("a.json").toFile());
        assertThat(prov.get("seed").asInt()).isEqualTo(42);
        assertThat(prov.get("train_images").asInt()).isEqualTo(1024);
        assertThat(prov.get("test_images").asInt()).isEqualTo(2000);
        // one epoch on 1,024 digits already classifies most held-out digits
        assertThat(prov.get("test_accuracy").asDouble()).isGreaterThan(0.5);
        assertThat(prov.get("command").asText()).contains("--train 1024");
        assertThatThrownBy(() -> TrainClassifier.main(new String[] {"--dataset", "letters"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("letters");
    }
}
