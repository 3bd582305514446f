package org.gan4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Against independent values from {@code src/test/oracle/fid_oracle.py} (numpy/scipy): scipy's
 * sqrtm route as pytorch-fid computes it, and the symmetric eigenvalue route.
 */
class FrechetDistanceTest {

    /** The closed-form embeddings of fid_oracle.py. */
    static INDArray embeddings(int n, int d, int rank, double power, double noise, double shift) {
        double[] x = new double[n * d];
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= d; j++) {
                double v = 0;
                for (int k = 0; k < rank; k++) {
                    v += Math.sin(0.37 * i * (k + 1) + 0.11 * j * (k + 2) + shift) * Math.pow(k + 1, -power);
                }
                x[(i - 1) * d + (j - 1)] = v + noise * Math.sin(1.7 * i + 2.3 * Math.pow(j, 1.3) + shift);
            }
        }
        return Nd4j.create(x, new long[] {n, d}, DataType.DOUBLE);
    }

    static JsonNode oracle() throws IOException {
        try (InputStream in = FrechetDistanceTest.class.getResourceAsStream("fid_oracle.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void matchesTheScipyOracle() throws IOException {
        for (JsonNode c : oracle().get("cases")) {
            int n = c.get("n").asInt();
            int d = c.get("d").asInt();
            int rank = c.get("rank").asInt();
            double power = c.get("power").asDouble();
            double noise = c.get("noise").asDouble();
            EmbeddingStatistics a = new EmbeddingStatistics(d).add(embeddings(n, d, rank, power, noise, 0.0));
            EmbeddingStatistics b = new EmbeddingStatistics(d).add(embeddings(n, d, rank, power, noise, 0.5));
            long t0 = System.nanoTime();
            double fid = FrechetDistance.between(a, b);
            double self = FrechetDistance.between(a, a);
            System.out.printf("%s: FID %.12g (scipy eigen %.12g, sqrtm %.12g), self %.3g, %.1f s%n",
                    c.get("name").asText(), fid, c.get("fid_eigen").asDouble(), c.get("fid_sqrtm").asDouble(), self,
                    (System.nanoTime() - t0) / 1e9);
            double traceS1 = c.get("trace_s1").asDouble();
            // same eigenvalue route: agreement to 1e-6 relative (1e-9 of tr(S1) absolute)
            assertThat(fid).as(c.get("name").asText())
                    .isCloseTo(c.get("fid_eigen").asDouble(), org.assertj.core.data.Offset.offset(
                            Math.max(1e-6 * Math.abs(c.get("fid_eigen").asDouble()), 1e-9 * traceS1)));
            // scipy's sqrtm route (pytorch-fid): 1e-6 relative when well conditioned, 0.5% for the
            // singular 2048-d case, where the two routes themselves differ by 0.2%
            double sqrtmTolerance = d >= 2048 ? 5e-3 : 1e-6;
            assertThat(fid).isCloseTo(c.get("fid_sqrtm").asDouble(),
                    org.assertj.core.data.Offset.offset(sqrtmTolerance * Math.abs(c.get("fid_sqrtm").asDouble())));
            assertThat(Math.abs(self)).isLessThan(1e-6 * traceS1);
        }
    }

    @Test
    void meanShiftAlone() {
        INDArray x = Nd4j.rand(DataType.DOUBLE, 50, 3);
        EmbeddingStatistics a = new EmbeddingStatistics(3).add(x);
        EmbeddingStatistics b = new EmbeddingStatistics(3).add(x.add(2.0));
        // identical covariances, means 2 apart in each of 3 coordinates: FID = 3 * 4
        assertThat(FrechetDistance.between(a, b)).isCloseTo(12.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void rejectsMismatchedDimensions() {
        EmbeddingStatistics a = new EmbeddingStatistics(3).add(Nd4j.rand(DataType.DOUBLE, 5, 3));
        EmbeddingStatistics b = new EmbeddingStatistics(4).add(Nd4j.rand(DataType.DOUBLE, 5, 4));
        assertThatThrownBy(() -> FrechetDistance.between(a, b)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3").hasMessageContaining("4");
    }
}
