package org.gan4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Inception Score and KID against the numpy oracle of {@code src/test/oracle/fid_oracle.py}. */
class InceptionScoreAndKidTest {

    @Test
    void inceptionScoreMatchesTheOracle() throws IOException {
        JsonNode o = FrechetDistanceTest.oracle();
        INDArray logits = FrechetDistanceTest.embeddings(500, 10, 10, 1.0, 0.3, 0.0).muli(3);
        InceptionScore s = InceptionScore.fromLogits(logits, 10);
        assertThat(s.mean()).isCloseTo(o.get("is_mean").asDouble(), offset(1e-10));
        assertThat(s.std()).isCloseTo(o.get("is_std").asDouble(), offset(1e-10));
    }

    @Test
    void inceptionScoreBounds() {
        // every sample certain of its own class, classes uniform: IS = K
        INDArray onehot = Nd4j.eye(4).castTo(DataType.DOUBLE).repeat(0, 5);
        assertThat(InceptionScore.fromProbabilities(onehot, 1).mean()).isCloseTo(4.0, offset(1e-9));
        // identical predictions: IS = 1
        INDArray same = Nd4j.create(new double[][] {{0.7, 0.3}, {0.7, 0.3}, {0.7, 0.3}});
        assertThat(InceptionScore.fromProbabilities(same, 1).mean()).isCloseTo(1.0, offset(1e-12));
        assertThatThrownBy(() -> InceptionScore.fromProbabilities(same, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4");
    }

    @Test
    void kidMatchesTheOracleAndSubsetsAverageNearIt() throws IOException {
        JsonNode o = FrechetDistanceTest.oracle();
        INDArray x = FrechetDistanceTest.embeddings(300, 64, 64, 1.0, 0.05, 0.0);
        INDArray y = FrechetDistanceTest.embeddings(300, 64, 64, 1.0, 0.05, 0.5);
        double full = KernelInceptionDistance.of(x, y, 1, 300, 1).mean();
        assertThat(full).isCloseTo(o.get("kid_full_medium").asDouble(), offset(1e-10));
        KernelInceptionDistance sub = KernelInceptionDistance.of(x, y, 50, 100, 7);
        assertThat(sub.mean()).isCloseTo(full, offset(5 * sub.std() / Math.sqrt(50)));
        assertThat(KernelInceptionDistance.of(x, y, 7).std()).as("n <= 1000: every subset is the whole set").isZero();
        assertThat(sub.std()).isPositive();
        // identical distributions: close to 0 relative to the shifted pair's magnitude
        INDArray x2 = FrechetDistanceTest.embeddings(600, 64, 64, 1.0, 0.05, 0.0);
        assertThat(Math.abs(KernelInceptionDistance.of(x2.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 300),
                org.nd4j.linalg.indexing.NDArrayIndex.all()), x2.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(300, 600),
                org.nd4j.linalg.indexing.NDArrayIndex.all()), 1, 300, 1).mean())).isLessThan(Math.abs(full));
    }

    @Test
    void kidRejectsBadArguments() {
        INDArray x = Nd4j.rand(DataType.DOUBLE, 5, 3);
        assertThatThrownBy(() -> KernelInceptionDistance.of(x, Nd4j.rand(DataType.DOUBLE, 5, 4), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[5, 4]");
        assertThatThrownBy(() -> KernelInceptionDistance.of(x, x, 3, 6, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("6");
    }
}
