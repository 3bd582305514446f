package org.gan4j.examples;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.gan4j.core.GanTrainer;
import org.gan4j.core.data.ImageDataset;
import org.gan4j.metrics.ClassCoverage;
import org.gan4j.metrics.EmbeddingStatistics;
import org.gan4j.metrics.FeatureExtractor;
import org.gan4j.metrics.FrechetDistance;
import org.gan4j.metrics.InceptionScore;
import org.gan4j.metrics.NetworkFeatureExtractor;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sample-quality figures for generated digits from a digit classifier trained here on the first
 * 8,000 bundled digits (held-out accuracy on the last 2,000 is reported with the figures), on 2,000
 * generated samples: the Frechet distance in the classifier's 256-d hidden layer to the 2,000
 * held-out digits, beside the real-vs-real floor (2,000 training digits against the same held-out
 * ones), the Inception Score under this classifier, how many samples it recognises confidently
 * (top probability at least 0.9) and the {@link ClassCoverage} of their predicted classes (entropy
 * log 10 = 2.303 for a uniform spread).
 */
final class SampleQuality {

    private static final Logger LOG = LoggerFactory.getLogger(SampleQuality.class);

    private SampleQuality() {
    }

    static Map<String, Object> evaluate(GanTrainer trainer, ImageDataset digits, long seed) {
        ImageDataset train = digits.slice(0, 8000);
        ImageDataset test = digits.slice(8000, digits.size());
        MultiLayerNetwork clf = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(seed)
                .updater(new Adam(1e-3)).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(256).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(256).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build());
        clf.init();
        DataSetIterator it = train.iterator(128, ImageDataset.Layout.FLAT, seed);
        for (int epoch = 0; epoch < 5; epoch++) {
            clf.fit(it);
            it.reset();
        }
        int n = test.size();
        INDArray heldOut = test.features(0, n, ImageDataset.Layout.FLAT);
        INDArray testPred = clf.output(heldOut).argMax(1);
        int correct = 0;
        for (int i = 0; i < n; i++) {
            correct += testPred.getInt(i) == test.label(i) ? 1 : 0;
        }
        double accuracy = correct / (double) n;

        INDArray samples = trainer.generator().sample(n, trainer.latent(), seed + 1);
        ClassCoverage c = ClassCoverage.of(clf.output(samples), 0.01, 0.9);
        // Frechet distance in the classifier's 256-d hidden layer, generated vs held-out, beside the
        // real-vs-real floor (first n training digits vs held-out) at the same n
        FeatureExtractor features = new NetworkFeatureExtractor(clf, 0, 1, true,
                test.features(0, 1, ImageDataset.Layout.FLAT));
        EmbeddingStatistics realStats = new EmbeddingStatistics(256).add(features.extract(heldOut).embeddings());
        EmbeddingStatistics floorStats = new EmbeddingStatistics(256)
                .add(features.extract(train.features(0, n, ImageDataset.Layout.FLAT)).embeddings());
        FeatureExtractor.Features generated = features.extract(samples);
        double fid = FrechetDistance.between(realStats, new EmbeddingStatistics(256).add(generated.embeddings()));
        double floor = FrechetDistance.between(realStats, floorStats);
        double inception = InceptionScore.fromLogits(generated.logits(), 10).mean();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("classifier_heldout_accuracy", accuracy);
        m.put("classifier_fid", fid);
        m.put("classifier_fid_real_floor", floor);
        m.put("classifier_inception_score", inception);
        m.put("samples_evaluated", n);
        m.put("samples_confident_fraction", c.confidentFraction());
        m.put("predicted_class_histogram", c.histogram());
        m.put("classes_present", c.classesPresent());
        m.put("class_entropy", c.entropy());
        LOG.info("sample quality: classifier held-out accuracy {}; FID {} (real-vs-real floor {}); IS {}; {}",
                String.format("%.3f", accuracy), String.format("%.2f", fid), String.format("%.2f", floor),
                String.format("%.2f", inception), c);
        return m;
    }
}
