package org.gan4j.core;

/**
 * What one training iteration (n_critic discriminator updates, then one generator update)
 * measured. Losses are batch means; {@code dReal}/{@code dFake} are the means of D's output as
 * {@link org.gan4j.core.loss.AdversarialLoss#meanOutput} reads it (probabilities for the
 * cross-entropy losses, raw critic values otherwise), from the last discriminator update.
 *
 * @param step generator updates done, this one included (1-based)
 * @param epoch the epoch this step ran in (0-based)
 * @param discriminatorLoss D's loss in the last discriminator update
 * @param generatorLoss G's loss in this step's generator update
 * @param dReal mean D output on the real batch, "D(x)"
 * @param dFake mean D output on the fake batch, "D(G(z))"
 * @param nanos wall time of the iteration in nanoseconds
 */
public record StepResult(long step, int epoch, double discriminatorLoss, double generatorLoss, double dReal,
        double dFake, long nanos) {
}
