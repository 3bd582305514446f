package org.gan4j.models;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.GaussianNoise;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.gan4j.core.Generator;
import org.gan4j.core.LatentSpace;
import org.gan4j.core.Provenance;
import org.gan4j.core.checkpoint.CheckpointArchive;
import org.gan4j.core.data.ImageDataset;
import org.gan4j.core.loss.ClassificationLoss;
import org.gan4j.core.loss.DiscriminatorLoss;
import org.gan4j.core.loss.FeatureMatching;
import org.gan4j.core.loss.GeneratorLoss;
import org.gan4j.core.loss.SemiSupervisedLoss;
import org.gan4j.core.net.GanNetwork;
import org.gan4j.core.net.Networks;
import org.gan4j.core.net.SplitNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The semi-supervised GAN of Salimans et al. 2016 ("Improved Techniques for Training GANs"): the
 * discriminator is a K-class classifier whose implicit class K + 1 means "generated"
 * ({@link SemiSupervisedLoss}); it learns from a few labelled examples, from unlabelled real
 * examples and from the generator's samples. The generator learns by feature matching
 * ({@link FeatureMatching}) on an intermediate layer of the discriminator. After training,
 * {@link #classify} uses the discriminator as a classifier.
 *
 * <p>One step is one discriminator update on a labelled batch, an unlabelled batch and a generated
 * batch, with loss {@code supervised + w * unsupervised}, then one generator update on the feature
 * matching loss against another unlabelled batch (D is left untouched by it). With {@code w = 0}
 * the generator is not used at all and the discriminator trains as a plain supervised classifier
 * on the labelled examples: the baseline for judging what the unlabelled data adds.
 *
 * <p>Every random draw (batch order, latent vectors, dropout and noise) derives from the seed and
 * the step counter, so the same seed gives the same run, and {@code fit(a)} then {@code fit(b)}
 * equals {@code fit(a + b)}. Build with {@link #builder()} or the digit recipe {@link #mnist}. Each
 * network trains with its own DL4J optimizer; to replace one, call {@code setUpdater} on
 * {@code generator().network()} or {@code discriminator()}. Not thread-safe.
 */
public final class SemiSupervisedGan {

    private static final long TAG_LABELLED = 1;
    private static final long TAG_UNLABELLED = 2;
    private static final long TAG_MATCHED = 3;
    private static final long TAG_STEP = 4;
    private static final int EVAL_BATCH = 500;
    private static final String CHECKPOINT_KIND = "SemiSupervisedGan";

    private final Generator generator;
    private final SplitNetwork discriminator;
    private final LatentSpace latent;
    private final int numClasses;
    private final int batchSize;
    private final int labelledBatchSize;
    private final double unsupervisedWeight;
    private final long seed;
    private final ImageDataset.Layout layout;
    private final long[] sampleShape;
    private long step;

    private SemiSupervisedGan(Builder b, int numClasses, long[] sampleShape) {
        this.sampleShape = sampleShape;
        this.generator = b.generator;
        this.discriminator = b.discriminator;
        this.latent = b.latent;
        this.numClasses = numClasses;
        this.batchSize = b.batchSize;
        this.labelledBatchSize = b.labelledBatchSize;
        this.unsupervisedWeight = b.unsupervisedWeight;
        this.seed = b.seed;
        this.layout = b.layout;
    }

    /** @return a new, empty builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The reference recipe for 28x28 digits in [-1, 1] (flat, 784 values), after Salimans et al.'s
     * MNIST model with fewer and smaller layers and without weight normalisation, so that it
     * learns in minutes on a CPU:
     *
     * <pre>
     * G: z uniform(100) - Dense 256 softplus, BatchNorm - Dense 256 softplus, BatchNorm - Dense 784 tanh
     * D: x(784) + noise(0.3) - Dense 400 ReLU + noise(0.3) - Dense 200 ReLU + noise(0.3)
     *          - Dense 200 ReLU (features) + noise(0.3) - Dense 10 (class logits)
     * </pre>
     *
     * Noise is additive Gaussian with standard deviation 0.3, in training mode only, on the input
     * of each of D's layers. The generator matches the features of D's last hidden layer. Adam(3e-3,
     * beta1 0.5) for both, batches of 64 unlabelled, 64 generated and 64 labelled examples,
     * unsupervised weight 1.
     *
     * @param seed seed of the weights (G from {@code seed}, D from {@code seed + 1}) and of the run
     * @return a builder holding the recipe; change what you like and build
     */
    public static Builder mnist(long seed) {
        IUpdater adam = new Adam(3e-3, 0.5, 0.999, 1e-8);
        NeuralNetConfiguration.ListBuilder g = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT)
                .updater(adam).weightInit(WeightInit.RELU).list();
        int in = 100;
        for (int w : new int[] {256, 256}) {
            g.layer(new DenseLayer.Builder().nIn(in).nOut(w).activation(Activation.SOFTPLUS).build());
            g.layer(new BatchNormalization.Builder().nIn(w).nOut(w).build());
            in = w;
        }
        g.layer(new DenseLayer.Builder().nIn(in).nOut(784).activation(Activation.TANH).weightInit(WeightInit.XAVIER)
                .build());
        MultiLayerNetwork gNet = new MultiLayerNetwork(g.build());
        gNet.init();
        NeuralNetConfiguration.ListBuilder d = new NeuralNetConfiguration.Builder().seed(seed + 1)
                .dataType(DataType.FLOAT).updater(adam).weightInit(WeightInit.RELU).list();
        in = 784;
        for (int w : new int[] {400, 200, 200}) {
            d.layer(new DenseLayer.Builder().nIn(in).nOut(w).activation(Activation.RELU)
                    .dropOut(new GaussianNoise(0.3)).build());
            in = w;
        }
        d.layer(new DenseLayer.Builder().nIn(in).nOut(10).activation(Activation.IDENTITY)
                .dropOut(new GaussianNoise(0.3)).weightInit(WeightInit.XAVIER).build());
        MultiLayerNetwork dNet = new MultiLayerNetwork(d.build());
        dNet.init();
        return builder().generator(Generator.of(gNet)).discriminator(dNet, 3).latent(LatentSpace.uniform(100))
                .batchSize(64).labelledBatchSize(64).seed(seed);
    }

    /**
     * The supervised-only baseline of {@link #mnist}: the same discriminator architecture (same
     * initial weights and noise), trained on the labelled examples alone (unsupervised weight 0, no
     * generator) with Adam(1e-3, beta1 0.9), a stable setting for plain classification; with the
     * recipe's Adam(3e-3, beta1 0.5) the supervised-only accuracy swings by tens of points between
     * steps.
     *
     * @param seed seed of the weights and of the run, as in {@link #mnist}
     * @return the baseline, at step 0
     */
    public static SemiSupervisedGan mnistSupervisedOnly(long seed) {
        SemiSupervisedGan baseline = mnist(seed).unsupervisedWeight(0).build();
        baseline.discriminator().setUpdater(new Adam(1e-3, 0.9, 0.999, 1e-8));
        return baseline;
    }

    /** @return the generator */
    public Generator generator() {
        return generator;
    }

    /**
     * @return the discriminator as a split network: {@link SplitNetwork#trunk()} computes the
     *     matched features, the whole computes the K class logits
     */
    public SplitNetwork discriminator() {
        return discriminator;
    }

    /** @return the generator's latent space */
    public LatentSpace latent() {
        return latent;
    }

    /** @return the number of classes K */
    public int numClasses() {
        return numClasses;
    }

    /** @return steps trained so far */
    public long step() {
        return step;
    }

    /** @return the weight of the unsupervised term in D's loss (0: supervised only, no generator) */
    public double unsupervisedWeight() {
        return unsupervisedWeight;
    }

    /**
     * The configuration as plain values, for provenance.
     *
     * @return an ordered map of setting name to value
     */
    public Map<String, Object> configuration() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("numClasses", numClasses);
        m.put("batchSize", batchSize);
        m.put("labelledBatchSize", labelledBatchSize);
        m.put("unsupervisedWeight", unsupervisedWeight);
        m.put("seed", seed);
        m.put("latent", latent.toString());
        m.put("layout", layout.name());
        m.put("generator", generator.network().describe());
        m.put("discriminator", discriminator.describe());
        return m;
    }

    /**
     * Writes a checkpoint of this semi-supervised GAN in gan4j's checkpoint format
     * ({@link CheckpointArchive}): both networks with their optimizer states and batch-norm
     * statistics, the step counter, and the configuration with provenance (gan4j, DL4J and ND4J
     * versions, backend, Java). The write is atomic: a failure leaves an existing file as it was.
     * Because every random draw derives from the seed and the step, {@link #restore} on an
     * identically built instance followed by {@link #fit} repeats the original run.
     *
     * @param file destination; its directory is created when missing
     * @throws IOException on write failure
     */
    public void save(Path file) throws IOException {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("trainer", CHECKPOINT_KIND);
        manifest.put("state", Map.of("step", step));
        Map<String, Object> provenance = new LinkedHashMap<>(Provenance.environment());
        provenance.put("configuration", configuration());
        manifest.put("provenance", provenance);
        CheckpointArchive.write(file, manifest, generator.network(), discriminator);
    }

    /**
     * Restores a checkpoint written by {@link #save} into this instance, which must have the same
     * architecture; training then continues from the stored step.
     *
     * @param file the checkpoint
     * @throws java.nio.file.NoSuchFileException when it does not exist
     * @throws IOException when it is corrupt, truncated or not a semi-supervised GAN checkpoint
     * @throws IllegalArgumentException when a stored network does not match this one's layout
     */
    public void restore(Path file) throws IOException {
        CheckpointArchive.Contents c = CheckpointArchive.read(file);
        String kind = c.manifest().path("trainer").asText("GanTrainer");
        if (!kind.equals(CHECKPOINT_KIND)) {
            throw new IOException("checkpoint " + file + " was written by " + kind + ", not by " + CHECKPOINT_KIND);
        }
        CheckpointArchive.restore(generator.network(), c.generator(), file, "generator");
        CheckpointArchive.restore(discriminator, c.discriminator(), file, "discriminator");
        step = c.manifest().path("state").path("step").asLong();
    }

    /**
     * Trains for a number of steps, continuing from the current step.
     *
     * @param labelled the labelled images (their labels are used), at least one
     * @param unlabelled the unlabelled images (only their images are used), at least one
     * @param steps steps to train, positive
     * @return one record per step, in order
     * @throws IllegalArgumentException when steps is not positive, a dataset is null or empty, its
     *     images do not fit D, or a label is not below K
     */
    public List<Step> fit(ImageDataset labelled, ImageDataset unlabelled, long steps) {
        if (steps <= 0) {
            throw new IllegalArgumentException("steps must be positive, got " + steps);
        }
        checkData(labelled, "labelled");
        checkData(unlabelled, "unlabelled");
        if (labelled.numClasses() > numClasses) {
            throw new IllegalArgumentException("labelled data has label " + (labelled.numClasses() - 1)
                    + " but the discriminator has only " + numClasses + " classes");
        }
        List<Step> history = new ArrayList<>();
        for (long i = 0; i < steps; i++) {
            long t0 = System.nanoTime();
            int[] lab = batch(labelled.size(), labelledBatchSize, TAG_LABELLED);
            Step s;
            if (unsupervisedWeight == 0) {
                s = supervisedStep(labelled.features(lab, layout), labelled.oneHotLabels(lab));
            } else {
                int[] unl = batch(unlabelled.size(), batchSize, TAG_UNLABELLED);
                int[] matched = batch(unlabelled.size(), batchSize, TAG_MATCHED);
                s = trainStep(labelled.features(lab, layout), labelled.oneHotLabels(lab),
                        unlabelled.features(unl, layout), unlabelled.features(matched, layout));
            }
            history.add(new Step(s.step, s.discriminatorLoss, s.supervisedLoss, s.unsupervisedLoss,
                    s.featureMatchingLoss, s.dReal, s.dFake, System.nanoTime() - t0));
        }
        return history;
    }

    private void checkData(ImageDataset data, String name) {
        if (data == null) {
            throw new IllegalArgumentException(name + " data is null");
        }
        if (data.size() == 0) {
            throw new IllegalArgumentException(name + " data is empty");
        }
        INDArray probe = data.features(0, 1, layout);
        long[] expected = sampleShape;
        if (!Arrays.equals(Arrays.copyOfRange(probe.shape(), 1, probe.rank()), expected)) {
            throw new IllegalArgumentException(name + " images have shape " + Arrays.toString(probe.shape())
                    + " but the generator produces [n, " + Arrays.toString(expected).substring(1));
        }
    }

    /**
     * One discriminator update and one generator update on given batches (a custom loop can
     * call this directly).
     *
     * @param labelledImages labelled images {@code [nl, ...]}
     * @param labels their one-hot labels {@code [nl, K]}
     * @param unlabelledImages unlabelled images {@code [nu, ...]} for D's unsupervised term
     * @param matchedImages unlabelled images {@code [nm, ...]} whose features the generator matches
     * @return the losses and outputs of the step (nanos 0)
     * @throws IllegalArgumentException for malformed labels
     * @throws IllegalStateException when the unsupervised weight is 0 (use {@link #fit})
     */
    public Step trainStep(INDArray labelledImages, INDArray labels, INDArray unlabelledImages, INDArray matchedImages) {
        if (unsupervisedWeight == 0) {
            throw new IllegalStateException("with unsupervised weight 0 there is no generator step");
        }
        SplittableRandom rng = stepRandom();
        GanNetwork g = generator.network();
        DataType type = discriminator.params().dataType();
        // discriminator: one pass over [labelled; unlabelled; generated] (D is not batch-coupled)
        INDArray z = latent.sample(unlabelledImages.size(0), g.params().dataType(), rng.nextLong());
        Nd4j.getRandom().setSeed(rng.nextLong());
        INDArray fake = g.output(z, true).castTo(type);
        long nl = labelledImages.size(0);
        long nu = unlabelledImages.size(0);
        long nf = fake.size(0);
        Nd4j.getRandom().setSeed(rng.nextLong());
        INDArray logits = discriminator.forward(Nd4j.concat(0, labelledImages.castTo(type),
                unlabelledImages.castTo(type), fake));
        INDArray labLogits = rows(logits, 0, nl);
        INDArray unlLogits = rows(logits, nl, nl + nu);
        INDArray fakeLogits = rows(logits, nl + nu, nl + nu + nf);
        ClassificationLoss sup = SemiSupervisedLoss.supervised(labLogits, labels);
        DiscriminatorLoss unsup = SemiSupervisedLoss.unsupervised(unlLogits, fakeLogits);
        discriminator.backward(Nd4j.concat(0, sup.gradient(), unsup.realGradient().muli(unsupervisedWeight),
                unsup.fakeGradient().muli(unsupervisedWeight)), true);
        discriminator.applyUpdate();
        double dReal = meanProbabilityReal(unlLogits);
        double dFake = meanProbabilityReal(fakeLogits);
        // generator: feature matching through D's trunk, which stays untouched
        GanNetwork trunk = discriminator.trunk();
        Nd4j.getRandom().setSeed(rng.nextLong());
        INDArray realFeatures = trunk.output(matchedImages.castTo(type), true);
        INDArray zg = latent.sample(unlabelledImages.size(0), g.params().dataType(), rng.nextLong());
        Nd4j.getRandom().setSeed(rng.nextLong());
        INDArray generated = g.forward(zg);
        Nd4j.getRandom().setSeed(rng.nextLong());
        INDArray fakeFeatures = trunk.forward(generated.castTo(type));
        GeneratorLoss fm = FeatureMatching.loss(realFeatures, fakeFeatures.dup());
        INDArray atGenerated = trunk.backward(fm.fakeGradient(), false);
        g.backward(atGenerated.castTo(generated.dataType()), true);
        g.applyUpdate();
        step++;
        return new Step(step, sup.value() + unsupervisedWeight * unsup.value(), sup.value(), unsup.value(),
                fm.value(), dReal, dFake, 0);
    }

    private Step supervisedStep(INDArray labelledImages, INDArray labels) {
        SplittableRandom rng = stepRandom();
        Nd4j.getRandom().setSeed(rng.nextLong());
        INDArray logits = discriminator.forward(labelledImages.castTo(discriminator.params().dataType()));
        ClassificationLoss sup = SemiSupervisedLoss.supervised(logits.dup(), labels);
        discriminator.backward(sup.gradient(), true);
        discriminator.applyUpdate();
        step++;
        return new Step(step, sup.value(), sup.value(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
    }

    private static INDArray rows(INDArray a, long from, long to) {
        return a.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup();
    }

    private static double meanProbabilityReal(INDArray logits) {
        return Transforms.sigmoid(SemiSupervisedLoss.realFakeScore(logits), false).meanNumber().doubleValue();
    }

    /** The random stream of the current step, derived from the seed and the step counter. */
    private SplittableRandom stepRandom() {
        return new SplittableRandom(derive(TAG_STEP, step));
    }

    private long derive(long tag, long counter) {
        return new SplittableRandom(seed + tag * 0x9E3779B97F4A7C15L).nextLong() + counter;
    }

    /**
     * The indices of this step's batch from a stream that walks through the data in a new random
     * order every pass (each pass's order derived from the seed, the stream and the pass number).
     */
    private int[] batch(int n, int size, long tag) {
        int[] out = new int[size];
        long position = step * size;
        int[] order = null;
        long orderPass = -1;
        for (int k = 0; k < size; k++) {
            long pass = (position + k) / n;
            if (pass != orderPass) {
                order = permutation(n, new SplittableRandom(derive(tag, pass)));
                orderPass = pass;
            }
            out[k] = order[(int) ((position + k) % n)];
        }
        return out;
    }

    private static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /**
     * Class probabilities from the trained discriminator in inference mode (no noise or dropout):
     * the softmax over its K logits, that is the class given that the example is real.
     *
     * @param images examples {@code [n, ...]} in the layout D takes
     * @return a new array {@code [n, K]} whose rows sum to 1
     * @throws IllegalArgumentException when images is null or empty
     */
    public INDArray classify(INDArray images) {
        if (images == null || images.length() == 0) {
            throw new IllegalArgumentException("images are null or empty");
        }
        DataType type = discriminator.params().dataType();
        long n = images.size(0);
        List<INDArray> parts = new ArrayList<>();
        for (long from = 0; from < n; from += EVAL_BATCH) {
            long to = Math.min(n, from + EVAL_BATCH);
            INDArray chunk = images.get(NDArrayIndex.interval(from, to)).castTo(type);
            parts.add(SemiSupervisedLoss.classProbabilities(discriminator.output(chunk, false)));
        }
        return parts.size() == 1 ? parts.get(0) : Nd4j.concat(0, parts.toArray(new INDArray[0]));
    }

    /**
     * The share of images whose most probable class ({@link #classify}) is their label.
     *
     * @param data labelled images
     * @return accuracy in [0, 1]
     * @throws IllegalArgumentException when data is null or empty
     */
    public double accuracy(ImageDataset data) {
        if (data == null || data.size() == 0) {
            throw new IllegalArgumentException("evaluation data is null or empty");
        }
        INDArray predicted = classify(data.features(0, data.size(), layout)).argMax(1);
        int correct = 0;
        for (int i = 0; i < data.size(); i++) {
            if (predicted.getInt(i) == data.label(i)) {
                correct++;
            }
        }
        return correct / (double) data.size();
    }

    /**
     * What one step measured. With unsupervised weight 0 the unsupervised, feature-matching and
     * D-output fields are NaN.
     *
     * @param step steps done, this one included (1-based)
     * @param discriminatorLoss D's loss, {@code supervised + w * unsupervised}
     * @param supervisedLoss cross-entropy on the labelled batch
     * @param unsupervisedLoss {@code -mean log D(x_unlabelled) - mean log(1 - D(G(z)))}
     * @param featureMatchingLoss the generator's loss
     * @param dReal mean {@code D(x)} on the unlabelled batch, before D's update
     * @param dFake mean {@code D(G(z))} on the generated batch, before D's update
     * @param nanos wall time of the step in nanoseconds
     */
    public record Step(long step, double discriminatorLoss, double supervisedLoss, double unsupervisedLoss,
            double featureMatchingLoss, double dReal, double dFake, long nanos) {

        /** @return the record as a JSON-ready map (snake_case keys; NaN as the string "NaN") */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("step", step);
            m.put("d_loss", json(discriminatorLoss));
            m.put("d_supervised", json(supervisedLoss));
            m.put("d_unsupervised", json(unsupervisedLoss));
            m.put("g_feature_matching", json(featureMatchingLoss));
            m.put("d_real", json(dReal));
            m.put("d_fake", json(dFake));
            m.put("seconds", nanos / 1e9);
            return m;
        }

        private static Object json(double v) {
            return Double.isFinite(v) ? v : String.valueOf(v);
        }
    }

    /**
     * Builds a {@link SemiSupervisedGan}. Setters validate at once ({@link IllegalArgumentException}
     * naming the bad value); {@link #build()} checks the combination and the networks' shapes
     * ({@link IllegalStateException}). Not thread-safe.
     */
    public static final class Builder {
        private Generator generator;
        private SplitNetwork discriminator;
        private LatentSpace latent;
        private int batchSize = 100;
        private int labelledBatchSize = 100;
        private double unsupervisedWeight = 1;
        private long seed = 42;
        private ImageDataset.Layout layout = ImageDataset.Layout.FLAT;

        private Builder() {
        }

        /**
         * @param generator the generator (required)
         * @return this
         */
        public Builder generator(Generator generator) {
            if (generator == null) {
                throw new IllegalArgumentException("generator is null");
            }
            this.generator = generator;
            return this;
        }

        /**
         * @param net the discriminator (required): an initialised network without batch
         *     normalisation whose last layer outputs K raw class logits, {@code [n, K]}, K at least 2
         * @param featureLayer index of the first layer after the matched features: the generator
         *     matches the output of layer {@code featureLayer - 1}; in {@code [1, layers - 1]}
         * @return this
         */
        public Builder discriminator(MultiLayerNetwork net, int featureLayer) {
            if (net == null) {
                throw new IllegalArgumentException("discriminator network is null");
            }
            this.discriminator = Networks.split(net, featureLayer);
            return this;
        }

        /**
         * @param latent the generator's input distribution (required)
         * @return this
         */
        public Builder latent(LatentSpace latent) {
            if (latent == null) {
                throw new IllegalArgumentException("latent space is null");
            }
            this.latent = latent;
            return this;
        }

        /**
         * @param n unlabelled and generated examples per step, positive; default 100
         * @return this
         */
        public Builder batchSize(int n) {
            if (n <= 0) {
                throw new IllegalArgumentException("batch size must be positive, got " + n);
            }
            this.batchSize = n;
            return this;
        }

        /**
         * @param n labelled examples per step (drawn in turn from the labelled set, which is reused
         *     as often as needed), positive; default 100
         * @return this
         */
        public Builder labelledBatchSize(int n) {
            if (n <= 0) {
                throw new IllegalArgumentException("labelled batch size must be positive, got " + n);
            }
            this.labelledBatchSize = n;
            return this;
        }

        /**
         * @param w weight of the unsupervised term in D's loss, finite and at least 0; default 1
         *     (the paper's sum; Salimans et al.'s code uses 0.5). 0 trains D as a plain supervised
         *     classifier and no generator
         * @return this
         */
        public Builder unsupervisedWeight(double w) {
            if (!(w >= 0) || !Double.isFinite(w)) {
                throw new IllegalArgumentException("unsupervised weight must be finite and >= 0, got " + w);
            }
            this.unsupervisedWeight = w;
            return this;
        }

        /**
         * @param seed seed of every random draw of the run; default 42
         * @return this
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param layout how images are fed to the networks; default {@link ImageDataset.Layout#FLAT}
         * @return this
         */
        public Builder layout(ImageDataset.Layout layout) {
            if (layout == null) {
                throw new IllegalArgumentException("layout is null");
            }
            this.layout = layout;
            return this;
        }

        /**
         * Checks the networks and returns the trainer.
         *
         * @return the trainer, at step 0
         * @throws IllegalStateException when something required is missing, G's output does not fit
         *     D, D does not output at least 2 logits per example, or D uses batch normalisation
         */
        public SemiSupervisedGan build() {
            if (generator == null) {
                throw new IllegalStateException("no generator set");
            }
            if (discriminator == null) {
                throw new IllegalStateException("no discriminator set");
            }
            if (latent == null) {
                throw new IllegalStateException("no latent space set (e.g. latent(LatentSpace.uniform(100)))");
            }
            if (discriminator.batchCoupled()) {
                throw new IllegalStateException("the discriminator must not use batch normalisation: labelled, "
                        + "unlabelled and generated examples share its passes");
            }
            GanNetwork g = generator.network();
            if (g.params().dataType() != discriminator.params().dataType()) {
                throw new IllegalStateException("generator (" + g.params().dataType() + ") and discriminator ("
                        + discriminator.params().dataType() + ") must use the same data type");
            }
            INDArray out;
            try {
                out = g.output(latent.sample(2, g.params().dataType(), 0L), false);
            } catch (RuntimeException e) {
                throw new IllegalStateException("the generator does not accept latent vectors of size "
                        + latent.size() + ": " + e.getMessage(), e);
            }
            INDArray logits;
            try {
                logits = discriminator.output(out, false);
            } catch (RuntimeException e) {
                throw new IllegalStateException("generator output shape " + Arrays.toString(out.shape())
                        + " does not fit the discriminator input: " + e.getMessage(), e);
            }
            if (logits.rank() != 2 || logits.size(1) < 2) {
                throw new IllegalStateException("the discriminator must output K >= 2 class logits, shape [n, K]; "
                        + "it output " + Arrays.toString(logits.shape()));
            }
            return new SemiSupervisedGan(this, (int) logits.size(1), Arrays.copyOfRange(out.shape(), 1, out.rank()));
        }
    }
}
