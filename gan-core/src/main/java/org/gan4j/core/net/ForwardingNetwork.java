package org.gan4j.core.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * A {@link GanNetwork} that forwards every call to another one, for decorators that change a few
 * of them (packing examples, adding a parameter penalty) and inherit the rest.
 */
public abstract class ForwardingNetwork implements GanNetwork {

    private final GanNetwork delegate;

    /**
     * @param delegate the network every call goes to unless a subclass overrides it
     * @throws IllegalArgumentException when delegate is null
     */
    protected ForwardingNetwork(GanNetwork delegate) {
        if (delegate == null) {
            throw new IllegalArgumentException("network is null");
        }
        this.delegate = delegate;
    }

    /** @return the network calls are forwarded to */
    protected final GanNetwork delegate() {
        return delegate;
    }

    @Override
    public long numParams() {
        return delegate.numParams();
    }

    @Override
    public INDArray params() {
        return delegate.params();
    }

    @Override
    public Map<String, INDArray> trainableParams() {
        return delegate.trainableParams();
    }

    @Override
    public INDArray updaterState() {
        return delegate.updaterState();
    }

    @Override
    public long iteration() {
        return delegate.iteration();
    }

    @Override
    public INDArray output(INDArray input, boolean training) {
        return delegate.output(input, training);
    }

    @Override
    public INDArray forward(INDArray input) {
        return delegate.forward(input);
    }

    @Override
    public INDArray backward(INDArray outputGradient, boolean accumulate) {
        return delegate.backward(outputGradient, accumulate);
    }

    @Override
    public void applyUpdate() {
        delegate.applyUpdate();
    }

    @Override
    public void write(OutputStream out) throws IOException {
        delegate.write(out);
    }

    @Override
    public void restore(InputStream in) throws IOException {
        delegate.restore(in);
    }

    @Override
    public boolean batchCoupled() {
        return delegate.batchCoupled();
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public void accumulateGradient(INDArray gradient) {
        delegate.accumulateGradient(gradient);
    }

    @Override
    public void setUpdater(IUpdater updater) {
        delegate.setUpdater(updater);
    }
}
