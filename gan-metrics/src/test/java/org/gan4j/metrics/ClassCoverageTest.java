package org.gan4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class ClassCoverageTest {

    @Test
    void countsClassesEntropyAndConfidence() {
        // 4 samples over 3 classes: predicted 0, 0, 1, 1 -> entropy ln 2; class 2 missing
        var p = Nd4j.create(new double[][] {{0.95, 0.05, 0}, {0.6, 0.3, 0.1}, {0.1, 0.9, 0}, {0.0, 0.99, 0.01}});
        ClassCoverage c = ClassCoverage.of(p, 0.01, 0.9);
        assertThat(c.histogram()).containsExactly(2, 2, 0);
        assertThat(c.classesPresent()).isEqualTo(2);
        assertThat(c.entropy()).isCloseTo(Math.log(2), offset(1e-12));
        assertThat(c.confidentFraction()).isEqualTo(0.75);
    }

    @Test
    void collapsedSamplesHaveZeroEntropy() {
        var p = Nd4j.create(new double[][] {{0.2, 0.8}, {0.1, 0.9}});
        ClassCoverage c = ClassCoverage.of(p, 0.0, 0.5);
        assertThat(c.classesPresent()).isEqualTo(1);
        assertThat(c.entropy()).isEqualTo(0.0);
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> ClassCoverage.of(Nd4j.zeros(3), 0.1, 0.9))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[3]");
        assertThatThrownBy(() -> ClassCoverage.of(Nd4j.zeros(2, 2), 1.5, 0.9))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
    }
}
