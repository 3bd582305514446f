package org.gan4j.core.net;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Shared machinery of the DL4J adapters: gradient accumulation, batch-norm statistics handling and
 * the optimizer step through the network's own DL4J updater.
 *
 * <p>DL4J carries batch-norm running statistics through the gradient vector as deltas (applied
 * with a no-op updater), and so do layers whose configuration implements {@link StatefulLayer}.
 * This class applies those deltas right after each accumulating backward pass and removes them from the accumulated gradient, so that two passes (real and fake) update
 * the statistics twice in sequence, as two forward passes do in other frameworks, and a
 * non-accumulating pass changes nothing.
 */
abstract class Dl4jNetwork implements GanNetwork {

    private static final Set<String> STAT_PARAMS = Set.of(BatchNormalizationParamInitializer.GLOBAL_MEAN,
            BatchNormalizationParamInitializer.GLOBAL_VAR, BatchNormalizationParamInitializer.GLOBAL_LOG_STD);

    private final Model model;
    /** The pending gradient when it is not (only) in the network's gradient array. */
    private INDArray accumulator;
    /** Whether the pending gradient lives in the network's gradient array (one pass, no copy yet). */
    private boolean inView;
    private INDArray gradientVector;
    private Gradient lastGradient;
    private boolean pending;
    /** Views of the running statistics in the flat parameter and gradient vectors, made once. */
    private INDArray[] statParamViews;
    private INDArray[] statGradientViews;
    /** What the updater is handed: the network's own gradient array and its per-variable views, made once. */
    private Gradient update;
    /** The network's parameter array as a vector, made once. */
    private INDArray paramsVector;
    /** [offset, length] ranges of running statistics inside the flat parameter/gradient vector. */
    private long[][] statRanges;
    private Map<String, INDArray> trainable;

    Dl4jNetwork(Model model) {
        this.model = model;
        if (model.params() == null || model.numParams() == 0) {
            throw new IllegalArgumentException("network has no parameters: call init() on it before wrapping");
        }
    }

    /** @return layers of the network in any order */
    abstract Layer[] layers();

    /** @return parameter table of the whole network, keyed by DL4J's names */
    abstract Map<String, INDArray> paramTable();

    /**
     * Training-mode forward that keeps layer inputs for backprop, in slot {@code pass} (always 0
     * unless the adapter's {@link #keptPasses()} is larger).
     */
    abstract INDArray doForward(INDArray input, int pass);

    /**
     * DL4J backprop from an external output gradient: parameter gradient (view) and input gradient.
     * {@code accumulate} says whether the parameter gradient will be used, {@code input} whether
     * the input gradient will; adapters may skip work for either (the gradient array's contents
     * are then unspecified, and the input gradient may be left null). {@code pass} is the slot of
     * the forward pass, as in {@link #doForward}.
     */
    abstract Gradient doBackward(INDArray outputGradient, boolean accumulate, boolean input, INDArray[] inputGradientOut,
            int pass);

    /**
     * Applies the optimizer step directly, for adapters with a faster path than DL4J's updater.
     *
     * @param params flat parameter vector, updated in place on success
     * @param gradient flat accumulated gradient, not modified
     * @param iteration iteration count before the step
     * @param epoch epoch count
     * @return false when the adapter has no such path (the DL4J updater then runs)
     */
    boolean fusedUpdate(INDArray params, INDArray gradient, int iteration, int epoch) {
        return false;
    }

    /** Runs the DL4J updater on {@code gradient} in place (transforms it into the update). */
    abstract void runUpdater(Gradient gradient, int iteration, int epoch);

    abstract int iterationCount();

    abstract void setIterationCount(int count);

    abstract int epochCount();

    abstract Model restoreModel(InputStream in) throws IOException;

    abstract INDArray doOutput(INDArray input, boolean training);

    /** @return the wrapped DL4J model */
    final Model model() {
        return model;
    }

    @Override
    public long numParams() {
        return model.numParams();
    }

    @Override
    public INDArray params() {
        return model.params();
    }

    @Override
    public synchronized Map<String, INDArray> trainableParams() {
        if (trainable == null) {
            Set<Long> statOffsets = new HashSet<>();
            for (long[] r : statRanges()) {
                statOffsets.add(r[0]);
            }
            long base = params().offset();
            Map<String, INDArray> m = new LinkedHashMap<>();
            for (Map.Entry<String, INDArray> e : paramTable().entrySet()) {
                if (!statOffsets.contains(e.getValue().offset() - base)) {
                    m.put(e.getKey(), e.getValue());
                }
            }
            trainable = Collections.unmodifiableMap(m);
        }
        return trainable;
    }

