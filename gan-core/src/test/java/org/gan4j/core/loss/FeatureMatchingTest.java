package org.gan4j.core.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class FeatureMatchingTest {

    @Test
    void valueAndGradientByHand() {
        INDArray real = Nd4j.create(new double[][] {{1, 2}, {3, 4}}).castTo(DataType.DOUBLE);
        INDArray fake = Nd4j.create(new double[][] {{0, 0}, {2, 2}, {4, 1}}).castTo(DataType.DOUBLE);
        GeneratorLoss loss = FeatureMatching.loss(real, fake);
        // means [2, 3] and [2, 1]: ||[0, -2]||^2 = 4; gradient 2 [0, -2] / 3 in every row
        assertThat(loss.value()).isCloseTo(4.0, offset(1e-12));
        assertThat(loss.fakeGradient().shape()).containsExactly(3, 2);
        for (int i = 0; i < 3; i++) {
            assertThat(loss.fakeGradient().getDouble(i, 0)).isCloseTo(0.0, offset(1e-12));
            assertThat(loss.fakeGradient().getDouble(i, 1)).isCloseTo(-4.0 / 3, offset(1e-12));
        }
        assertThat(real).isEqualTo(Nd4j.create(new double[][] {{1, 2}, {3, 4}}).castTo(DataType.DOUBLE));
        assertThat(fake).isEqualTo(Nd4j.create(new double[][] {{0, 0}, {2, 2}, {4, 1}}).castTo(DataType.DOUBLE));
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        Nd4j.getRandom().setSeed(5);
        INDArray real = Nd4j.randn(DataType.DOUBLE, 6, 4);
        INDArray fake = Nd4j.randn(DataType.DOUBLE, 5, 4);
        assertThat(SemiSupervisedLossTest.maxRelativeError(FeatureMatching.loss(real, fake).fakeGradient(), fake,
                x -> FeatureMatching.loss(real, x).value())).isLessThan(1e-5);
    }

    @Test
    void imageShapedFeaturesKeepTheirShape() {
        INDArray real = Nd4j.rand(DataType.FLOAT, 4, 2, 3, 3);
        INDArray fake = Nd4j.rand(DataType.FLOAT, 2, 2, 3, 3);
        GeneratorLoss loss = FeatureMatching.loss(real, fake);
        assertThat(loss.fakeGradient().shape()).containsExactly(2, 2, 3, 3);
        assertThat(FeatureMatching.loss(real, real).value()).isEqualTo(0.0);
    }

    @Test
    void rejectsMismatchedFeatures() {
        assertThatThrownBy(() -> FeatureMatching.loss(Nd4j.zeros(DataType.FLOAT, 2, 3), Nd4j.zeros(DataType.FLOAT, 2, 4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 3]").hasMessageContaining("[2, 4]");
        assertThatThrownBy(() -> FeatureMatching.loss(null, Nd4j.zeros(DataType.FLOAT, 2, 4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("real features");
    }
}
