package org.gan4j.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.gan4j.core.checkpoint.CheckpointListener;
import org.gan4j.core.listen.TrainingListener;
import org.gan4j.core.loss.AdversarialLoss;
import org.gan4j.core.loss.DiscriminatorLoss;
import org.gan4j.core.loss.FeatureMatching;
import org.gan4j.core.loss.GeneratorLoss;
import org.gan4j.core.loss.Losses;
import org.gan4j.core.net.GanNetwork;
import org.gan4j.core.penalty.DiscriminatorPenalty;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.GaussianDistribution;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link Generator} against a {@link Discriminator}. Build with {@link #builder()}; the
 * trainer's configuration is immutable and the trainer can run {@link #fit} several times (each
 * run continues from the networks' current weights).
 *
 * <p>One iteration ("step") = {@code criticSteps} discriminator updates, each on one real batch
 * and one generated batch of the same size, then one generator update. G learns through D by
 * chaining gradients: D's backward pass from the loss gradient yields the gradient at D's input,
 * which is G's output gradient; only G's optimizer is applied, and D's parameters, optimizer
 * state and batch-norm statistics are left bit-identical. A discriminator update leaves G
 * untouched.
 *
 * <p>{@link #fit} is written only with the public primitives {@link #newState()},
 * {@link #trainDiscriminator}, {@link #trainGenerator} and the listener calls, so a custom loop can
 * do everything it does. Every random draw (latent vectors, instance noise, dropout) is derived
 * from the seed and the state's counters: the same seed gives the same losses on the same
 * backend, and a run resumed from a checkpoint continues exactly as an uninterrupted one.
 */
public final class GanTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(GanTrainer.class);
    private static final long TAG_DISCRIMINATOR = 0x4449534355L;
    private static final long TAG_GENERATOR = 0x47454e4552L;
    /** Batches read ahead of the training thread (see {@link Prefetcher}). */
    private static final int PREFETCH_DEPTH = 2;

    private final Generator generator;
    private final Discriminator discriminator;
    private final AdversarialLoss loss;
    private final LatentSpace latent;
    private final int criticSteps;
    private final int batchSize;
    private final int epochs;
    private final long maxSteps;
    private final long seed;
    private final double weightClip;
    private final double instanceNoiseStd;
    private final long instanceNoiseAnnealSteps;
    private final String dataDescription;
    private final IUpdater generatorUpdater;
    private final IUpdater discriminatorUpdater;
    private final List<TrainingListener> listeners;
    private final List<DiscriminatorPenalty> penalties;
    private final Conditioning conditioning;
    private final GanNetwork featureTrunk;
    private final boolean matchingAware;
    private final long[] sampleShape;

    private GanTrainer(Builder b, long[] sampleShape) {
        this.generator = b.generator;
        this.discriminator = b.discriminator;
        this.loss = b.loss;
        this.latent = b.latent;
        this.criticSteps = b.criticSteps;
        this.batchSize = b.batchSize;
        this.epochs = b.epochs;
        this.maxSteps = b.maxSteps;
        this.seed = b.seed;
        this.weightClip = b.weightClip;
        this.instanceNoiseStd = b.instanceNoiseStd;
        this.instanceNoiseAnnealSteps = b.instanceNoiseAnnealSteps;
        this.dataDescription = b.dataDescription;
        this.generatorUpdater = b.generatorUpdater;
        this.discriminatorUpdater = b.discriminatorUpdater;
        this.listeners = List.copyOf(b.listeners);
        this.penalties = List.copyOf(b.penalties);
        this.conditioning = b.generator.conditioning().orElse(null);
        this.featureTrunk = b.featureTrunk;
        this.matchingAware = b.matchingAware;
        this.sampleShape = sampleShape;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the class conditioning shared by G and D, empty for an unconditional GAN */
    public java.util.Optional<Conditioning> conditioning() {
        return java.util.Optional.ofNullable(conditioning);
    }

    /** @return the discriminator penalties, in the order they are applied */
    public List<DiscriminatorPenalty> penalties() {
        return penalties;
    }

    /** @return the generator */
    public Generator generator() {
        return generator;
    }

    /** @return the discriminator */
    public Discriminator discriminator() {
        return discriminator;
    }

    /** @return the loss */
    public AdversarialLoss loss() {
        return loss;
    }

    /** @return the latent space */
    public LatentSpace latent() {
        return latent;
    }

    /** @return the seed every random draw derives from */
    public long seed() {
        return seed;
    }

    /** @return the batch size */
    public int batchSize() {
        return batchSize;
    }

    /** @return the shape of one example (without the batch dimension), as G produces and D takes it */
    public long[] sampleShape() {
        return sampleShape.clone();
    }

    /** @return the listeners, in call order */
    public List<TrainingListener> listeners() {
        return listeners;
    }

    /**
     * The configuration as plain values, for provenance and checkpoints.
     *
     * @return an ordered map of setting name to value
     */
    public Map<String, Object> configuration() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loss", loss.describe());
        m.put("generatorObjective", featureTrunk == null ? "adversarial loss"
                : "feature matching on " + featureTrunk.describe());
        m.put("latent", latent.toString());
        m.put("conditioning", conditioning == null ? null : conditioning.toString());
        m.put("matchingAware", conditioning == null ? null : matchingAware);
        m.put("discriminatorPenalties", penalties.isEmpty() ? null
                : penalties.stream().map(DiscriminatorPenalty::describe).toList());
        m.put("criticSteps", criticSteps);
        m.put("batchSize", batchSize);
        m.put("epochs", epochs);
        m.put("maxSteps", maxSteps == Long.MAX_VALUE ? null : maxSteps);
        m.put("seed", seed);
        m.put("weightClip", weightClip > 0 ? weightClip : null);
        m.put("instanceNoiseStd", instanceNoiseStd > 0 ? instanceNoiseStd : null);
        m.put("instanceNoiseAnnealSteps", instanceNoiseStd > 0 ? instanceNoiseAnnealSteps : null);
        m.put("generatorUpdater", generatorUpdater == null ? "network's own" : String.valueOf(generatorUpdater));
        m.put("discriminatorUpdater",
                discriminatorUpdater == null ? "network's own" : String.valueOf(discriminatorUpdater));
        m.put("generator", generator.network().describe());
        m.put("discriminator", discriminator.network().describe());
        m.put("sampleShape", Arrays.toString(sampleShape));
        m.put("data", dataDescription);
        return m;
    }

    /** @return the description of the training data given to the builder, or null */
    public String dataDescription() {
        return dataDescription;
    }

    /** @return a fresh state at step 0 */
    public TrainingState newState() {
        return new TrainingState();
    }

    // ------------------------------------------------------------------ primitives

    /**
     * One discriminator update on a real batch and a generated batch of the same size
     * (unconditional GAN).
     *
     * @param state the run's state (its counters advance)
     * @param real real examples, {@code [n, ...]} with the sample shape
     * @return D's loss (penalties included) and the means of its output on real and fake examples
     * @throws IllegalArgumentException when the batch has the wrong shape or non-finite values
     * @throws IllegalStateException when the GAN is conditional (use the method with labels)
     */
    public DiscriminatorStep trainDiscriminator(TrainingState state, INDArray real) {
        if (conditioning != null) {
            throw new IllegalStateException("this GAN is conditioned on " + conditioning
                    + ": use trainDiscriminator(state, real, labels)");
        }
        checkBatch(real, state);
        return discriminatorStep(state, real, null);
    }

    /**
     * One discriminator update on a labelled real batch and a generated batch of the same size
     * with uniformly random labels (conditional GAN).
     *
     * @param state the run's state (its counters advance)
     * @param real real examples, {@code [n, ...]} with the sample shape
     * @param labels their one-hot labels, {@code [n, K]}
     * @return D's loss (penalties included) and the means of its output on real and fake examples
     * @throws IllegalArgumentException when the batch or labels have the wrong shape or non-finite values
     * @throws IllegalStateException when the GAN is unconditional
     */
    public DiscriminatorStep trainDiscriminator(TrainingState state, INDArray real, INDArray labels) {
        if (conditioning == null) {
            throw new IllegalStateException("this GAN is unconditional: use trainDiscriminator(state, real)");
        }
        checkBatch(real, state);
        conditioning.checkLabels(labels, real.size(0));
        return discriminatorStep(state, real, labels);
    }

    /** The D update on a checked batch; labels are null for an unconditional GAN. */
    private DiscriminatorStep discriminatorStep(TrainingState state, INDArray real, INDArray labels) {
        long n = real.size(0);
        GanNetwork g = generator.network();
        GanNetwork d = discriminator.network();
        org.nd4j.linalg.api.rng.Random rng = state.rng(mix(seed, TAG_DISCRIMINATOR, state.discriminatorSteps));
        INDArray z = latent.sample(n, g.params().dataType(), rng);
        INDArray fakeLabels = conditioning == null ? null : conditioning.randomLabels(n, z.dataType(), rng);
        Nd4j.getRandom().setSeed(mix(seed, TAG_DISCRIMINATOR + 1, state.discriminatorSteps));
        INDArray fake = g.output(conditioning == null ? z : conditioning.latentWith(z, fakeLabels), true);
        INDArray realIn = real.castTo(fake.dataType());
        double noise = instanceNoise(state.step);
        if (noise > 0) {
            realIn = realIn.add(gaussian(realIn, noise, rng));
            fake = fake.addi(gaussian(fake, noise, rng));
        }
        INDArray negatives; // what D must call fake: generated examples, and mismatched real pairs if asked
        if (conditioning != null) {
            INDArray realExamples = realIn;
            realIn = conditioning.examplesWith(realIn, labels);
            fake = conditioning.examplesWith(fake, fakeLabels);
            negatives = !matchingAware ? fake : Nd4j.concat(0, fake,
                    conditioning.examplesWith(realExamples, conditioning.wrongLabels(labels, rng)));
        } else {
            negatives = fake;
        }
        long m = negatives.size(0);
        if (featureTrunk != null) {
            state.lastRealInput = realIn;
        }
        INDArray realScores;
        INDArray fakeScores;
        DiscriminatorLoss dl;
        long dropoutSeed = mix(seed, TAG_DISCRIMINATOR + 2, state.discriminatorSteps);
        if (!d.batchCoupled()) {
            // examples do not interact: one pass over [real; fake] gives exactly the two passes' results
            Nd4j.getRandom().setSeed(dropoutSeed);
            INDArray scores = d.forward(Nd4j.concat(0, realIn, negatives));
            realScores = scores.get(NDArrayIndex.interval(0, n), NDArrayIndex.all()).dup();
            fakeScores = scores.get(NDArrayIndex.interval(n, n + m), NDArrayIndex.all()).dup();
            dl = loss.discriminator(realScores, fakeScores);
            d.backwardParameters(Nd4j.concat(0, dl.realGradient(), dl.fakeGradient()));
        } else {
            // batch statistics: separate passes, each kept in its own slot until its backward pass.
            // A network that keeps one pass needs the real pass again for its backward pass (same
            // inputs, same dropout seed: same activations).
            int fakeSlot = d.keptPasses() > 1 ? 1 : 0;
            Nd4j.getRandom().setSeed(dropoutSeed);
            realScores = d.forward(realIn, 0).dup();
            Nd4j.getRandom().setSeed(dropoutSeed + 1);
            fakeScores = d.forward(negatives, fakeSlot).dup();
            dl = loss.discriminator(realScores, fakeScores);
            d.backwardParameters(dl.fakeGradient(), fakeSlot);
            if (fakeSlot == 0) {
                Nd4j.getRandom().setSeed(dropoutSeed);
                d.forward(realIn, 0);
            }
            d.backwardParameters(dl.realGradient(), 0);
        }
        double penalty = 0;
        for (int i = 0; i < penalties.size(); i++) {
            penalty += penalties.get(i).apply(d, realIn, fake, mix(seed, TAG_DISCRIMINATOR + 3 + i, state.discriminatorSteps));
        }
        d.applyUpdate();
        if (weightClip > 0) {
            for (INDArray p : d.trainableParams().values()) {
                p.assign(Transforms.max(Transforms.min(p, weightClip, true), -weightClip, false));
            }
        }
        state.discriminatorSteps++;
        state.criticStepsSinceGenerator++;
        return new DiscriminatorStep(dl.value() + penalty, loss.meanOutput(realScores), loss.meanOutput(fakeScores));
    }

    /**
     * One generator update through the discriminator (which stays untouched). A conditional
     * generator is trained on uniformly random labels.
     *
     * @param state the run's state (its step counter advances)
     * @return G's loss
     */
    public double trainGenerator(TrainingState state) {
        GanNetwork g = generator.network();
        GanNetwork d = discriminator.network();
        org.nd4j.linalg.api.rng.Random rng = state.rng(mix(seed, TAG_GENERATOR, state.step));
        INDArray z = latent.sample(batchSize, g.params().dataType(), rng);
        double lossValue = trainGenerator(state, z, rng);
        NativeGarbage.shared().afterStep();
        return lossValue;
    }

    /** The generator update on given latent vectors (package-private for gradient tests). */
    double trainGenerator(TrainingState state, INDArray z, org.nd4j.linalg.api.rng.Random rng) {
        GanNetwork g = generator.network();
        GanNetwork d = discriminator.network();
        INDArray labels = conditioning == null ? null : conditioning.randomLabels(z.size(0), z.dataType(), rng);
        Nd4j.getRandom().setSeed(mix(seed, TAG_GENERATOR + 1, state.step));
        INDArray fake = g.forward(conditioning == null ? z : conditioning.latentWith(z, labels));
        double noise = instanceNoise(state.step);
        INDArray dIn = noise > 0 ? fake.add(gaussian(fake, noise, rng)) : fake;
        if (conditioning != null) {
            dIn = conditioning.examplesWith(dIn, labels);
        }
        INDArray atInput;
        GeneratorLoss gl;
        if (featureTrunk == null) {
            Nd4j.getRandom().setSeed(mix(seed, TAG_GENERATOR + 2, state.step));
            INDArray scores = d.forward(dIn);
            gl = loss.generator(scores.dup());
            atInput = d.backward(gl.fakeGradient(), false);
        } else {
            if (state.lastRealInput == null) {
                throw new IllegalStateException("feature matching compares with the real batch of the last "
                        + "discriminator update: call trainDiscriminator before trainGenerator");
            }
            Nd4j.getRandom().setSeed(mix(seed, TAG_GENERATOR + 3, state.step));
            INDArray realFeatures = featureTrunk.output(state.lastRealInput, true);
            Nd4j.getRandom().setSeed(mix(seed, TAG_GENERATOR + 2, state.step));
            INDArray fakeFeatures = featureTrunk.forward(dIn);
            gl = FeatureMatching.loss(realFeatures, fakeFeatures.dup());
            atInput = featureTrunk.backward(gl.fakeGradient(), false);
        }
        g.backwardParameters(conditioning == null ? atInput : conditioning.exampleGradient(atInput));
        g.applyUpdate();
        state.step++;
        state.criticStepsSinceGenerator = 0;
        return gl.value();
    }

    /**
     * D's loss and outputs from one discriminator update.
     *
     * @param loss D's loss
     * @param dReal mean D output on the real batch
     * @param dFake mean D output on the generated batch
     */
    public record DiscriminatorStep(double loss, double dReal, double dFake) {
    }

    // ------------------------------------------------------------------ the loop

    /**
     * Trains from step 0 (fresh counters; the networks keep their current weights).
     *
     * @param data batches of real examples; features {@code [batchSize, ...]} with the sample shape
     * @return the outcome
     * @throws IllegalArgumentException for bad data (wrong batch size or shape, non-finite values, no batch)
     * @throws GanTrainingException when the loss becomes non-finite or a listener fails
     */
    public TrainingResult fit(DataSetIterator data) {
        return fit(data, newState());
    }

    /**
     * Trains from a given state, for example one {@link #restore restored} from a checkpoint: the
     * data iterator is positioned at the state's epoch and batch before training continues.
     *
     * @param data batches of real examples; features {@code [batchSize, ...]} with the sample shape
     * @param state where to continue
     * @return the outcome
     * @throws IllegalArgumentException for bad data (wrong batch size or shape, non-finite values, no batch)
     * @throws GanTrainingException when the loss becomes non-finite or a listener fails
     */
    public TrainingResult fit(DataSetIterator data, TrainingState state) {
        Objects.requireNonNull(state, "state");
        if (data == null) {
            throw new IllegalArgumentException("data iterator is null");
        }
        if (data.batch() > 0 && data.batch() != batchSize) {
            throw new IllegalArgumentException("data iterator batch size " + data.batch()
                    + " differs from the trainer's batch size " + batchSize);
        }
        List<StepResult> history = new ArrayList<>();
        Context ctx = new Context(state);
        try {
            for (TrainingListener l : listeners) {
                call(l, "onStart", state, history, () -> l.onStart(ctx));
            }
            StopReason reason = null;
            // a run resumed inside (or at the very end of) an epoch has seen batches of that epoch
            boolean sawBatch = state.batchInEpoch > 0;
            DiscriminatorStep lastD = null;
            long iterationStart = System.nanoTime();
            while (reason == null) {
                if (state.step >= maxSteps) {
                    reason = StopReason.MAX_STEPS;
                    break;
                }
                if (state.epoch >= epochs) {
                    reason = StopReason.EPOCHS_COMPLETED;
                    break;
                }
                position(data, state);
                try (Prefetcher batches = Prefetcher.of(data, PREFETCH_DEPTH)) {
                    while (batches.hasNext() && reason == null) {
                        DataSet ds = batches.next();
                        state.batchInEpoch++;
                        INDArray features = ds.getFeatures();
                        if (features.size(0) != batchSize) {
                            continue; // incomplete last batch of an epoch: dropped
                        }
                        sawBatch = true;
                        lastD = conditioning == null ? trainDiscriminator(state, features)
                                : trainDiscriminator(state, features, ds.getLabels());
                        if (!Double.isFinite(lastD.loss())) {
                            throw nonFinite("discriminator", lastD.loss(), state.step + 1, state, history);
                        }
                        if (state.criticStepsSinceGenerator < criticSteps) {
                            continue;
                        }
                        double gLoss = trainGenerator(state);
                        if (!Double.isFinite(gLoss)) {
                            throw nonFinite("generator", gLoss, state.step, state, history);
                        }
                        long now = System.nanoTime();
                        StepResult r = new StepResult(state.step, state.epoch, lastD.loss(), gLoss, lastD.dReal(),
                                lastD.dFake(), now - iterationStart);
                        iterationStart = now;
                        history.add(r);
                        for (TrainingListener l : listeners) {
                            call(l, "onStep", state, history, () -> l.onStep(ctx, r));
                        }
                        if (ctx.stopReason != null) {
                            reason = StopReason.REQUESTED;
                        } else if (state.step >= maxSteps) {
                            reason = StopReason.MAX_STEPS;
                        }
                    }
                }
                if (reason != null) {
                    break;
                }
                if (!sawBatch) {
                    throw new IllegalArgumentException("the data iterator yielded no complete batch of " + batchSize
                            + " examples in epoch " + state.epoch);
                }
                int ended = state.epoch;
                state.epoch++;
                state.batchInEpoch = 0;
                for (TrainingListener l : listeners) {
                    call(l, "onEpochEnd", state, history, () -> l.onEpochEnd(ctx, ended));
                }
                if (ctx.stopReason != null) {
                    reason = StopReason.REQUESTED;
                }
            }
            if (reason == StopReason.REQUESTED) {
                LOG.info("training stopped at step {}: {}", state.step, ctx.stopReason);
            }
            TrainingResult result = new TrainingResult(state.step, history, reason);
            for (TrainingListener l : listeners) {
                call(l, "onFinish", state, history, () -> l.onFinish(ctx, result));
            }
            return result;
        } catch (RuntimeException e) {
            for (TrainingListener l : listeners) {
                try {
                    l.onFailure(ctx, e);
                } catch (Exception | Error suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    private void position(DataSetIterator data, TrainingState state) {
        if (data instanceof EpochOrdered eo) {
            eo.startEpoch(state.epoch);
        } else if (data.resetSupported()) {
            data.reset();
        } else if (state.epoch > 0 || state.batchInEpoch > 0) {
            throw new IllegalArgumentException("the data iterator does not support reset(): it cannot run a second "
                    + "epoch or resume");
        }
        for (long i = 0; i < state.batchInEpoch; i++) {
            if (!data.hasNext()) {
                throw new IllegalArgumentException("cannot resume at batch " + state.batchInEpoch + " of epoch "
                        + state.epoch + ": the data iterator has only " + i + " batches");
            }
            data.next();
        }
    }

    private GanTrainingException nonFinite(String which, double value, long step, TrainingState state,
            List<StepResult> history) {
        String msg = "the " + which + " loss became " + value + " at step " + step + " (epoch "
                + state.epoch + "); training stopped."
                + (state.lastCheckpoint == null ? " No checkpoint was written in this run."
                        : " The last good checkpoint is " + state.lastCheckpoint);
        LOG.error(msg);
        return new GanTrainingException(msg, null, new TrainingResult(state.step, history, StopReason.REQUESTED));
    }

    private interface ListenerCall {
        void run() throws Exception;
    }

    private static void call(TrainingListener l, String event, TrainingState state, List<StepResult> history,
            ListenerCall c) {
        try {
            c.run();
        } catch (Exception | Error e) {
            String msg = "listener " + l.getClass().getName() + " failed in " + event + " at step " + state.step
                    + ": " + e;
            LOG.error(msg, e);
            throw new GanTrainingException(msg, e, new TrainingResult(state.step, history, StopReason.REQUESTED));
        }
    }

    private final class Context implements TrainingContext {
        private final TrainingState state;
        private String stopReason;

        Context(TrainingState state) {
            this.state = state;
        }

        @Override
        public GanTrainer trainer() {
            return GanTrainer.this;
        }

        @Override
        public TrainingState state() {
            return state;
        }

        @Override
        public void requestStop(String reason) {
            this.stopReason = reason == null ? "requested" : reason;
        }
    }

    // ------------------------------------------------------------------ checkpoints

    /**
     * Writes a checkpoint atomically (temporary file, then rename): both networks with their
     * optimizer states, the state's counters, the configuration and provenance.
     *
     * @param state the run's state
     * @param file the checkpoint file to (over)write
     * @return {@code file}
     * @throws IOException when it cannot be written (a previous file at that path stays intact)
     */
    public Path saveCheckpoint(TrainingState state, Path file) throws IOException {
        Checkpoints.write(this, state, file);
        state.lastCheckpoint(file);
        return file;
    }

    /**
     * Loads a checkpoint into this trainer's networks (parameters, optimizer states) and returns
     * the state to continue from with {@link #fit(DataSetIterator, TrainingState)}.
     *
     * @param file a checkpoint written by {@link #saveCheckpoint}
     * @return the restored state
     * @throws IOException when the file cannot be read, or is corrupt or truncated (the message names it)
     * @throws IllegalArgumentException when the checkpoint holds networks of another architecture
     */
    public TrainingState restore(Path file) throws IOException {
        TrainingState s = Checkpoints.read(this, file);
        s.lastCheckpoint(file);
        return s;
    }

    // ------------------------------------------------------------------ helpers

    private void checkBatch(INDArray real, TrainingState state) {
        if (real == null) {
            throw new IllegalArgumentException("real batch is null");
        }
        long[] shape = real.shape();
        if (shape.length != sampleShape.length + 1
                || !Arrays.equals(Arrays.copyOfRange(shape, 1, shape.length), sampleShape)) {
            throw new IllegalArgumentException("data batch shape " + Arrays.toString(shape)
                    + " does not match the generator's output / discriminator's input shape [n, "
                    + Arrays.toString(sampleShape).substring(1));
        }
        if (!real.dataType().isFPType()) {
            throw new IllegalArgumentException("data batch must be floating point, got " + real.dataType());
        }
        double sum = real.sumNumber().doubleValue();
        if (!Double.isFinite(sum)) {
            throw new IllegalArgumentException("data batch " + state.batchInEpoch + " of epoch " + state.epoch
                    + " contains NaN or infinite values");
        }
    }

    private double instanceNoise(long step) {
        if (instanceNoiseStd <= 0) {
            return 0;
        }
        if (instanceNoiseAnnealSteps == 0) {
            return instanceNoiseStd;
        }
        return instanceNoiseStd * Math.max(0.0, 1.0 - (double) step / instanceNoiseAnnealSteps);
    }

    private static INDArray gaussian(INDArray like, double std, org.nd4j.linalg.api.rng.Random rng) {
        INDArray noise = Nd4j.createUninitialized(like.dataType(), like.shape());
        Nd4j.getExecutioner().exec(new GaussianDistribution(noise, 0.0, std), rng);
        return noise;
    }

    /** SplitMix64-style mixing of a seed, a stream tag and a counter into an independent seed. */
    static long mix(long seed, long tag, long counter) {
        long z = seed + 0x9E3779B97F4A7C15L * (tag * 0x100000001B3L + counter + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    // ------------------------------------------------------------------ builder

    /**
     * Builds a {@link GanTrainer}. Each setter validates its value at once
     * ({@link IllegalArgumentException} naming the bad value); {@link #build()} checks
     * combinations and that G's output fits D's input ({@link IllegalStateException} naming both
     * shapes). Not thread-safe; reusable.
     */
    public static final class Builder {
        private Generator generator;
        private Discriminator discriminator;
        private AdversarialLoss loss = Losses.nonSaturating();
        private LatentSpace latent;
        private int criticSteps = 1;
        private int batchSize = 64;
        private int epochs = Integer.MAX_VALUE;
        private long maxSteps = Long.MAX_VALUE;
        private boolean lengthSet;
        private long seed = 42;
        private double weightClip;
        private double instanceNoiseStd;
        private long instanceNoiseAnnealSteps;
        private String dataDescription;
        private IUpdater generatorUpdater;
        private IUpdater discriminatorUpdater;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private final List<DiscriminatorPenalty> penalties = new ArrayList<>();
        private GanNetwork featureTrunk;
        private boolean matchingAware;

        private Builder() {
        }

        /**
         * @param generator the generator (required)
         * @return this
         */
        public Builder generator(Generator generator) {
            this.generator = Objects.requireNonNull(generator, "generator");
            return this;
        }

        /**
         * @param discriminator the discriminator (required)
         * @return this
         */
        public Builder discriminator(Discriminator discriminator) {
            this.discriminator = Objects.requireNonNull(discriminator, "discriminator");
            return this;
        }

        /**
         * @param loss the adversarial loss; default {@link Losses#nonSaturating()}
         * @return this
         */
        public Builder loss(AdversarialLoss loss) {
            if (loss == null) {
                throw new IllegalArgumentException("loss is null");
            }
            this.loss = loss;
            return this;
        }

        /**
         * @param latent G's input distribution and size (required)
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
         * Replaces G's optimizer (two time-scale updates: give G and D different learning rates).
         *
         * @param updater e.g. {@code new Adam(2e-4, 0.5, 0.999, 1e-8)}; its learning rate must be positive
         * @return this
         */
        public Builder generatorUpdater(IUpdater updater) {
            this.generatorUpdater = checkUpdater(updater, "generator");
            return this;
        }

        /**
         * Replaces D's optimizer.
         *
         * @param updater e.g. {@code new Adam(2e-4, 0.5, 0.999, 1e-8)}; its learning rate must be positive
         * @return this
         */
        public Builder discriminatorUpdater(IUpdater updater) {
            this.discriminatorUpdater = checkUpdater(updater, "discriminator");
            return this;
        }

        private static IUpdater checkUpdater(IUpdater updater, String who) {
            if (updater == null) {
                throw new IllegalArgumentException(who + " updater is null");
            }
            if (updater.hasLearningRate()) {
                double lr = updater.getLearningRate(0, 0);
                if (!(lr > 0) || !Double.isFinite(lr)) {
                    throw new IllegalArgumentException(who + " learning rate must be positive and finite, got " + lr);
                }
            }
            return updater.clone();
        }

        /**
         * @param n discriminator updates per generator update (n_critic), at least 1; default 1
         * @return this
         */
        public Builder criticSteps(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("critic steps must be at least 1, got " + n);
            }
            this.criticSteps = n;
            return this;
        }

        /**
         * @param n examples per batch (real and generated), positive; default 64
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
         * @param n passes over the data, positive (the run stops at epochs or max steps, whichever
         *     comes first; with neither set it runs one epoch)
         * @return this
         */
        public Builder epochs(int n) {
            if (n <= 0) {
                throw new IllegalArgumentException("epochs must be positive, got " + n);
            }
            this.epochs = n;
            this.lengthSet = true;
            return this;
        }

        /**
         * @param n generator updates, positive
         * @return this
         */
        public Builder maxSteps(long n) {
            if (n <= 0) {
                throw new IllegalArgumentException("max steps must be positive, got " + n);
            }
            this.maxSteps = n;
            this.lengthSet = true;
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
         * Weight clipping of D's trainable parameters to [-c, c] after each D update (WGAN,
         * Arjovsky et al. 2017; use with {@link Losses#wasserstein()}).
         *
         * @param c positive clip value, typically 0.01
         * @return this
         */
        public Builder weightClipping(double c) {
            if (!(c > 0) || !Double.isFinite(c)) {
                throw new IllegalArgumentException("weight clip must be positive and finite, got " + c);
            }
            this.weightClip = c;
            return this;
        }

        /**
         * Instance noise (Sonderby et al. 2016; Arjovsky &amp; Bottou 2017): Gaussian noise added to
         * every input of D, real and fake, its standard deviation annealed linearly to 0.
         *
         * @param std initial standard deviation, positive
         * @param annealSteps generator steps over which it decays to 0; 0 keeps it constant
         * @return this
         */
        public Builder instanceNoise(double std, long annealSteps) {
            if (!(std > 0) || !Double.isFinite(std)) {
                throw new IllegalArgumentException("instance noise std must be positive and finite, got " + std);
            }
            if (annealSteps < 0) {
                throw new IllegalArgumentException("instance noise anneal steps must be >= 0, got " + annealSteps);
            }
            this.instanceNoiseStd = std;
            this.instanceNoiseAnnealSteps = annealSteps;
            return this;
        }

        /**
         * Adds a regulariser to D's loss, applied in every discriminator update in the order added,
         * for example {@link org.gan4j.core.penalty.GradientPenalty#r1(double)}.
         *
         * @param penalty the penalty
         * @return this
         * @throws IllegalArgumentException when penalty is null
         */
        public Builder discriminatorPenalty(DiscriminatorPenalty penalty) {
            if (penalty == null) {
                throw new IllegalArgumentException("discriminator penalty is null");
            }
            penalties.add(penalty);
            return this;
        }

        /**
         * Feature matching (Salimans et al. 2016) as G's objective instead of the adversarial
         * loss: G matches the batch mean of D's features on the real batch of the preceding
         * discriminator update, {@code || mean f(x_real) - mean f(G(z)) ||^2}. The features are the
         * output of {@code trunk}: the part of D up to the chosen layer, sharing D's parameters,
         * for example {@code split.trunk()} of a discriminator built on
         * {@code Networks.split(net, layer)}. D itself still trains on the adversarial loss.
         *
         * @param trunk D's layers up to the feature layer
         * @return this
         * @throws IllegalArgumentException when trunk is null
         */
        public Builder featureMatching(GanNetwork trunk) {
            if (trunk == null) {
                throw new IllegalArgumentException("feature trunk is null");
            }
            this.featureTrunk = trunk;
            return this;
        }

        /**
         * Matching-aware discriminator for conditional GANs (Reed et al. 2016, "Generative
         * Adversarial Text to Image Synthesis", GAN-CLS): besides generated examples, D learns to
         * call real examples paired with a wrong label fake, so it checks that an example fits its
         * label from the first step instead of only once generated examples look real. D's fake
         * term then averages over the generated batch and an equally large batch of mismatched real
         * pairs (each real example with a uniformly random other class); the reported D(G(z))
         * includes both.
         *
         * @return this
         */
        public Builder matchingAwareDiscriminator() {
            this.matchingAware = true;
            return this;
        }

        /**
         * @param description what the training data is (recorded in checkpoints and provenance)
         * @return this
         */
        public Builder dataDescription(String description) {
            this.dataDescription = description;
            return this;
        }

        /**
         * @param listener called on training events, in the order added
         * @return this
         */
        public Builder listener(TrainingListener listener) {
            if (listener == null) {
                throw new IllegalArgumentException("listener is null");
            }
            listeners.add(listener);
            return this;
        }

        /**
         * @param all listeners to add, in order
         * @return this
         */
        public Builder listeners(List<? extends TrainingListener> all) {
            all.forEach(this::listener);
            return this;
        }

        /**
         * Checkpoint policy: a checkpoint every {@code everySteps} steps and at the end, keeping the
         * last {@code keepLast}.
         *
         * @param directory where checkpoints go (created; must be writable)
         * @param everySteps positive
         * @param keepLast positive
         * @return this
         * @throws IllegalArgumentException when the directory cannot be created or written, or a count is not positive
         */
        public Builder checkpoints(Path directory, int everySteps, int keepLast) {
            return listener(new CheckpointListener(directory, everySteps, keepLast));
        }

        /**
         * Validates the combination and the networks' shapes, applies the optimizer replacements
         * and returns the trainer.
         *
         * @return the immutable trainer
         * @throws IllegalStateException when something required is missing or G's output does not fit D
         */
        public GanTrainer build() {
            if (generator == null) {
                throw new IllegalStateException("no generator set");
            }
            if (discriminator == null) {
                throw new IllegalStateException("no discriminator set");
            }
            if (generator.network() == discriminator.network()) {
                throw new IllegalStateException("generator and discriminator are the same network");
            }
            if (latent == null) {
                throw new IllegalStateException("no latent space set (e.g. latent(LatentSpace.normal(100)))");
            }
            Conditioning gc = generator.conditioning().orElse(null);
            Conditioning dc = discriminator.conditioning().orElse(null);
            if (!Objects.equals(gc, dc)) {
                throw new IllegalStateException("generator is conditioned on " + (gc == null ? "nothing" : gc)
                        + " but discriminator on " + (dc == null ? "nothing" : dc)
                        + ": condition both on the same labels, or neither");
            }
            if (matchingAware && gc == null) {
                throw new IllegalStateException("a matching-aware discriminator needs a conditional GAN: condition "
                        + "the generator and the discriminator on the labels");
            }
            if (!penalties.isEmpty() && discriminator.network().batchCoupled()) {
                throw new IllegalStateException("discriminator penalties need a discriminator whose examples do not "
                        + "interact (no batch normalisation in training mode); this one is "
                        + discriminator.network().describe());
            }
            if (!lengthSet) {
                epochs = 1;
            }
            long[] shape = checkShapes();
            if (generatorUpdater != null) {
                generator.network().setUpdater(generatorUpdater);
            }
            if (discriminatorUpdater != null) {
                discriminator.network().setUpdater(discriminatorUpdater);
            }
            return new GanTrainer(this, shape);
        }

        private long[] checkShapes() {
            GanNetwork g = generator.network();
            GanNetwork d = discriminator.network();
            INDArray z = latent.sample(batchSize, g.params().dataType(), 0L);
            Conditioning c = generator.conditioning().orElse(null);
            INDArray labels = c == null ? null : c.oneHot(c.balancedLabels(batchSize), z.dataType());
            if (c != null) {
                z = c.joinLatent(z, labels);
            }
            INDArray out;
            try {
                out = g.output(z, false);
            } catch (RuntimeException e) {
                throw new IllegalStateException("the generator does not accept latent vectors of shape "
                        + Arrays.toString(z.shape()) + ": " + e.getMessage(), e);
            }
            INDArray scores;
            INDArray dIn = out.castTo(d.params().dataType());
            try {
                dIn = c == null ? dIn : c.joinExamples(dIn, labels);
                scores = d.output(dIn, false);
            } catch (RuntimeException e) {
                throw new IllegalStateException("generator output shape " + Arrays.toString(out.shape())
                        + " does not fit the discriminator input: " + e.getMessage(), e);
            }
            if (featureTrunk != null) {
                try {
                    featureTrunk.output(dIn, false);
                } catch (RuntimeException e) {
                    throw new IllegalStateException("the feature-matching trunk does not accept the discriminator's "
                            + "input " + Arrays.toString(dIn.shape()) + ": " + e.getMessage(), e);
                }
            }
            if (scores.rank() != 2 || scores.size(0) != batchSize || scores.size(1) != 1) {
                throw new IllegalStateException("the discriminator must output one score per example, shape [n, 1]; "
                        + "for generator output " + Arrays.toString(out.shape()) + " it output "
                        + Arrays.toString(scores.shape()));
            }
            if (g.params().dataType() != d.params().dataType()) {
                throw new IllegalStateException("generator (" + g.params().dataType() + ") and discriminator ("
                        + d.params().dataType() + ") must use the same data type");
            }
            return Arrays.copyOfRange(out.shape(), 1, out.rank());
        }
    }
}