    private long[][] statRanges() {
        if (statRanges == null) {
            List<long[]> ranges = new ArrayList<>();
            long base = params().offset();
            for (Layer layer : layers()) {
                Set<String> names = stateParameters(layer);
                for (Map.Entry<String, INDArray> e : layer.paramTable().entrySet()) {
                    if (names.contains(e.getKey())) {
                        ranges.add(new long[] {e.getValue().offset() - base, e.getValue().length()});
                    }
                }
            }
            statRanges = ranges.toArray(new long[0][]);
        }
        return statRanges;
    }

    /** Names of the parameters of {@code layer} that hold state carried as deltas in the gradient. */
    private static Set<String> stateParameters(Layer layer) {
        if (layer instanceof BatchNormalization) {
            return STAT_PARAMS;
        }
        if (layer.conf().getLayer() instanceof StatefulLayer stateful) {
            return stateful.stateParameters();
        }
        return Set.of();
    }

    @Override
    public boolean batchCoupled() {
        for (Layer layer : layers()) {
            if (layer instanceof BatchNormalization || layer.conf().getLayer() instanceof BatchCoupledLayer) {
                return true;
            }
        }
        return false;
    }

    @Override
    public INDArray updaterState() {
        INDArray s = updaterStateView();
        return s == null ? Nd4j.empty(params().dataType()) : s;
    }

    /** @return the updater's state view, or null for stateless updaters */
    abstract INDArray updaterStateView();

    @Override
    public long iteration() {
        return iterationCount();
    }

    @Override
    public INDArray output(INDArray input, boolean training) {
        return doOutput(input, training);
    }

    @Override
    public INDArray forward(INDArray input) {
        return doForward(input, 0);
    }

    @Override
    public INDArray forward(INDArray input, int pass) {
        return doForward(input, Networks.checkedSlot(this, pass));
    }

    @Override
    public INDArray backward(INDArray outputGradient, boolean accumulate) {
        return backward(outputGradient, accumulate, true, 0);
    }

    @Override
    public void backwardParameters(INDArray outputGradient) {
        backward(outputGradient, true, false, 0);
    }

    @Override
    public void backwardParameters(INDArray outputGradient, int pass) {
        backward(outputGradient, true, false, Networks.checkedSlot(this, pass));
    }

    private INDArray backward(INDArray outputGradient, boolean accumulate, boolean input, int pass) {
        if (pending && inView) {
            // the pass below overwrites the network's gradient array: keep the pending gradient
            holdInAccumulator(gradientVector());
            inView = false;
        }
        INDArray[] inputGradient = new INDArray[1];
        Gradient g = doBackward(outputGradient.dup(), accumulate, input, inputGradient, pass);
        if (accumulate) {
            INDArray flat = g.gradient();
            if (statGradientViews == null) {
                statParamViews = rangeViews(params());
                statGradientViews = rangeViews(flat);
            }
            for (int i = 0; i < statGradientViews.length; i++) {
                statParamViews[i].subi(statGradientViews[i]);
                statGradientViews[i].assign(0);
            }
            if (pending) {
                accumulator.addi(flat.reshape(accumulator.shape()));
            } else if (flat.length() == gradientVector().length()
                    && flat.data().addressPointer().address() == gradientVector().data().addressPointer().address()) {
                // a single pass needs no copy: the updater reads the network's gradient array
                // (compared by address: each reshape of it wraps the same memory in a new buffer object)
                inView = true;
            } else {
                holdInAccumulator(flat.reshape(flat.length()));
            }
            pending = true;
            lastGradient = g;
        }
        return inputGradient[0];
    }

    /** Copies a flat gradient vector into the accumulator, creating it on first use. */
    private void holdInAccumulator(INDArray flatVector) {
        if (accumulator == null) {
            accumulator = flatVector.dup();
        } else {
            accumulator.assign(flatVector);
        }
    }

    /** @return the network's flat gradient array as a vector (made once) */
    private INDArray gradientVector() {
        if (gradientVector == null) {
            INDArray flat = model.getGradientsViewArray();
            gradientVector = flat.reshape(flat.length());
        }
        return gradientVector;
    }

