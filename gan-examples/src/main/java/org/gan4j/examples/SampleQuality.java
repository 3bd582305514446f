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
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sample-quality figures for generated digits from a digit classifier trained here on the first
 * 8,000 bundled digits (held-out accuracy on the last 2,000 is reported with the figures): how
 * many of 1,000 samples it recognises confidently (top probability at least 0.9) and the
 * {@link ClassCoverage} of their predicted classes (entropy log 10 = 2.303 for a uniform spread).
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
        int[] all = new int[test.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        INDArray testPred = clf.output(test.features(all, ImageDataset.Layout.FLAT)).argMax(1);
        int correct = 0;
        for (int i = 0; i < all.length; i++) {
            correct += testPred.getInt(i) == test.label(i) ? 1 : 0;
        }
        double accuracy = correct / (double) all.length;

        int n = 1000;
        INDArray samples = trainer.generator().sample(n, trainer.latent(), seed + 1);
        ClassCoverage c = ClassCoverage.of(clf.output(samples), 0.01, 0.9);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("classifier_heldout_accuracy", accuracy);
        m.put("samples_evaluated", n);
        m.put("samples_confident_fraction", c.confidentFraction());
        m.put("predicted_class_histogram", c.histogram());
        m.put("classes_present", c.classesPresent());
        m.put("class_entropy", c.entropy());
        LOG.info("sample quality: classifier held-out accuracy {}; {}", String.format("%.3f", accuracy), c);
        return m;
    }
}
