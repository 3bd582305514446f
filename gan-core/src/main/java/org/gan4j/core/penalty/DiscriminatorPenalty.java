package org.gan4j.core.penalty;

import org.gan4j.core.net.GanNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A regulariser added to the discriminator's loss in every discriminator update. The trainer
 * calls {@link #apply} after D's adversarial backward pass and before D's optimizer step; the
 * penalty adds the gradient of its value with respect to D's parameters to D's accumulated
 * gradient through {@link GanNetwork#forward} and {@link GanNetwork#backward} with
 * {@code accumulate = true}, and never steps the optimizer itself.
 *
 * <p>The trainer only installs penalties on a discriminator whose examples do not interact
 * ({@link GanNetwork#batchCoupled()} false), so per-example input gradients are well defined.
 */
public interface DiscriminatorPenalty {

    /**
     * Adds the penalty's parameter gradient to D's accumulated gradient.
     *
     * @param discriminator D (its accumulator receives the gradient; parameters stay unchanged)
     * @param real D's input for the real batch, {@code [n, ...]}; not modified
     * @param fake D's input for the generated batch, {@code [n, ...]}; not modified
     * @param seed seed for every random draw of the penalty (interpolation weights, dropout masks)
     * @return the penalty's value at D's current parameters (added to the reported D loss)
     */
    double apply(GanNetwork discriminator, INDArray real, INDArray fake, long seed);

    /**
     * The penalty's value without touching D's accumulator, parameters or statistics.
     *
     * @param discriminator D
     * @param real D's input for the real batch; not modified
     * @param fake D's input for the generated batch; not modified
     * @param seed the same seed as {@link #apply} uses
     * @return the value {@link #apply} would return
     */
    double value(GanNetwork discriminator, INDArray real, INDArray fake, long seed);

    /** @return a short, stable description with all parameters, e.g. {@code r1(gamma=10.0)} */
    String describe();
}
