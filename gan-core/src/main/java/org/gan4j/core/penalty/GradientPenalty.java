package org.gan4j.core.penalty;

import org.gan4j.core.net.GanNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Gradient penalties on the discriminator's input gradient {@code g(x) = d s(x) / d x} (s = D's raw
 * score), averaged over the batch:
 * <ul>
 *   <li>{@link #r1 R1} (Mescheder, Geiger &amp; Nowozin 2018, "Which Training Methods for GANs do
 *       actually Converge?"): {@code gamma/2 * ||g(x)||^2} on real examples;</li>
 *   <li>{@link #wassersteinGp WGAN-GP} (Gulrajani et al. 2017, "Improved Training of Wasserstein
 *       GANs"): {@code lambda * (||g(x^)||_2 - 1)^2} on random interpolates
 *       {@code x^ = e x_real + (1 - e) x_fake}, {@code e ~ U[0, 1]} per example.</li>
 * </ul>
 *
 * <p>The penalty's gradient with respect to D's parameters needs the mixed second derivative of
 * s, which DL4J's layer API does not provide. It is computed exactly through a Hessian-vector
 * product by central differences of first-order gradients: with per-example weights
 * {@code w_i = dphi/dg_i / n},
 * {@code dP/dtheta = sum_i (d^2 s / dtheta dx)(x_i) w_i = d/dh grad_theta sum_i s(x_i + h w_i)} at h = 0,
 * evaluated as {@code [grad_theta S(x + h w) - grad_theta S(x - h w)] / 2h}. The truncation error is
 * O(h^2) times the third derivative (zero for piecewise-linear networks away from kinks); h is set
 * relative to the input scale and the working precision's cube-root epsilon. Cost per D update:
 * one extra forward and backward pass for g, and two forward and backward passes for the product.
 * Dropout masks are the same in all of these passes.
 *
 * <p>The penalty acts on D's whole input (for a conditional GAN, label channels included). Pure
 * with respect to its arguments: inputs are never modified.
 */
public final class GradientPenalty implements DiscriminatorPenalty {

    private enum Kind { R1, WGAN_GP }

    private final Kind kind;
    private final double weight;

    private GradientPenalty(Kind kind, double weight) {
        if (!(weight > 0) || !Double.isFinite(weight)) {
            throw new IllegalArgumentException("gradient penalty weight must be positive and finite, got " + weight);
        }
        this.kind = kind;
        this.weight = weight;
    }

    /**
     * @param gamma weight of {@code gamma/2 ||grad_x D(x_real)||^2}, positive (the paper uses 10 for
     *     most image datasets)
     * @return the R1 penalty
     * @throws IllegalArgumentException when gamma is not positive and finite
     */
    public static GradientPenalty r1(double gamma) {
        return new GradientPenalty(Kind.R1, gamma);
    }

    /**
     * @param lambda weight of {@code (||grad D(x^)|| - 1)^2} on interpolates, positive (the paper uses
     *     10, with {@code Losses.wasserstein()} and no weight clipping)
     * @return the WGAN-GP penalty
     * @throws IllegalArgumentException when lambda is not positive and finite
     */
    public static GradientPenalty wassersteinGp(double lambda) {
        return new GradientPenalty(Kind.WGAN_GP, lambda);
    }

    @Override
    public double apply(GanNetwork d, INDArray real, INDArray fake, long seed) {
        INDArray x = points(real, fake, seed);
        Evaluation e = evaluate(d, x, seed);
        DataType dt = x.dataType();
        double eps = dt == DataType.DOUBLE ? 6e-6 : 5e-3;
        double wMax = e.weights.amaxNumber().doubleValue();
        if (wMax == 0) {
            return e.value; // zero gradient: nothing to add
        }
        double scale = Math.max(1.0, x.amaxNumber().doubleValue());
        double h = eps * scale / wMax;
        INDArray step = e.weights.mul(h);
        Nd4j.getRandom().setSeed(seed);
        INDArray s = d.forward(x.add(step));
        d.backward(Nd4j.valueArrayOf(s.shape(), 1.0 / (2 * h), s.dataType()), true);
        Nd4j.getRandom().setSeed(seed);
        s = d.forward(x.sub(step));
        d.backward(Nd4j.valueArrayOf(s.shape(), -1.0 / (2 * h), s.dataType()), true);
        return e.value;
    }

    @Override
    public double value(GanNetwork d, INDArray real, INDArray fake, long seed) {
        return evaluate(d, points(real, fake, seed), seed).value;
    }

    /** Where the penalty is evaluated: the real batch (R1) or interpolates (WGAN-GP). */
    private INDArray points(INDArray real, INDArray fake, long seed) {
        if (kind == Kind.R1) {
            return real;
        }
        if (!java.util.Arrays.equals(real.shape(), fake.shape())) {
            throw new IllegalArgumentException("real and generated batches differ in shape: "
                    + java.util.Arrays.toString(real.shape()) + " vs " + java.util.Arrays.toString(fake.shape()));
        }
        long[] shape = new long[real.rank()];
        java.util.Arrays.fill(shape, 1);
        shape[0] = real.size(0);
        Nd4j.getRandom().setSeed(seed ^ 0x475055L);
        INDArray mixing = Nd4j.rand(real.dataType(), shape);
        INDArray a = real.mul(mixing.broadcast(real.shape()));
        INDArray b = fake.mul(mixing.rsub(1.0).broadcast(real.shape()));
        return a.addi(b);
    }

    private record Evaluation(double value, INDArray weights) {
    }

    /** Penalty value and per-example weights {@code w_i = dphi/dg_i / n} at points x. */
    private Evaluation evaluate(GanNetwork d, INDArray x, long seed) {
        long n = x.size(0);
        Nd4j.getRandom().setSeed(seed);
        INDArray s = d.forward(x);
        INDArray g = d.backward(Nd4j.onesLike(s), false).dup('c');
        INDArray flat = g.reshape('c', n, g.length() / n);
        INDArray norms = flat.norm2(1); // [n]
        INDArray coeff; // dphi/dg_i = coeff_i * g_i
        double value;
        if (kind == Kind.R1) {
            value = weight / 2 * norms.mul(norms).meanNumber().doubleValue();
            coeff = Nd4j.valueArrayOf(norms.shape(), weight, norms.dataType());
        } else {
            INDArray dev = norms.sub(1.0);
            value = weight * dev.mul(dev).meanNumber().doubleValue();
            // 2 lambda (||g|| - 1) / ||g||, with ||g|| floored to avoid 0/0 at a vanishing gradient
            coeff = dev.mul(2 * weight).divi(Transforms.max(norms, 1e-12, true));
        }
        INDArray weights = flat.mulColumnVector(coeff.reshape(n, 1)).divi(n).reshape('c', x.shape());
        return new Evaluation(value, weights);
    }

    @Override
    public String describe() {
        return kind == Kind.R1 ? "r1(gamma=" + weight + ")" : "wgan-gp(lambda=" + weight + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
