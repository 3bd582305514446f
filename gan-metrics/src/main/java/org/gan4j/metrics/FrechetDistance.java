package org.gan4j.metrics;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Frechet distance between two Gaussians fitted to embeddings (FID when the embeddings are
 * Inception pool3 features): {@code |mu1 - mu2|^2 + tr(S1) + tr(S2) - 2 tr((S1 S2)^(1/2))}, in
 * float64 with ND4J operations on the active backend.
 *
 * <p>The trace term is computed through symmetric eigendecompositions, never a general matrix
 * square root: {@code S1 = V diag(w) V^T}, {@code R = V diag(sqrt(w)) V^T}, and
 * {@code tr((S1 S2)^(1/2)) = sum sqrt(eig(R S2 R))}. Eigenvalues at or below
 * {@code d * machine epsilon * the largest} are numerically zero (tiny negative ones included)
 * and count as 0.
 *
 * <p>Each decomposition is checked before it is used: the eigenvector residual
 * {@code |S1 V - V diag(w)|} and the eigenvalue sums against the traces. Some LAPACK builds
 * return wrong eigenvectors without any error (OpenBLAS 0.3.19, which ND4J 1.0.0-M2.1 bundles,
 * on AVX-512 CPUs, where {@code OPENBLAS_CORETYPE=Haswell} in the JVM's environment avoids it).
 * A failed check throws {@link IllegalStateException} rather than return a wrong number.
 */
public final class FrechetDistance {

    private static final Logger LOG = LoggerFactory.getLogger(FrechetDistance.class);
    private static final double EPS = Math.ulp(1.0);

    private FrechetDistance() {
    }

    /**
     * @param a statistics of the first set (at least 2 embeddings)
     * @param b statistics of the second set, same dimension
     * @return the Frechet distance (0 for identical statistics, up to rounding)
     * @throws IllegalArgumentException when the dimensions differ
     * @throws IllegalStateException when a set has fewer than 2 embeddings or the backend's
     *     eigensolver fails its check
     */
    public static double between(EmbeddingStatistics a, EmbeddingStatistics b) {
        if (a.dimension() != b.dimension()) {
            throw new IllegalArgumentException("embedding dimensions differ: " + a.dimension() + " and "
                    + b.dimension());
        }
        long minCount = Math.min(a.count(), b.count());
        if (minCount < a.dimension()) {
            LOG.warn("Frechet distance from {} embeddings of dimension {}: the covariances are singular and the "
                    + "estimate is biased; use at least as many embeddings as dimensions", minCount, a.dimension());
        }
        INDArray diff = a.mean().sub(b.mean());
        double meanTerm = diff.mul(diff).sumNumber().doubleValue();
        INDArray s1 = a.covariance();
        INDArray s2 = b.covariance();
        double trace1 = Nd4j.diag(s1).sumNumber().doubleValue();
        double trace2 = Nd4j.diag(s2).sumNumber().doubleValue();
        return meanTerm + trace1 + trace2 - 2 * traceSqrtProduct(s1, s2);
    }

    /**
     * {@code tr((S1 S2)^(1/2))} for symmetric positive semi-definite S1, S2.
     *
     * @param s1 {@code [d, d]}
     * @param s2 {@code [d, d]}
     * @return the trace term
     */
    static double traceSqrtProduct(INDArray s1, INDArray s2) {
        int d = (int) s1.size(0);
        INDArray vectors = s1.castTo(DataType.DOUBLE).dup('f');
        INDArray w = Eigen.symmetricGeneralizedEigenvalues(vectors, true).castTo(DataType.DOUBLE).reshape(1, d);
        checkDecomposition(s1, vectors, w);
        INDArray rootW = Transforms.sqrt(clamp(w), false);
        INDArray root = vectors.mulRowVector(rootW).mmul(vectors.transpose());
        INDArray m = root.mmul(s2).mmul(root);
        m = m.add(m.transpose()).muli(0.5);
        INDArray mCopy = m.dup('f');
        INDArray ev = Eigen.symmetricGeneralizedEigenvalues(mCopy, false).castTo(DataType.DOUBLE).reshape(1, d);
        checkEigenvalues(m, ev);
        return Transforms.sqrt(clamp(ev), false).sumNumber().doubleValue();
    }

    /** Eigenvalues at or below d * eps * max set to 0 (a new array). */
    private static INDArray clamp(INDArray w) {
        double max = Math.max(w.maxNumber().doubleValue(), 0.0);
        double tol = w.length() * EPS * max;
        INDArray keep = w.gt(tol).castTo(DataType.DOUBLE);
        return w.mul(keep);
    }

    private static void checkDecomposition(INDArray s, INDArray vectors, INDArray w) {
        double scale = Math.max(s.norm2Number().doubleValue(), Double.MIN_NORMAL);
        double residual = s.mmul(vectors).subi(vectors.mulRowVector(w)).norm2Number().doubleValue() / scale;
        double orthogonality = vectors.transpose().mmul(vectors).subi(Nd4j.eye(w.length()).castTo(DataType.DOUBLE))
                .norm2Number().doubleValue();
        double tolerance = 1e-8 * Math.sqrt(w.length());
        if (!(residual < tolerance) || !(orthogonality < tolerance)) {
            throw new IllegalStateException(String.format("the backend's symmetric eigensolver returned a wrong "
                    + "decomposition (relative residual %.3g, orthogonality error %.3g, d = %d). ND4J's bundled "
                    + "OpenBLAS does this on some AVX-512 CPUs: set OPENBLAS_CORETYPE=Haswell in the environment of "
                    + "the JVM", residual, orthogonality, w.length()));
        }
    }

    private static void checkEigenvalues(INDArray m, INDArray ev) {
        double trace = Nd4j.diag(m).sumNumber().doubleValue();
        double frob2 = m.mul(m).sumNumber().doubleValue();
        double sum = ev.sumNumber().doubleValue();
        double sum2 = ev.mul(ev).sumNumber().doubleValue();
        double tolerance = 1e-8 * Math.sqrt(ev.length());
        if (Math.abs(sum - trace) > tolerance * Math.max(Math.abs(trace), Double.MIN_NORMAL) + 1e-300
                || Math.abs(sum2 - frob2) > tolerance * Math.max(frob2, Double.MIN_NORMAL)) {
            throw new IllegalStateException(String.format("the backend's symmetric eigensolver returned wrong "
                    + "eigenvalues (sum %.6g vs trace %.6g, sum of squares %.6g vs %.6g); set "
                    + "OPENBLAS_CORETYPE=Haswell in the environment of the JVM", sum, trace, sum2, frob2));
        }
    }
}
