package org.gan4j.core.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Hand-derived values for scores r = [0, 2], f = [-1, 1] (softplus(0) = ln 2 = 0.693147,
 * softplus(-2) = 0.126928, softplus(2) = 2.126928, softplus(-1) = 0.313262, softplus(1) =
 * 1.313262, sigma(2) = 0.880797, sigma(-1) = 0.268941, sigma(1) = 0.731059).
 */
class LossesTest {

    private static final double EPS = 1e-5;

    private final INDArray r = Nd4j.create(new double[][] {{0}, {2}}).castTo(DataType.FLOAT);
    private final INDArray f = Nd4j.create(new double[][] {{-1}, {1}}).castTo(DataType.FLOAT);

    private static void assertVector(INDArray actual, double... expected) {
        assertThat(actual.shape()).containsExactly(expected.length, 1);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual.getDouble(i, 0)).as("entry %d", i).isCloseTo(expected[i], offset(EPS));
        }
    }

    private void assertInputsUntouched() {
        assertThat(r.getDouble(0, 0)).isEqualTo(0.0);
        assertThat(r.getDouble(1, 0)).isEqualTo(2.0);
        assertThat(f.getDouble(0, 0)).isEqualTo(-1.0);
        assertThat(f.getDouble(1, 0)).isEqualTo(1.0);
    }

    @Test
    void nonSaturating() {
        AdversarialLoss loss = Losses.nonSaturating();
        DiscriminatorLoss d = loss.discriminator(r, f);
        // (0.693147 + 0.126928)/2 + (0.313262 + 1.313262)/2
        assertThat(d.value()).isCloseTo(1.223300, offset(EPS));
        assertVector(d.realGradient(), (0.5 - 1) / 2, (0.880797 - 1) / 2);
        assertVector(d.fakeGradient(), 0.268941 / 2, 0.731059 / 2);
        GeneratorLoss g = loss.generator(f);
        assertThat(g.value()).isCloseTo((1.313262 + 0.313262) / 2, offset(EPS));
        assertVector(g.fakeGradient(), (0.268941 - 1) / 2, (0.731059 - 1) / 2);
        assertThat(loss.meanOutput(r)).isCloseTo((0.5 + 0.880797) / 2, offset(EPS));
        assertInputsUntouched();
    }

    @Test
    void minimax() {
        AdversarialLoss loss = Losses.minimax();
        assertThat(loss.discriminator(r, f).value()).isCloseTo(1.223300, offset(EPS));
        GeneratorLoss g = loss.generator(f);
        assertThat(g.value()).isCloseTo(-(0.313262 + 1.313262) / 2, offset(EPS));
        assertVector(g.fakeGradient(), -0.268941 / 2, -0.731059 / 2);
        assertInputsUntouched();
    }

    @Test
    void oneSidedLabelSmoothingChangesOnlyTheRealTerm() {
        DiscriminatorLoss d = Losses.nonSaturating().withRealLabel(0.9).discriminator(r, f);
        // 0.9 (0.693147 + 0.126928)/2 + 0.1 (0.693147 + 2.126928)/2 + 0.813262
        assertThat(d.value()).isCloseTo(0.9 * 0.4100375 + 0.1 * 1.4100375 + 0.813262, offset(EPS));
        assertVector(d.realGradient(), (0.5 - 0.9) / 2, (0.880797 - 0.9) / 2);
        assertVector(d.fakeGradient(), 0.268941 / 2, 0.731059 / 2);
        assertThatThrownBy(() -> Losses.nonSaturating().withRealLabel(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0.0");
        assertThatThrownBy(() -> Losses.nonSaturating().withRealLabel(1.1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void leastSquares() {
        AdversarialLoss loss = Losses.leastSquares();
        DiscriminatorLoss d = loss.discriminator(r, f);
        assertThat(d.value()).isCloseTo(0.5 * (1 + 1) / 2 + 0.5 * (1 + 1) / 2, offset(EPS));
        assertVector(d.realGradient(), -0.5, 0.5);
        assertVector(d.fakeGradient(), -0.5, 0.5);
        GeneratorLoss g = loss.generator(f);
        assertThat(g.value()).isCloseTo(0.5 * (4 + 0) / 2, offset(EPS));
        assertVector(g.fakeGradient(), -1.0, 0.0);
        assertInputsUntouched();
    }

    @Test
    void wasserstein() {
        AdversarialLoss loss = Losses.wasserstein();
        DiscriminatorLoss d = loss.discriminator(r, f);
        assertThat(d.value()).isCloseTo(0 - 1, offset(EPS));
        assertVector(d.realGradient(), -0.5, -0.5);
        assertVector(d.fakeGradient(), 0.5, 0.5);
        GeneratorLoss g = loss.generator(f);
        assertThat(g.value()).isCloseTo(0, offset(EPS));
        assertVector(g.fakeGradient(), -0.5, -0.5);
        assertThat(loss.meanOutput(r)).isCloseTo(1.0, offset(EPS));
        assertInputsUntouched();
    }

    @Test
    void hinge() {
        AdversarialLoss loss = Losses.hinge();
        DiscriminatorLoss d = loss.discriminator(r, f);
        // relu(1-0)=1, relu(1-2)=0 ; relu(1-1)=0, relu(1+1)=2
        assertThat(d.value()).isCloseTo(0.5 + 1.0, offset(EPS));
        assertVector(d.realGradient(), -0.5, 0.0);
        assertVector(d.fakeGradient(), 0.0, 0.5);
        GeneratorLoss g = loss.generator(f);
        assertThat(g.value()).isCloseTo(0, offset(EPS));
        assertVector(g.fakeGradient(), -0.5, -0.5);
        assertInputsUntouched();
    }

    @Test
    void largeScoresStayFinite() {
        INDArray big = Nd4j.create(new double[][] {{200}, {-200}}).castTo(DataType.FLOAT);
        DiscriminatorLoss d = Losses.nonSaturating().discriminator(big, big);
        assertThat(d.value()).isCloseTo((0 + 200) / 2.0 + (200 + 0) / 2.0, offset(1e-3));
        assertThat(Losses.minimax().generator(big).value()).isFinite();
    }

    @Test
    void rejectsBadShapes() {
        assertThatThrownBy(() -> Losses.hinge().generator(Nd4j.zeros(3, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[3, 2]");
    }
}