    /** Views of {@code flat} (a flat parameter-shaped vector) at the running-statistics ranges. */
    private INDArray[] rangeViews(INDArray flat) {
        long[][] ranges = statRanges();
        INDArray vector = flat.reshape(flat.length());
        INDArray[] views = new INDArray[ranges.length];
        for (int i = 0; i < ranges.length; i++) {
            views[i] = vector.get(NDArrayIndex.interval(ranges[i][0], ranges[i][0] + ranges[i][1]));
        }
        return views;
    }

    @Override
    public void accumulateGradient(INDArray gradient) {
        if (gradient == null || gradient.length() != numParams()) {
            throw new IllegalArgumentException("gradient must have " + numParams() + " values, got "
                    + (gradient == null ? "null" : gradient.length()));
        }
        if (!pending) {
            throw new IllegalStateException("accumulateGradient() needs a pending accumulating backward() pass");
        }
        INDArray target = inView ? gradientVector() : accumulator;
        INDArray g = gradient.reshape(target.shape()).castTo(target.dataType());
        target.addi(g);
        for (long[] r : statRanges()) {
            target.get(NDArrayIndex.interval(r[0], r[0] + r[1])).subi(g.get(NDArrayIndex.interval(r[0], r[0] + r[1])));
        }
    }

    @Override
    public void applyUpdate() {
        if (!pending) {
            throw new IllegalStateException("applyUpdate() without an accumulating backward() pass");
        }
        if (update == null) {
            INDArray flat = model.getGradientsViewArray();
            // DL4J's updater works on its own cached per-parameter views when handed a gradient
            // whose flat array is the network's gradient array itself; DefaultGradient.gradient()
            // returns a new reshaped view on every call, which sends the updater down a path that
            // creates fresh views of every parameter on every step. Same arithmetic, same memory.
            DefaultGradient g = new DefaultGradient(flat) {
                @Override
                public INDArray gradient() {
                    return flat;
                }
            };
            lastGradient.gradientForVariable().forEach(g::setGradientFor);
            update = g;
            paramsVector = params().reshape(params().length());
        }
        int it = iterationCount();
        if (!fusedUpdate(paramsVector, inView ? gradientVector() : accumulator, it, epochCount())) {
            if (!inView) {
                gradientVector().assign(accumulator);
            }
            runUpdater(update, it, epochCount());
            paramsVector.subi(gradientVector());
        }
        setIterationCount(it + 1);
        pending = false;
        inView = false;
    }

    @Override
    public void write(OutputStream out) throws IOException {
        ModelSerializer.writeModel(model, new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        }, true);
    }

    @Override
    public void restore(InputStream in) throws IOException {
        Model stored = restoreModel(new FilterInputStream(in) {
            @Override
            public void close() {
                // the caller owns the stream
            }
        });
        if (stored.numParams() != numParams()) {
            throw new IllegalArgumentException("stored network has " + stored.numParams()
                    + " parameters, this one " + numParams());
        }
        params().assign(stored.params());
        Dl4jNetwork storedNet = wrapSameKind(stored);
        INDArray state = updaterStateView();
        INDArray storedState = storedNet.updaterStateView();
        if (state != null && storedState != null) {
            if (state.length() != storedState.length()) {
                throw new IllegalArgumentException("stored optimizer state has " + storedState.length()
                        + " values, this network's " + state.length());
            }
            state.assign(storedState);
        }
        setIterationCount(storedNet.iterationCount());
        pending = false;
        inView = false;
    }

    @Override
    public void setUpdater(IUpdater updater) {
        if (updater == null) {
            throw new IllegalArgumentException("updater is null");
        }
        for (Layer layer : layers()) {
            if (layer.conf().getLayer() instanceof BaseLayer) {
                ((BaseLayer) layer.conf().getLayer()).setIUpdater(updater.clone());
            }
        }
        resetUpdater();
        pending = false;
        inView = false;
    }

    /** Discards the DL4J updater so that it is rebuilt from the layer configurations. */
    abstract void resetUpdater();

    /** Wraps a restored model of the same kind as this one. */
    abstract Dl4jNetwork wrapSameKind(Model stored);

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder(model.getClass().getSimpleName()).append('[');
        Layer[] layers = layers();
        for (int i = 0; i < layers.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(layers[i].conf().getLayer().getClass().getSimpleName());
        }
        return sb.append("] ").append(numParams()).append(" params").toString();
    }
}
