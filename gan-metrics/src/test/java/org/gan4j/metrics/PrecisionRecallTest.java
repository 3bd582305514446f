package org.gan4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Precision and recall (k = 3) against the numpy oracle of {@code src/test/oracle/fid_oracle.py}. */
class PrecisionRecallTest {

    @Test
    void matchesTheOracle() throws IOException {
        JsonNode o = FrechetDistanceTest.oracle();
        INDArray real = FrechetDistanceTest.embeddings(200, 16, 16, 1.0, 0.05, 0.0);
        INDArray fake = FrechetDistanceTest.embeddings(200, 16, 16, 1.0, 0.05, 0.05).muli(0.95);
        PrecisionRecall pr = PrecisionRecall.of(real, fake, 3);
        assertThat(pr.precision()).isEqualTo(o.get("pr_precision").asDouble());
        assertThat(pr.recall()).isEqualTo(o.get("pr_recall").asDouble());
        assertThat(pr.precision()).isBetween(0.2, 0.9);
        PrecisionRecall self = PrecisionRecall.of(real, real, 3);
        assertThat(self.precision()).isEqualTo(1.0);
        assertThat(self.recall()).isEqualTo(1.0);
    }

    @Test
    void rejectsTooFewEmbeddings() {
        INDArray three = FrechetDistanceTest.embeddings(3, 4, 4, 1.0, 0.0, 0.0);
        assertThatThrownBy(() -> PrecisionRecall.of(three, three, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k = 3");
    }
}
