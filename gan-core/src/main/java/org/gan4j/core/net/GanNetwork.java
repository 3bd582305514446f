package org.gan4j.core.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The one seam between gan4j and a neural network: everything the training engine needs from a
 * generator or a discriminator. gan4j ships adapters for DL4J's {@code MultiLayerNetwork} and
 * {@code ComputationGraph} ({@link Networks#wrap}); a custom network implements this interface.
 *
 * <p>The network ends in a plain layer producing raw values (no loss/output layer): gan4j owns the
 * loss. Batches are the first dimension of every array.
 *
 * <p>Gradient protocol: {@link #forward} (training mode) then {@link #backward} with the gradient
 * of a scalar loss at the network's output. With {@code accumulate = true} the parameter gradient
 * is added to an accumulator and state updates of the pass (such as batch-norm running
 * statistics) are applied at once; {@link #applyUpdate()} then runs the network's own optimizer on
 * the accumulated gradient and clears it. With {@code accumulate = false} only the input gradient
 * is computed: parameters, optimizer state and statistics stay bit-identical.
 */
public interface GanNetwork {

    /** @return number of parameters, batch-norm running statistics included */
    long numParams();

    /** @return the live, flat parameter vector (a view: writes change the network) */
    INDArray params();

    /**
     * The trainable parameter views by name, without running statistics (used, for example, by
     * weight clipping). Writes change the network.
     *
     * @return an unmodifiable map from parameter name to live view
     */
    Map<String, INDArray> trainableParams();

    /** @return the live, flat optimizer state, or an empty array for a stateless optimizer */
    INDArray updaterState();

    /** @return how many updates {@link #applyUpdate()} has applied so far */
    long iteration();

    /**
     * Computes the output without changing any state of the network.
     *
     * @param input batch of inputs, shape {@code [n, ...]}
     * @param training whether to run in training mode (batch statistics, dropout)
     * @return the output, shape {@code [n, ...]}, detached from the network's memory
     */
    INDArray output(INDArray input, boolean training);

    /**
     * Training-mode forward pass that keeps what {@link #backward} needs.
     *
     * @param input batch of inputs, shape {@code [n, ...]}
     * @return the output, shape {@code [n, ...]}
     */
    INDArray forward(INDArray input);

    /**
     * Backward pass after {@link #forward}.
     *
     * @param outputGradient gradient of a scalar loss with respect to the last forward output
     *     (same shape); not modified
     * @param accumulate true to add the parameter gradient to the accumulator and apply the pass's
     *     state updates; false to leave the network untouched
     * @return the gradient of the loss with respect to the forward input (same shape as it)
     */
    INDArray backward(INDArray outputGradient, boolean accumulate);

    /**
     * Accumulating backward pass after {@link #forward} for a caller that does not need the input
     * gradient (an update of this network alone): the same as {@code backward(outputGradient,
     * true)} with the result dropped, which is what the default does. Adapters may skip computing
     * the input gradient (the native DL4J adapter skips its first dense layer's).
     *
     * @param outputGradient gradient of a scalar loss with respect to the last forward output
     *     (same shape); not modified
     */
    default void backwardParameters(INDArray outputGradient) {
        backward(outputGradient, true);
    }

    /**
     * How many training-mode forward passes the network can keep at the same time, each for its
     * own {@link #backwardParameters(INDArray, int)}. One unless an adapter keeps more; the native
     * adapter of {@link Networks#fast} keeps two. The engine uses two, when offered, to update a
     * batch-coupled discriminator from separate real and generated batches without running the
     * real batch forward a second time.
     *
     * @return at least 1
     */
    default int keptPasses() {
        return 1;
    }

    /**
     * Training-mode forward pass kept in slot {@code pass}; passes in other slots stay available
     * for backward. Slot 0 is the pass of {@link #forward(INDArray)} and {@link #backward}.
     *
     * @param input batch of inputs, shape {@code [n, ...]}
     * @param pass slot, from 0 to {@link #keptPasses()} - 1
     * @return the output, shape {@code [n, ...]}, valid until the next forward pass into that slot
     * @throws IllegalArgumentException when {@code pass} is outside that range
     */
    default INDArray forward(INDArray input, int pass) {
        Networks.checkedSlot(this, pass);
        return forward(input);
    }

    /**
     * {@link #backwardParameters(INDArray)} for the forward pass kept in slot {@code pass}. Passes
     * accumulate in the order they are called, as separate calls of the one-slot protocol would.
     *
     * @param outputGradient gradient of a scalar loss with respect to that pass's output (same
     *     shape); not modified
     * @param pass slot, from 0 to {@link #keptPasses()} - 1
     * @throws IllegalArgumentException when {@code pass} is outside that range
     */
    default void backwardParameters(INDArray outputGradient, int pass) {
        Networks.checkedSlot(this, pass);
        backwardParameters(outputGradient);
    }

    /** Runs the network's optimizer on the accumulated gradient, then clears the accumulator. */
    void applyUpdate();

    /**
     * Writes the whole network (configuration, parameters, optimizer state).
     *
     * @param out destination; not closed
     * @throws IOException on write failure
     */
    void write(OutputStream out) throws IOException;

    /**
     * Restores parameters, optimizer state and iteration count from what {@link #write} wrote for
     * a network of the same architecture.
     *
     * @param in source; not closed
     * @throws IOException on read failure
     * @throws IllegalArgumentException when the stored network has another parameter layout
     */
    void restore(InputStream in) throws IOException;

    /**
     * Whether one example's output depends on the other examples of its batch (batch
     * normalisation in training mode, or a layer whose configuration is a
     * {@link BatchCoupledLayer}). The engine then runs real and fake batches through
     * separate passes; otherwise it may join them in one pass, with identical results.
     *
     * @return true when examples of a batch interact
     */
    boolean batchCoupled();

    /** @return a short human-readable description of the architecture (for logs and provenance) */
    String describe();

    /**
     * Adds a gradient with respect to the flat parameter vector (same length and order as
     * {@link #params()}) to the accumulator, for penalties that act on the parameters themselves
     * (such as historical averaging). Entries at running statistics (batch-norm means and
     * variances) are ignored. Allowed only after an accumulating {@link #backward} pass and before
     * {@link #applyUpdate()}.
     *
     * @param gradient flat gradient, {@code [numParams]} or {@code [1, numParams]}; not modified
     * @throws IllegalArgumentException when its length differs from {@link #numParams()}
     * @throws IllegalStateException when no accumulating backward pass is pending
     * @throws UnsupportedOperationException when the network cannot accept external gradients
     */
    default void accumulateGradient(INDArray gradient) {
        throw new UnsupportedOperationException(getClass().getName() + " does not accept external gradients");
    }

    /**
     * Replaces the optimizer of every trainable layer (fresh optimizer state). Adapters of DL4J
     * networks support it; the default refuses, for networks that manage their own optimizer.
     *
     * @param updater the optimizer configuration, for example {@code new Adam(2e-4, 0.5, 0.999, 1e-8)}
     * @throws UnsupportedOperationException when the network cannot change its optimizer
     */
    default void setUpdater(IUpdater updater) {
        throw new UnsupportedOperationException(getClass().getName() + " does not support replacing its optimizer");
    }
}
