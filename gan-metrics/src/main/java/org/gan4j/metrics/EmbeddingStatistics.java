package org.gan4j.metrics;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Streaming, mergeable first and second moments of d-dimensional embeddings, in float64 on the
 * active ND4J backend: the count, the mean and the co-moment matrix {@code sum (x - mean)(x -
 * mean)^T}. Batches are folded in with the pairwise update of Chan, Golub and LeVeque, so memory
 * stays at one batch plus d x d whatever the number of samples. Statistics of a reference set can
 * be saved once and loaded later. Mutable; not thread-safe.
 */
public final class EmbeddingStatistics {

    private static final int MAGIC = 0x47344553; // "G4ES"
    private static final int VERSION = 1;

    private final int dimension;
    private long count;
    private final INDArray mean;
    private final INDArray comoment;

    /**
     * @param dimension embedding size d, positive
     * @throws IllegalArgumentException when d is not positive
     */
    public EmbeddingStatistics(int dimension) {
        if (dimension <= 0) {
            throw new IllegalArgumentException("embedding dimension must be positive, got " + dimension);
        }
        this.dimension = dimension;
        this.mean = Nd4j.zeros(DataType.DOUBLE, 1, dimension);
        this.comoment = Nd4j.zeros(DataType.DOUBLE, dimension, dimension);
    }

    /** @return the embedding size d */
    public int dimension() {
        return dimension;
    }

    /** @return the number of embeddings folded in */
    public long count() {
        return count;
    }

    /**
     * Folds in a batch of embeddings (converted to float64).
     *
     * @param batch {@code [n, d]}, finite values, n positive
     * @return this
     * @throws IllegalArgumentException for a wrong shape or non-finite values
     */
    public EmbeddingStatistics add(INDArray batch) {
        if (batch == null || batch.rank() != 2 || batch.size(1) != dimension || batch.size(0) == 0) {
            throw new IllegalArgumentException("embeddings must have shape [n, " + dimension + "] with n > 0, got "
                    + (batch == null ? "null" : Arrays.toString(batch.shape())));
        }
        INDArray x = batch.castTo(DataType.DOUBLE);
        if (!Double.isFinite(x.sumNumber().doubleValue())) {
            throw new IllegalArgumentException("embeddings contain NaN or infinite values");
        }
        long n = x.size(0);
        INDArray batchMean = x.mean(true, 0);
        INDArray centered = x.subRowVector(batchMean);
        INDArray batchComoment = centered.transpose().mmul(centered);
        combine(n, batchMean, batchComoment);
        return this;
    }

    /**
     * Folds in another set of statistics (as if its embeddings had been added here).
     *
     * @param other statistics of the same dimension
     * @return this
     * @throws IllegalArgumentException when the dimensions differ
     */
    public EmbeddingStatistics merge(EmbeddingStatistics other) {
        if (other.dimension != dimension) {
            throw new IllegalArgumentException("cannot merge statistics of dimension " + other.dimension + " into "
                    + dimension);
        }
        if (other.count > 0) {
            combine(other.count, other.mean, other.comoment);
        }
        return this;
    }

    private void combine(long n, INDArray otherMean, INDArray otherComoment) {
        if (count == 0) {
            mean.assign(otherMean);
            comoment.assign(otherComoment);
            count = n;
            return;
        }
        long total = count + n;
        INDArray delta = otherMean.sub(mean);
        double weight = (double) count * n / total;
        comoment.addi(otherComoment).addi(delta.transpose().mmul(delta).muli(weight));
        mean.addi(delta.mul((double) n / total));
        count = total;
    }

    /** @return a copy of the mean, {@code [d]}, float64 */
    public INDArray mean() {
        return mean.dup().reshape(dimension);
    }

    /**
     * @return the unbiased covariance {@code comoment / (count - 1)}, {@code [d, d]}, float64
     * @throws IllegalStateException with fewer than 2 embeddings
     */
    public INDArray covariance() {
        if (count < 2) {
            throw new IllegalStateException("a covariance needs at least 2 embeddings, have " + count);
        }
        return comoment.div(count - 1);
    }

    /**
     * Writes the statistics atomically (temporary file, then rename).
     *
     * @param file destination
     * @throws IOException on write failure (an earlier file at that path stays intact)
     */
    public void save(Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = Files.createTempFile(abs.getParent(), abs.getFileName().toString(), ".tmp");
        try {
            try (OutputStream os = Files.newOutputStream(tmp);
                    DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(os))) {
                out.writeInt(MAGIC);
                out.writeInt(VERSION);
                out.writeInt(dimension);
                out.writeLong(count);
                for (double v : mean.data().asDouble()) {
                    out.writeDouble(v);
                }
                for (double v : comoment.dup('c').data().asDouble()) {
                    out.writeDouble(v);
                }
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Reads statistics written by {@link #save}.
     *
     * @param file the file
     * @return the statistics
     * @throws IOException when the file cannot be read, is not such a file, or is truncated (the message names it)
     */
    public static EmbeddingStatistics load(Path file) throws IOException {
        try (InputStream is = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(is))) {
            if (in.readInt() != MAGIC) {
                throw new IOException(file + " is not a gan4j embedding-statistics file");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException(file + " has format version " + version + ", this gan4j reads " + VERSION);
            }
            int d = in.readInt();
            if (d <= 0) {
                throw new IOException(file + " is corrupt: dimension " + d);
            }
            EmbeddingStatistics s = new EmbeddingStatistics(d);
            s.count = in.readLong();
            double[] m = new double[d];
            for (int i = 0; i < d; i++) {
                m[i] = in.readDouble();
            }
            double[] c = new double[d * d];
            for (int i = 0; i < c.length; i++) {
                c[i] = in.readDouble();
            }
            s.mean.assign(Nd4j.create(m, new long[] {1, d}, DataType.DOUBLE));
            s.comoment.assign(Nd4j.create(c, new long[] {d, d}, DataType.DOUBLE));
            return s;
        } catch (EOFException e) {
            throw new IOException(file + " is truncated", e);
        }
    }
}
