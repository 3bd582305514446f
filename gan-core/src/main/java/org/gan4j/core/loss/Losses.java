package org.gan4j.core.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The standard GAN losses. Notation: {@code r}, {@code f} are D's raw scores on real and fake
 * examples, {@code sigma} the logistic sigmoid, {@code softplus(x) = log(1 + e^x)}, means over the
 * batch.
 *
 * <table>
 * <caption>losses</caption>
 * <tr><th>factory</th><th>D loss</th><th>G loss</th><th>paper</th></tr>
 * <tr><td>{@link #minimax()}</td><td>mean softplus(-r) + mean softplus(f)</td>
 * <td>-mean softplus(f) (= mean log(1 - sigma(f)))</td><td>Goodfellow et al. 2014</td></tr>
 * <tr><td>{@link #nonSaturating()}</td><td>as minimax</td><td>mean softplus(-f)</td>
 * <td>Goodfellow et al. 2014</td></tr>
 * <tr><td>{@link #leastSquares()}</td><td>0.5 mean (r-1)^2 + 0.5 mean f^2</td>
 * <td>0.5 mean (f-1)^2</td><td>Mao et al. 2017</td></tr>
 * <tr><td>{@link #wasserstein()}</td><td>mean f - mean r</td><td>-mean f</td>
 * <td>Arjovsky et al. 2017 (pair with weight clipping)</td></tr>
 * <tr><td>{@link #hinge()}</td><td>mean relu(1-r) + mean relu(1+f)</td><td>-mean f</td>
 * <td>Lim &amp; Ye 2017; Miyato et al. 2018</td></tr>
 * </table>
 *
 * <p>The two cross-entropy losses accept a real-label target below 1 (one-sided label smoothing,
 * Salimans et al. 2016): D's real term becomes {@code -[t log sigma(r) + (1-t) log(1-sigma(r))]}.
 * Nothing is smoothed unless asked.
 */
public final class Losses {

    private Losses() {
    }

    /** @return the original saturating minimax loss */
    public static CrossEntropyLoss minimax() {
        return new CrossEntropyLoss(false, 1.0);
    }

    /** @return the non-saturating loss (the default) */
    public static CrossEntropyLoss nonSaturating() {
        return new CrossEntropyLoss(true, 1.0);
    }

    /** @return the least-squares (LSGAN) loss with targets a=0, b=1, c=1 */
    public static AdversarialLoss leastSquares() {
        return new LeastSquaresLoss();
    }

    /** @return the Wasserstein (critic) loss; combine it with weight clipping in the trainer */
    public static AdversarialLoss wasserstein() {
        return new WassersteinLoss();
    }

    /** @return the hinge loss */
    public static AdversarialLoss hinge() {
        return new HingeLoss();
    }

    static double mean(INDArray a) {
        return a.sumNumber().doubleValue() / a.length();
    }

    /** Overflow-free softplus of one value, {@code max(x, 0) + log(1 + exp(-|x|))}. */
    static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    /** Overflow-free logistic sigmoid of one value. */
    static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }

    /** @return the values as a new {@code [n, 1]} column of {@code like}'s data type */
    static INDArray column(double[] values, INDArray like) {
        return Nd4j.createFromArray(values).reshape(values.length, 1).castTo(like.dataType());
    }

    /** Overflow-free softplus, {@code max(x, 0) + log(1 + exp(-|x|))}, into a new array. */
    static INDArray softplus(INDArray x) {
        INDArray a = Transforms.abs(x, true).negi();
        Transforms.exp(a, false).addi(1);
        Transforms.log(a, false);
        return a.addi(Transforms.relu(x, true));
    }

    static void requireScores(INDArray scores, String name) {
        if (scores == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        if (scores.rank() != 2 || scores.size(1) != 1 || scores.size(0) == 0) {
            throw new IllegalArgumentException(name + " must have shape [n, 1] with n > 0, got "
                    + java.util.Arrays.toString(scores.shape()));
        }
    }

    /** Binary cross-entropy losses (minimax and non-saturating). Immutable. */
    public static final class CrossEntropyLoss implements AdversarialLoss {
        private final boolean nonSaturating;
        private final double realLabel;

        CrossEntropyLoss(boolean nonSaturating, double realLabel) {
            this.nonSaturating = nonSaturating;
            this.realLabel = realLabel;
        }

        /**
         * One-sided label smoothing: the target for real examples in D's loss.
         *
         * @param target in (0, 1]; 0.9 is the usual choice, 1 turns smoothing off
         * @return a new loss with that target
         * @throws IllegalArgumentException when the target is outside (0, 1]
         */
        public CrossEntropyLoss withRealLabel(double target) {
            if (!(target > 0 && target <= 1)) {
                throw new IllegalArgumentException("real label must be in (0, 1], got " + target);
            }
            return new CrossEntropyLoss(nonSaturating, target);
        }

        /** @return the real-label target (1 = no smoothing) */
        public double realLabel() {
            return realLabel;
        }

        // The scores are a column of n values: the arithmetic runs in double precision on the
        // host, which costs less than the dozen small native ops it replaces.

        @Override
        public DiscriminatorLoss discriminator(INDArray realScores, INDArray fakeScores) {
            requireScores(realScores, "realScores");
            requireScores(fakeScores, "fakeScores");
            // -[t log s(r) + (1-t) log(1-s(r))] = t softplus(-r) + (1-t) softplus(r); d/dr = s(r) - t
            double t = realLabel;
            double[] r = realScores.toDoubleVector();
            double[] f = fakeScores.toDoubleVector();
            double value = 0;
            double[] realGrad = new double[r.length];
            for (int i = 0; i < r.length; i++) {
                value += (t * softplus(-r[i]) + (t < 1 ? (1 - t) * softplus(r[i]) : 0)) / r.length;
                realGrad[i] = (sigmoid(r[i]) - t) / r.length;
            }
            double[] fakeGrad = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                value += softplus(f[i]) / f.length;
                fakeGrad[i] = sigmoid(f[i]) / f.length;
            }
            return new DiscriminatorLoss(value, column(realGrad, realScores), column(fakeGrad, fakeScores));
        }

        @Override
        public GeneratorLoss generator(INDArray fakeScores) {
            requireScores(fakeScores, "fakeScores");
            double[] f = fakeScores.toDoubleVector();
            double value = 0;
            double[] grad = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                if (nonSaturating) {
                    // softplus(-f); d/df = s(f) - 1
                    value += softplus(-f[i]) / f.length;
                    grad[i] = (sigmoid(f[i]) - 1) / f.length;
                } else {
                    // log(1 - s(f)) = -softplus(f); d/df = -s(f)
                    value -= softplus(f[i]) / f.length;
                    grad[i] = -sigmoid(f[i]) / f.length;
                }
            }
            return new GeneratorLoss(value, column(grad, fakeScores));
        }

        @Override
        public double meanOutput(INDArray scores) {
            double sum = 0;
            for (double v : scores.toDoubleVector()) {
                sum += sigmoid(v);
            }
            return sum / scores.length();
        }

        @Override
        public String describe() {
            return (nonSaturating ? "non-saturating" : "minimax") + "(realLabel=" + realLabel + ")";
        }
    }

    private static final class LeastSquaresLoss implements AdversarialLoss {
        @Override
        public DiscriminatorLoss discriminator(INDArray realScores, INDArray fakeScores) {
            requireScores(realScores, "realScores");
            requireScores(fakeScores, "fakeScores");
            INDArray rm1 = realScores.sub(1);
            double value = 0.5 * mean(rm1.mul(rm1)) + 0.5 * mean(fakeScores.mul(fakeScores));
            return new DiscriminatorLoss(value, rm1.divi(realScores.length()), fakeScores.div(fakeScores.length()));
        }

        @Override
        public GeneratorLoss generator(INDArray fakeScores) {
            requireScores(fakeScores, "fakeScores");
            INDArray fm1 = fakeScores.sub(1);
            return new GeneratorLoss(0.5 * mean(fm1.mul(fm1)), fm1.divi(fakeScores.length()));
        }

        @Override
        public double meanOutput(INDArray scores) {
            return mean(scores);
        }

        @Override
        public String describe() {
            return "least-squares";
        }
    }

    /** Losses whose D output is read as a raw critic value and whose G loss is {@code -mean f}. */
    private abstract static class CriticLoss implements AdversarialLoss {
        @Override
        public GeneratorLoss generator(INDArray fakeScores) {
            requireScores(fakeScores, "fakeScores");
            return new GeneratorLoss(-mean(fakeScores), fakeScores.ulike().assign(-1.0 / fakeScores.length()));
        }

        @Override
        public double meanOutput(INDArray scores) {
            return mean(scores);
        }
    }

    private static final class WassersteinLoss extends CriticLoss {
        @Override
        public DiscriminatorLoss discriminator(INDArray realScores, INDArray fakeScores) {
            requireScores(realScores, "realScores");
            requireScores(fakeScores, "fakeScores");
            return new DiscriminatorLoss(mean(fakeScores) - mean(realScores),
                    realScores.ulike().assign(-1.0 / realScores.length()),
                    fakeScores.ulike().assign(1.0 / fakeScores.length()));
        }

        @Override
        public String describe() {
            return "wasserstein";
        }
    }

    private static final class HingeLoss extends CriticLoss {
        @Override
        public DiscriminatorLoss discriminator(INDArray realScores, INDArray fakeScores) {
            requireScores(realScores, "realScores");
            requireScores(fakeScores, "fakeScores");
            INDArray realMargin = realScores.rsub(1);   // 1 - r
            INDArray fakeMargin = fakeScores.add(1);    // 1 + f
            double value = mean(Transforms.relu(realMargin, true)) + mean(Transforms.relu(fakeMargin, true));
            // d/dr relu(1-r) = -1 where 1-r > 0; d/df relu(1+f) = 1 where 1+f > 0
            INDArray realGrad = realMargin.gt(0).castTo(realScores.dataType()).negi().divi(realScores.length());
            INDArray fakeGrad = fakeMargin.gt(0).castTo(fakeScores.dataType()).divi(fakeScores.length());
            return new DiscriminatorLoss(value, realGrad, fakeGrad);
        }

        @Override
        public String describe() {
            return "hinge";
        }
    }
}
