package org.gan4j.models;

import org.gan4j.core.Generator;
import org.gan4j.core.StepResult;
import org.gan4j.core.TrainingContext;
import org.gan4j.core.listen.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An exponential moving average of the generator's parameters (Yazici et al. 2019), updated after
 * every generator step: {@code ema = decay * ema + (1 - decay) * params}, starting from the
 * parameters at the start of the run. Batch-norm running statistics, which live in the same
 * vector, are averaged too. Sample from the averaged weights with {@link #generate}, or copy them
 * into the generator with {@link #applyTo}. Add it to a trainer as a listener; not thread-safe.
 */
public final class GeneratorEma implements TrainingListener {

    private final double decay;
    private INDArray ema;

    /**
     * @param decay weight of the old average, in (0, 1); 0.999 is usual
     * @throws IllegalArgumentException when decay is outside (0, 1)
     */
    public GeneratorEma(double decay) {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("EMA decay must be in (0, 1), got " + decay);
        }
        this.decay = decay;
    }

    @Override
    public void onStart(TrainingContext context) {
        if (ema == null) {
            ema = context.trainer().generator().network().params().dup();
        }
    }

    @Override
    public void onStep(TrainingContext context, StepResult step) {
        INDArray params = context.trainer().generator().network().params();
        ema.muli(decay).addi(params.mul(1 - decay));
    }

    /**
     * @return a copy of the averaged parameter vector
     * @throws IllegalStateException before a run started
     */
    public INDArray averagedParams() {
        requireStarted();
        return ema.dup();
    }

    /**
     * Generates with the averaged weights (inference mode), leaving the generator's own weights as
     * they were.
     *
     * @param generator the generator this average follows
     * @param z latent vectors, {@code [n, latentSize]}
     * @return generated examples
     * @throws IllegalStateException before a run started
     */
    public INDArray generate(Generator generator, INDArray z) {
        return withAverage(generator, () -> generator.generate(z));
    }

    /**
     * Generates examples of given classes with the averaged weights (conditional generator),
     * leaving the generator's own weights as they were.
     *
     * @param generator the conditional generator this average follows
     * @param z latent vectors, {@code [n, latentSize]}
     * @param labels one-hot labels, {@code [n, K]}
     * @return generated examples
     * @throws IllegalStateException before a run started, or for an unconditional generator
     */
    public INDArray generate(Generator generator, INDArray z, INDArray labels) {
        return withAverage(generator, () -> generator.generate(z, labels));
    }

    private INDArray withAverage(Generator generator, java.util.function.Supplier<INDArray> generate) {
        requireStarted();
        INDArray params = generator.network().params();
        INDArray own = params.dup();
        try {
            params.assign(ema);
            return generate.get();
        } finally {
            params.assign(own);
        }
    }

    /**
     * Copies the averaged weights into the generator (for example before saving it).
     *
     * @param generator the generator this average follows
     * @throws IllegalStateException before a run started
     */
    public void applyTo(Generator generator) {
        requireStarted();
        generator.network().params().assign(ema);
    }

    private void requireStarted() {
        if (ema == null) {
            throw new IllegalStateException("the moving average starts with a training run: add it as a listener");
        }
    }
}
