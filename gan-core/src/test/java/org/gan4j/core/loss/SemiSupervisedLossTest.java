package org.gan4j.core.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Hand-derived values with K = 2. Logits [0, 0] give Z = 2, s = ln 2, D = 2/3, softmax [1/2, 1/2];
 * logits [ln 3, 0] give Z = 4, s = ln 4, D = 4/5, softmax [3/4, 1/4]. Then softplus(-ln 2) =
 * ln 1.5 = 0.405465, softplus(-ln 4) = ln 1.25 = 0.223144, softplus(ln 2) = ln 3 = 1.098612.
 */
class SemiSupervisedLossTest {

    private static final double EPS = 1e-6;
    private static final double LN3 = Math.log(3);

    private static INDArray m(double[][] v) {
        return Nd4j.create(v).castTo(DataType.DOUBLE);
    }

    private static void assertMatrix(INDArray actual, double[][] expected) {
        assertThat(actual.shape()).containsExactly(expected.length, expected[0].length);
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[0].length; j++) {
                assertThat(actual.getDouble(i, j)).as("entry %d,%d", i, j).isCloseTo(expected[i][j], offset(EPS));
            }
        }
    }

    @Test
    void supervisedCrossEntropyByHand() {
        INDArray logits = m(new double[][] {{0, 0}, {LN3, 0}});
        INDArray labels = m(new double[][] {{1, 0}, {0, 1}});
        ClassificationLoss loss = SemiSupervisedLoss.supervised(logits, labels);
        // (ln 2 - 0 + ln 4 - 0) / 2
        assertThat(loss.value()).isCloseTo((Math.log(2) + Math.log(4)) / 2, offset(EPS));
        // (softmax - y) / 2
        assertMatrix(loss.gradient(), new double[][] {{-0.25, 0.25}, {0.375, -0.375}});
        assertMatrix(logits, new double[][] {{0, 0}, {LN3, 0}});
        assertMatrix(labels, new double[][] {{1, 0}, {0, 1}});
    }

    @Test
    void unsupervisedRealFakeLossByHand() {
        INDArray real = m(new double[][] {{0, 0}, {LN3, 0}});
        INDArray fake = m(new double[][] {{0, 0}});
        DiscriminatorLoss loss = SemiSupervisedLoss.unsupervised(real, fake);
        // -log D(x) averaged over 2 real rows, -log(1 - D) over 1 fake row
        assertThat(loss.value()).isCloseTo((0.405465108 + 0.223143551) / 2 + 1.098612289, offset(EPS));
        // (D - 1) softmax / 2 and D softmax / 1
        assertMatrix(loss.realGradient(), new double[][] {{-1.0 / 12, -1.0 / 12}, {-0.075, -0.025}});
        assertMatrix(loss.fakeGradient(), new double[][] {{1.0 / 3, 1.0 / 3}});
        assertMatrix(SemiSupervisedLoss.realFakeScore(real), new double[][] {{Math.log(2)}, {Math.log(4)}});
        assertMatrix(SemiSupervisedLoss.classProbabilities(real), new double[][] {{0.5, 0.5}, {0.75, 0.25}});
        assertMatrix(real, new double[][] {{0, 0}, {LN3, 0}});
        assertMatrix(fake, new double[][] {{0, 0}});
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Nd4j.getRandom().setSeed(11);
        INDArray labelled = Nd4j.randn(DataType.DOUBLE, 4, 5).muli(3);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, 4, 5);
        for (int i = 0; i < 4; i++) {
            labels.putScalar(i, (i * 3) % 5, 1.0);
        }
        INDArray real = Nd4j.randn(DataType.DOUBLE, 3, 5).muli(3);
        INDArray fake = Nd4j.randn(DataType.DOUBLE, 2, 5).muli(3);
        assertThat(maxRelativeError(SemiSupervisedLoss.supervised(labelled, labels).gradient(), labelled,
                x -> SemiSupervisedLoss.supervised(x, labels).value())).isLessThan(1e-5);
        DiscriminatorLoss u = SemiSupervisedLoss.unsupervised(real, fake);
        assertThat(maxRelativeError(u.realGradient(), real,
                x -> SemiSupervisedLoss.unsupervised(x, fake).value())).isLessThan(1e-5);
        assertThat(maxRelativeError(u.fakeGradient(), fake,
                x -> SemiSupervisedLoss.unsupervised(real, x).value())).isLessThan(1e-5);
    }

    /**
     * Central differences of f at every entry of x, against the analytic gradient: the largest
     * relative error, where entries below 1e-4 in size are compared absolutely (their rounding
     * error would dominate a relative one).
     */
    static double maxRelativeError(INDArray analytic, INDArray x, Function<INDArray, Double> f) {
        double h = 1e-6;
        double max = 0;
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < x.columns(); j++) {
                INDArray up = x.dup();
                INDArray down = x.dup();
                up.putScalar(i, j, x.getDouble(i, j) + h);
                down.putScalar(i, j, x.getDouble(i, j) - h);
                double numeric = (f.apply(up) - f.apply(down)) / (2 * h);
                double a = analytic.getDouble(i, j);
                max = Math.max(max, Math.abs(a - numeric) / Math.max(1e-4, Math.abs(a) + Math.abs(numeric)));
            }
        }
        return max;
    }

    @Test
    void largeLogitsStayFinite() {
        INDArray big = Nd4j.create(new double[][] {{1000, -1000}, {-1000, -1000}}).castTo(DataType.FLOAT);
        DiscriminatorLoss u = SemiSupervisedLoss.unsupervised(big, big);
        // s = 1000 and s = -1000 + ln 2: real terms 0 and 1000 - ln 2, fake terms 1000 and 0
        assertThat(u.value()).isCloseTo((1000 - Math.log(2)) / 2 + 1000 / 2.0, offset(1e-2));
        assertThat(u.realGradient().isInfinite().any() || u.realGradient().isNaN().any()).isFalse();
        ClassificationLoss s = SemiSupervisedLoss.supervised(big,
                Nd4j.create(new double[][] {{0, 1}, {1, 0}}).castTo(DataType.FLOAT));
        assertThat(s.value()).isCloseTo((2000 + Math.log(2)) / 2, offset(1e-2));
        assertThat(s.gradient().isNaN().any()).isFalse();
    }

    @Test
    void rejectsBadInput() {
        INDArray logits = Nd4j.zeros(DataType.FLOAT, 2, 3);
        assertThatThrownBy(() -> SemiSupervisedLoss.supervised(logits, Nd4j.zeros(DataType.FLOAT, 2, 4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 3]").hasMessageContaining("[2, 4]");
        assertThatThrownBy(() -> SemiSupervisedLoss.supervised(logits, Nd4j.zeros(DataType.FLOAT, 2, 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("distribution");
        assertThatThrownBy(() -> SemiSupervisedLoss.unsupervised(logits, Nd4j.zeros(DataType.FLOAT, 2, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 classes");
        assertThatThrownBy(() -> SemiSupervisedLoss.realFakeScore(Nd4j.zeros(DataType.FLOAT, 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[3]");
    }
}
