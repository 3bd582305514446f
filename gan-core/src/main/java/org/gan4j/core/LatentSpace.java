package org.gan4j.core;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.GaussianDistribution;
import org.nd4j.linalg.api.ops.random.impl.UniformDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The generator's input distribution: a size and a distribution (standard normal or uniform on
 * [-1, 1]). Immutable.
 */
public final class LatentSpace {

    /** The supported latent distributions. */
    public enum Distribution {
        /** Independent standard normal coordinates. */
        NORMAL,
        /** Independent coordinates uniform on [-1, 1]. */
        UNIFORM
    }

    private final int size;
    private final Distribution distribution;

    private LatentSpace(int size, Distribution distribution) {
        if (size <= 0) {
            throw new IllegalArgumentException("latent size must be positive, got " + size);
        }
        this.size = size;
        this.distribution = distribution;
    }

    /**
     * @param size number of latent coordinates, positive
     * @return a standard normal latent space
     * @throws IllegalArgumentException when size is not positive
     */
    public static LatentSpace normal(int size) {
        return new LatentSpace(size, Distribution.NORMAL);
    }

    /**
     * @param size number of latent coordinates, positive
     * @return a latent space uniform on [-1, 1]^size
     * @throws IllegalArgumentException when size is not positive
     */
    public static LatentSpace uniform(int size) {
        return new LatentSpace(size, Distribution.UNIFORM);
    }

    /** @return the number of latent coordinates */
    public int size() {
        return size;
    }

    /** @return the distribution of each coordinate */
    public Distribution distribution() {
        return distribution;
    }

    /**
     * Draws latent vectors.
     *
     * @param n number of vectors, positive
     * @param dataType floating-point type of the result
     * @param rng the random stream to draw from (advanced)
     * @return a new array of shape {@code [n, size]}
     */
    public INDArray sample(long n, DataType dataType, Random rng) {
        if (n <= 0) {
            throw new IllegalArgumentException("number of latent vectors must be positive, got " + n);
        }
        INDArray z = Nd4j.createUninitialized(dataType, n, size);
        if (distribution == Distribution.NORMAL) {
            Nd4j.getExecutioner().exec(new GaussianDistribution(z, 0.0, 1.0), rng);
        } else {
            Nd4j.getExecutioner().exec(new UniformDistribution(z, -1.0, 1.0), rng);
        }
        return z;
    }

    /**
     * Draws latent vectors reproducibly from a seed.
     *
     * @param n number of vectors, positive
     * @param dataType floating-point type of the result
     * @param seed the seed: the same seed gives the same vectors on the same backend
     * @return a new array of shape {@code [n, size]}
     */
    public INDArray sample(long n, DataType dataType, long seed) {
        try (Random rng = Nd4j.getRandomFactory().getNewRandomInstance(seed)) {
            return sample(n, dataType, rng);
        } catch (Exception e) {
            throw new IllegalStateException("could not use ND4J's random generator", e);
        }
    }

    /**
     * The inverse of {@link #toString()}: reads {@code normal(100)} or {@code uniform(64)}.
     *
     * @param text the description, as written to a checkpoint's configuration
     * @return the latent space
     * @throws IllegalArgumentException when the text is not such a description
     */
    static LatentSpace parse(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(normal|uniform)\\((\\d+)\\)").matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("latent space must read like normal(100) or uniform(64), got '" + text
                    + "'");
        }
        int size = Integer.parseInt(m.group(2));
        return m.group(1).equals("normal") ? normal(size) : uniform(size);
    }

    @Override
    public String toString() {
        return distribution.name().toLowerCase(java.util.Locale.ROOT) + "(" + size + ")";
    }
}
