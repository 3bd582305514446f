package org.gan4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConditionalAccuracyTest {

    @Test
    void countsHitsOverallAndPerRequestedClass() {
        ConditionalAccuracy a = ConditionalAccuracy.of(new int[] {0, 0, 1, 1, 1, 2}, new int[] {0, 1, 1, 1, 0, 2}, 4);
        assertThat(a.overall()).isEqualTo(4 / 6.0);
        assertThat(a.perClass()[0]).isEqualTo(0.5);
        assertThat(a.perClass()[1]).isEqualTo(2 / 3.0);
        assertThat(a.perClass()[2]).isEqualTo(1.0);
        assertThat(a.perClass()[3]).isNaN();
        assertThat(a.worstClass()).isEqualTo(0.5);
        assertThat(a.samples()).isEqualTo(6);
    }

    @Test
    void badInputIsNamed() {
        assertThatThrownBy(() -> ConditionalAccuracy.of(new int[] {0}, new int[] {0, 1}, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 and 2");
        assertThatThrownBy(() -> ConditionalAccuracy.of(new int[] {5}, new int[] {0}, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requested class 5");
    }
}
