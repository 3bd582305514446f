package org.gan4j.models;

import java.util.Arrays;
import org.gan4j.core.net.ForwardingNetwork;
import org.gan4j.core.net.GanNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Packing (PacGAN, Lin et al. 2018): the discriminator judges {@code m} examples at once, so a
 * generator that collapses onto few modes is easy to spot. This decorator joins each run of
 * {@code m} consecutive examples {@code [n, ...]} into one packed input {@code [n/m, m*k]} for the
 * inner network (whose input size must be {@code m*k}) and gives every example of a pack the
 * pack's score, so the engine still sees one score per example ({@code [n, 1]}); the backward pass
 * sums the gradients of a pack's copies, which is the exact chain rule. {@code n} must be a
 * multiple of {@code m}.
 */
public final class PackedNetwork extends ForwardingNetwork {

    private final int pack;
    private long[] lastInputShape;

    /**
     * @param inner the discriminator network taking packed inputs of {@code m * k} values
     * @param pack examples per pack, at least 2
     * @throws IllegalArgumentException for a null network or a pack size below 2
     */
    public PackedNetwork(GanNetwork inner, int pack) {
        super(inner);
        if (pack < 2) {
            throw new IllegalArgumentException("pack size must be at least 2, got " + pack);
        }
        this.pack = pack;
    }

    /** @return the examples per pack */
    public int pack() {
        return pack;
    }

    private INDArray packed(INDArray x) {
        long n = x.size(0);
        if (n % pack != 0) {
            throw new IllegalArgumentException("batch of " + n + " examples is not a multiple of the pack size " + pack);
        }
        return x.reshape('c', n / pack, x.length() / n * pack);
    }

    private INDArray spread(INDArray packScores) {
        return packScores.repeat(0, pack);
    }

    @Override
    public INDArray output(INDArray input, boolean training) {
        return spread(delegate().output(packed(input), training));
    }

    @Override
    public INDArray forward(INDArray input) {
        lastInputShape = input.shape();
        return spread(delegate().forward(packed(input)));
    }

    @Override
    public INDArray backward(INDArray outputGradient, boolean accumulate) {
        if (lastInputShape == null) {
            throw new IllegalStateException("backward() before forward()");
        }
        long n = outputGradient.size(0);
        INDArray perPack = outputGradient.reshape('c', n / pack, pack).sum(true, 1);
        INDArray g = delegate().backward(perPack, accumulate);
        return g.reshape('c', lastInputShape);
    }

    @Override
    public String describe() {
        return "packed(" + pack + ", " + delegate().describe() + ")";
    }

    @Override
    public String toString() {
        return describe() + " last input " + Arrays.toString(lastInputShape);
    }
}
