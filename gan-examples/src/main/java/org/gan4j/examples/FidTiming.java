package org.gan4j.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gan4j.metrics.EmbeddingStatistics;
import org.gan4j.metrics.FrechetDistance;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times one FID with {@link EmbeddingStatistics} and {@link FrechetDistance} on two sets of
 * embeddings stored as numpy {@code .npy} files ({@code [n, d]}, float64), for
 * {@code bench/fid_timing.sh}. Prints one JSON line: the FID, the wall-clock seconds spent on
 * the statistics (mean and covariance of both sets) and on the distance, and the process CPU
 * seconds of each (the fairer figure on a busy machine).
 *
 * <p>Options: {@code --real FILE}, {@code --fake FILE} (both required), {@code --threads T}
 * (default 1).
 */
public final class FidTiming {

    private FidTiming() {
    }

    /**
     * Runs the timing.
     *
     * @param args options as described in the class documentation
     * @throws Exception when a file cannot be read
     * @throws IllegalArgumentException when a file option is missing or the sets differ in d
     */
    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args, Map.of("real", "", "fake", "", "threads", "1"), List.of());
        if (o.get("real").isEmpty() || o.get("fake").isEmpty()) {
            throw new IllegalArgumentException("--real FILE and --fake FILE are required");
        }
        Threads.configure(o.integer("threads"));
        INDArray real = Nd4j.createFromNpyFile(new File(o.get("real"))).castTo(DataType.DOUBLE);
        INDArray fake = Nd4j.createFromNpyFile(new File(o.get("fake"))).castTo(DataType.DOUBLE);
        if (real.rank() != 2 || fake.rank() != 2 || real.size(1) != fake.size(1)) {
            throw new IllegalArgumentException("embeddings must be [n1, d] and [n2, d]");
        }
        int d = (int) real.size(1);
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long c0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        EmbeddingStatistics a = new EmbeddingStatistics(d).add(real);
        EmbeddingStatistics b = new EmbeddingStatistics(d).add(fake);
        long t1 = System.nanoTime();
        long c1 = os.getProcessCpuTime();
        double fid = FrechetDistance.between(a, b);
        long t2 = System.nanoTime();
        long c2 = os.getProcessCpuTime();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("impl", "gan4j FrechetDistance");
        m.put("n", real.size(0));
        m.put("d", d);
        m.put("fid", fid);
        m.put("stats_s", (t1 - t0) / 1e9);
        m.put("distance_s", (t2 - t1) / 1e9);
        m.put("total_s", (t2 - t0) / 1e9);
        m.put("stats_cpu_s", (c1 - c0) / 1e9);
        m.put("distance_cpu_s", (c2 - c1) / 1e9);
        System.out.println(new ObjectMapper().writeValueAsString(m));
    }
}
