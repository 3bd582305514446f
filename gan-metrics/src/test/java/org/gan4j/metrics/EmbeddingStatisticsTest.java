package org.gan4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class EmbeddingStatisticsTest {

    /**
     * Rows with a large common offset (1e4) and variances down to 1e-3: float32, or a naive
     * sum-of-squares formula, would lose most digits; the test asks for 1e-9 relative agreement.
     */
    static double[][] data(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = 1e4 + (j + 1) * r.nextDouble() + (j > 0 ? 0.5 * x[i][j - 1] : 0);
            }
        }
        return x;
    }

    /** Two-pass reference in plain Java doubles. */
    static double[][] covariance(double[][] x) {
        int n = x.length;
        int d = x[0].length;
        double[] mean = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / n;
            }
        }
        double[][] c = new double[d][d];
        for (double[] row : x) {
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    c[a][b] += (row[a] - mean[a]) * (row[b] - mean[b]) / (n - 1);
                }
            }
        }
        return c;
    }

    @Test
    void streamingBatchesMatchTheTwoPassCovariance() {
        double[][] x = data(1000, 6, 1);
        EmbeddingStatistics s = new EmbeddingStatistics(6);
        for (int start = 0; start < 1000; start += 137) {
            int end = Math.min(1000, start + 137);
            double[][] part = java.util.Arrays.copyOfRange(x, start, end);
            s.add(Nd4j.create(part));
        }
        double[][] ref = covariance(x);
        INDArray cov = s.covariance();
        assertThat(cov.dataType()).isEqualTo(DataType.DOUBLE);
        assertThat(s.count()).isEqualTo(1000);
        for (int a = 0; a < 6; a++) {
            for (int b = 0; b < 6; b++) {
                assertThat(cov.getDouble(a, b)).isCloseTo(ref[a][b], org.assertj.core.data.Percentage.withPercentage(1e-7));
            }
        }
    }

    @Test
    void mergingEqualsAddingEverything() {
        double[][] x = data(300, 4, 2);
        EmbeddingStatistics all = new EmbeddingStatistics(4).add(Nd4j.create(x));
        EmbeddingStatistics a = new EmbeddingStatistics(4).add(Nd4j.create(java.util.Arrays.copyOfRange(x, 0, 100)));
        EmbeddingStatistics b = new EmbeddingStatistics(4).add(Nd4j.create(java.util.Arrays.copyOfRange(x, 100, 300)));
        a.merge(b).merge(new EmbeddingStatistics(4));
        assertThat(a.count()).isEqualTo(300);
        assertThat(a.mean().equalsWithEps(all.mean(), 1e-9)).isTrue();
        assertThat(a.covariance().equalsWithEps(all.covariance(), 1e-9)).isTrue();
    }

    @Test
    void saveAndLoadRoundTrip(@TempDir Path dir) throws IOException {
        EmbeddingStatistics s = new EmbeddingStatistics(3).add(Nd4j.create(data(50, 3, 3)));
        Path f = dir.resolve("real.stats");
        s.save(f);
        EmbeddingStatistics back = EmbeddingStatistics.load(f);
        assertThat(back.count()).isEqualTo(50);
        assertThat(back.mean()).isEqualTo(s.mean());
        assertThat(back.covariance()).isEqualTo(s.covariance());
        byte[] bytes = Files.readAllBytes(f);
        Path cut = dir.resolve("cut.stats");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 9));
        assertThatThrownBy(() -> EmbeddingStatistics.load(cut)).isInstanceOf(IOException.class)
                .hasMessageContaining(cut.toString()).hasMessageContaining("truncated");
    }

    @Test
    void rejectsBadInput() {
        EmbeddingStatistics s = new EmbeddingStatistics(3);
        assertThatThrownBy(() -> s.add(Nd4j.zeros(2, 4))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[n, 3]").hasMessageContaining("[2, 4]");
        INDArray nan = Nd4j.zeros(2, 3);
        nan.putScalar(1, 1, Double.NaN);
        assertThatThrownBy(() -> s.add(nan)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        assertThatThrownBy(s::covariance).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> s.merge(new EmbeddingStatistics(2))).isInstanceOf(IllegalArgumentException.class);
    }
}
