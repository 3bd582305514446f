package org.gan4j.models;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.gan4j.core.net.ForwardingNetwork;
import org.gan4j.core.net.GanNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Historical averaging (Salimans et al. 2016, "Improved Techniques for Training GANs", section
 * 3.3): adds {@code lambda * ||theta - mean_i theta[i]||^2} to the network's loss, where
 * {@code theta[i]} are the parameters after each past update (the initial ones included). A
 * decorator of any {@link GanNetwork} that accepts external gradients: before each optimizer step
 * it adds the penalty's gradient {@code 2 lambda (theta - average)} to the trainable parameters'
 * accumulated gradient (running statistics are left alone), steps the optimizer, then folds the new
 * parameters into the running average. Wrap G, D or both:
 *
 * <pre>{@code
 * Discriminator d = Discriminator.of(new HistoricalAveraging(Networks.wrap(dNet), 1e-3));
 * }</pre>
 *
 * <p>The average and its count are part of {@link #write}/{@link #restore}, so a resumed run
 * continues exactly. The penalty's value is not added to the reported losses; {@link #penalty()}
 * returns its current value.
 */
public final class HistoricalAveraging extends ForwardingNetwork {

    private final double lambda;
    private INDArray average;
    private long count;

    /**
     * @param inner the network to regularise
     * @param lambda penalty weight, positive
     * @throws IllegalArgumentException when inner is null or lambda is not positive and finite
     */
    public HistoricalAveraging(GanNetwork inner, double lambda) {
        super(inner);
        if (!(lambda > 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("historical averaging weight must be positive and finite, got " + lambda);
        }
        this.lambda = lambda;
    }

    /** @return the penalty weight lambda */
    public double lambda() {
        return lambda;
    }

    /** @return how many parameter vectors the average holds (0 before the first update) */
    public long count() {
        return count;
    }

    /** @return a copy of the running average of past parameters, or null before the first update */
    public INDArray average() {
        return average == null ? null : average.dup();
    }

    /** @return {@code lambda * ||theta - average||^2} over all parameters now (0 before the first update) */
    public double penalty() {
        if (average == null) {
            return 0;
        }
        INDArray diff = delegate().params().castTo(DataType.DOUBLE).sub(average.castTo(DataType.DOUBLE));
        return lambda * diff.mul(diff).sumNumber().doubleValue();
    }

    @Override
    public void applyUpdate() {
        INDArray params = delegate().params();
        if (average == null) {
            average = params.dup();
            count = 1;
        }
        delegate().accumulateGradient(params.sub(average).muli(2 * lambda));
        delegate().applyUpdate();
        count++;
        // running mean: average += (theta - average) / count
        average.addi(params.sub(average).divi(count));
    }

    /** Writes the average (count, then values in the parameters' precision) followed by the network. */
    @Override
    public void write(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeLong(count);
        if (average != null) {
            boolean dbl = average.dataType() == DataType.DOUBLE;
            data.writeBoolean(dbl);
            data.writeLong(average.length());
            if (dbl) {
                for (double v : average.toDoubleVector()) {
                    data.writeDouble(v);
                }
            } else {
                for (float v : average.toFloatVector()) {
                    data.writeFloat(v);
                }
            }
        }
        data.flush();
        delegate().write(out);
    }

    @Override
    public void restore(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        long storedCount = data.readLong();
        INDArray storedAverage = null;
        if (storedCount > 0) {
            boolean dbl = data.readBoolean();
            long length = data.readLong();
            if (length != numParams()) {
                throw new IllegalArgumentException("stored parameter average has " + length + " values, this network "
                        + numParams());
            }
            int n = Math.toIntExact(length);
            if (dbl) {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = data.readDouble();
                }
                storedAverage = Nd4j.createFromArray(v);
            } else {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = data.readFloat();
                }
                storedAverage = Nd4j.createFromArray(v);
            }
        }
        delegate().restore(in);
        average = storedAverage == null ? null
                : storedAverage.castTo(delegate().params().dataType()).reshape(delegate().params().shape());
        count = storedCount;
    }

    @Override
    public String describe() {
        return "HistoricalAveraging(lambda=" + lambda + ") of " + delegate().describe();
    }

    @Override
    public String toString() {
        return describe();
    }
}
