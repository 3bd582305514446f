package org.gan4j.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.gan4j.core.Provenance;
import org.gan4j.core.data.ImageDataset;
import org.gan4j.core.data.ShuffledImageIterator;
import org.gan4j.metrics.Classifier;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the LeNet-style classifier that {@link Classifier#digits()} or
 * {@link Classifier#fashion()} bundles, and writes it (DL4J model format, without optimizer
 * state) with a provenance sidecar ({@code <out minus .zip>.json}: command, seed, data, epochs,
 * test accuracy, versions).
 *
 * <p>Data: {@code digits} trains on the bundled digits [0, 8000) and tests on [8000, 10000);
 * {@code fashion} trains on the 60,000 Fashion-MNIST training images and tests on the 10,000
 * test images (IDX files in {@code --fashion-dir}). Training digits are shifted by up to 2
 * pixels in each direction at random (Fashion images are used as they are); the network uses batch
 * norm after each convolution, dropout before the output layer and Adam with a learning rate
 * decayed by 0.85 per epoch. Every random draw comes from the seed, so the same command on the
 * same backend gives the same network.
 *
 * <p>Options: {@code --dataset digits|fashion} (default digits), {@code --out FILE} (default
 * {@code <dataset>-lenet.zip}), {@code --epochs N} (default 15 for digits, 8 for Fashion),
 * {@code --train N} (use only the first N training images; default all), {@code --seed S}
 * (default 42), {@code --threads T} (default 1), {@code --fashion-dir DIR} (default
 * {@code /usr/share/datasets/fashion-mnist}).
 */
public final class TrainClassifier {

    private static final Logger LOG = LoggerFactory.getLogger(TrainClassifier.class);
    private static final int BATCH = 64;

    private TrainClassifier() {
    }

    /**
     * Runs the command.
     *
     * @param args options as described in the class documentation
     * @throws IOException when data cannot be read or the output cannot be written
     * @throws IllegalArgumentException for an unknown dataset or a bad option value
     */
    public static void main(String[] args) throws IOException {
        Options o = Options.parse(args, Map.of("dataset", "digits", "out", "", "epochs", "0", "train", "0",
                "seed", "42", "threads", "1", "fashion-dir", Splits.FASHION_DIR), List.of());
        Threads.configure(o.integer("threads"));
        String dataset = o.get("dataset");
        Splits data = Splits.load(dataset, Path.of(o.get("fashion-dir")));
        boolean fashion = dataset.equals("fashion");
        int epochs = o.integer("epochs") > 0 ? o.integer("epochs") : fashion ? 8 : 15;
        int limit = o.integer("train");
        if (limit < 0 || limit > data.train().size()) {
            throw new IllegalArgumentException("--train must be in 0.." + data.train().size() + ", got " + limit);
        }
        ImageDataset train = limit > 0 ? data.train().slice(0, limit) : data.train();
        Path out = Path.of(o.get("out").isEmpty() ? dataset + "-lenet.zip" : o.get("out"));
        long seed = o.integer("seed");

        Nd4j.getRandom().setSeed(seed);
        MultiLayerNetwork net = lenet(seed);
        ShuffledImageIterator it = train.iterator(BATCH, ImageDataset.Layout.NCHW, seed);
        if (!fashion) {
            it.setPreProcessor(new Augmentation(seed));
        }
        long t0 = System.nanoTime();
        double accuracy = 0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            net.fit(it);
            it.reset();
            accuracy = Classifier.of(net, 1, 28, 28).accuracy(data.test());
            LOG.info("epoch {}/{}: test accuracy {} ({} s)", epoch, epochs, String.format("%.4f", accuracy),
                    String.format("%.0f", (System.nanoTime() - t0) / 1e9));
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        ModelSerializer.writeModel(net, out.toFile(), false);

        Map<String, Object> prov = new LinkedHashMap<>();
        prov.put("command", "org.gan4j.examples.TrainClassifier " + String.join(" ", args));
        prov.put("dataset", dataset);
        prov.put("seed", seed);
        prov.put("train_data", train.description());
        prov.put("train_images", train.size());
        prov.put("test_data", data.test().description());
        prov.put("test_images", data.test().size());
        prov.put("test_accuracy", accuracy);
        prov.put("epochs", epochs);
        prov.put("batch_size", BATCH);
        prov.put("augmentation", fashion ? "none" : "random shifts of up to 2 px");
        prov.put("architecture", "conv5x5x20-bn-relu-maxpool2-conv5x5x50-bn-relu-maxpool2-dense256(relu, embedding)-"
                + "dropout0.5-softmax10; input [n, 1, 28, 28] in [-1, 1]");
        prov.put("embedding_layer", net.getnLayers() - 2);
        prov.put("parameters", net.numParams());
        prov.put("training_seconds", secs);
        prov.put("environment", Provenance.environment());
        String name = out.getFileName().toString();
        Path sidecar = out.resolveSibling((name.endsWith(".zip") ? name.substring(0, name.length() - 4) : name)
                + ".json");
        Files.write(sidecar, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(prov));
        LOG.info("{}: test accuracy {} after {} epochs in {} s; wrote {} and {}", dataset,
                String.format("%.4f", accuracy), epochs, String.format("%.0f", secs), out, sidecar);
    }

    /**
     * The untrained LeNet-style network: conv 5x5x20, batch norm, ReLU, max pool 2, conv 5x5x50,
     * batch norm, ReLU, max pool 2, dense 256 (ReLU), dropout 0.5, softmax 10.
     */
    static MultiLayerNetwork lenet(long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(seed)
                .dataType(DataType.FLOAT).weightInit(WeightInit.RELU)
                .updater(new Adam(new ExponentialSchedule(ScheduleType.EPOCH, 1e-3, 0.85))).list()
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(20).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new ActivationLayer.Builder().activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build())
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(50).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new ActivationLayer.Builder().activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build())
                .layer(new DenseLayer.Builder().nOut(256).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10).dropOut(0.5)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(28, 28, 1)).build());
        net.init();
        return net;
    }

    /**
     * Shifts each image of an NCHW batch by a whole number of pixels, up to 2 in each direction,
     * filling with the background value -1. Draws come from one seeded stream, in batch order.
     */
    static final class Augmentation implements DataSetPreProcessor {

        private static final int MAX_SHIFT = 2;

        private final SplittableRandom rnd;

        Augmentation(long seed) {
            this.rnd = new SplittableRandom(seed);
        }

        @Override
        public void preProcess(org.nd4j.linalg.dataset.api.DataSet ds) {
            INDArray x = ds.getFeatures();
            long[] shape = x.shape();
            int n = (int) shape[0];
            int h = (int) shape[2];
            int w = (int) shape[3];
            float[] in = x.dup('c').data().asFloat();
            float[] out = new float[in.length];
            for (int k = 0; k < n; k++) {
                int dy = rnd.nextInt(2 * MAX_SHIFT + 1) - MAX_SHIFT;
                int dx = rnd.nextInt(2 * MAX_SHIFT + 1) - MAX_SHIFT;
                int base = k * h * w;
                for (int y = 0; y < h; y++) {
                    for (int c = 0; c < w; c++) {
                        int sy = y - dy;
                        int sx = c - dx;
                        out[base + y * w + c] = sy >= 0 && sy < h && sx >= 0 && sx < w ? in[base + sy * w + sx] : -1f;
                    }
                }
            }
            ds.setFeatures(Nd4j.create(out, shape, DataType.FLOAT));
        }
    }
}
