package org.gan4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.gan4j.core.Discriminator;
import org.gan4j.core.GanTrainer;
import org.gan4j.core.Generator;
import org.gan4j.core.LatentSpace;
import org.gan4j.core.data.ImageDataset;
import org.gan4j.core.listen.HistoryWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class MetricsListenerTest {

    static MultiLayerNetwork dense(long seed, int in, int hidden, int out, Activation outAct) {
        MultiLayerNetwork n = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(seed)
                .updater(new Adam(1e-3)).list()
                .layer(new DenseLayer.Builder().nIn(in).nOut(hidden).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(hidden).nOut(out).activation(outAct).build()).build());
        n.init();
        return n;
    }

    @Test
    void measuresFidKidIsAndCoverageDuringTraining(@TempDir Path dir) throws Exception {
        ImageDataset digits = ImageDataset.bundledDigits();
        ImageDataset train = digits.slice(0, 2000);
        MultiLayerNetwork clf = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
                .updater(new Adam(1e-3)).list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(64).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(64).nOut(10)
                        .activation(Activation.SOFTMAX).build()).build());
        clf.init();
        var it = train.iterator(100, ImageDataset.Layout.FLAT, 1);
        for (int e = 0; e < 3; e++) {
            clf.fit(it);
            it.reset();
        }
        int[] idx = new int[500];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = 2000 + i;
        }
        INDArray real = digits.features(idx, ImageDataset.Layout.FLAT);
        // embeddings from the hidden layer, class probabilities from the softmax output layer
        FeatureExtractor extractor = new NetworkFeatureExtractor(clf, 0, 1, true, real.getRow(0, true));
        assertThat(extractor.embeddingSize()).isEqualTo(64);
        HistoryWriter history = new HistoryWriter(dir.resolve("history.jsonl"));
        MetricsListener metrics = new MetricsListener(extractor, real, 5, 300, history);
        GanTrainer t = GanTrainer.builder()
                .generator(Generator.of(dense(2, 16, 64, 784, Activation.TANH)))
                .discriminator(Discriminator.of(dense(3, 784, 64, 1, Activation.IDENTITY)))
                .latent(LatentSpace.normal(16)).batchSize(50).maxSteps(10).listener(history).listener(metrics)
                .build();
        t.fit(train.iterator(50, ImageDataset.Layout.FLAT, 2));
        List<Map<String, Object>> records = metrics.records();
        assertThat(records).hasSize(2);
        for (Map<String, Object> r : records) {
            assertThat((double) r.get("fid")).isPositive().isFinite();
            assertThat((double) r.get("inception_score")).isBetween(1.0, 10.0);
            assertThat((int) r.get("classes_present")).isBetween(1, 10);
        }
        // the real-vs-real floor (two halves of real digits) is far below a 10-step generator
        EmbeddingStatistics a = new EmbeddingStatistics(64).add(extractor.extract(real.getRows(range(0, 250))).embeddings());
        EmbeddingStatistics b = new EmbeddingStatistics(64).add(extractor.extract(real.getRows(range(250, 500))).embeddings());
        assertThat(FrechetDistance.between(a, b)).isLessThan((double) records.get(1).get("fid") / 5);
        // real digits score far higher than the 10-step generator's samples
        double realIs = InceptionScore.fromLogits(extractor.extract(real).logits(), 10).mean();
        assertThat(realIs).isGreaterThan(3.0).isGreaterThan((double) records.get(1).get("inception_score") + 1);
        assertThat(Files.readAllLines(dir.resolve("history.jsonl"))).anyMatch(l -> l.contains("\"fid\""));
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }
}
